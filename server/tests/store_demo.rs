//! The demo data on both engines: companies with their people and deals, custom fields
//! filled in on most deals, and activities on the deals' timelines.
mod common;

use app::domain::activity::ActivityDetails;
use app::domain::company::CompanyForm;
use app::domain::custom_field::{FieldEntity, FieldKind};
use app::domain::date::Date;
use app::domain::records::RecordQuery;
use app::seed::seed_demo;
use app::store::opportunities::board::Viewer;
use app::store::opportunities::list::LinkedTo;
use common::custom::{definition, field};
use common::deals::workspace;
use common::on_each_engine;
use std::collections::{BTreeSet, HashSet};

fn page(page: u32) -> RecordQuery {
    RecordQuery {
        page,
        ..RecordQuery::default()
    }
}

/// A workspace where someone already added Globex and a "Seats" field (or the demo
/// was added before): the demo uses them rather than adding them twice.
#[tokio::test]
async fn the_demo_fills_companies_custom_fields_and_timelines() {
    on_each_engine(|store| async move {
        let admin = workspace(&store).await;
        let globex = CompanyForm {
            name: "Globex".into(),
            domain: "globex.example".into(),
            phone: "+1 555 0100".into(),
            address: "1 Main Street, Springfield".into(),
        };
        let globex = store
            .save_company(None, &globex.parse().unwrap())
            .await
            .unwrap();
        let seats = definition("opportunity", "Seats", "number", "");
        let seats = store.add_custom_field(&seats).await.unwrap();
        let summary = seed_demo(&store, admin.id).await.unwrap();
        assert_eq!((summary.pipelines, summary.deals), (3, 320));

        let viewer = Viewer {
            user: admin.id,
            only_assigned: false,
        };
        let companies = store.company_page(&page(1), viewer).await.unwrap().rows;
        assert_eq!(companies.len(), summary.companies);
        assert!(companies.len() > 20, "{} companies", companies.len());
        let names: HashSet<&str> = companies.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names.len(), companies.len(), "each company once");
        assert!(companies.iter().any(|c| c.id == globex && c.deals > 0));
        for company in &companies {
            let filled = [&company.domain, &company.phone, &company.address];
            assert!(filled.iter().all(|f| f.is_some()), "{company:?}");
            assert!(company.deals > 0 && company.contacts > 0, "{company:?}");
        }

        let mut contacts = 0;
        let pages = store.contact_page(&page(1)).await.unwrap().pages();
        for n in 1..=pages {
            let rows = store.contact_page(&page(n)).await.unwrap().rows;
            contacts += rows.len();
            assert!(rows.iter().all(|c| c.company.is_some()), "page {n}");
        }
        assert_eq!(contacts, summary.contacts);

        let fields = store.custom_fields(FieldEntity::Opportunity).await.unwrap();
        assert_eq!(fields.len(), 2, "each field once");
        assert_eq!(
            field(&store, FieldEntity::Opportunity, "seats").await.id,
            seats
        );
        let segment = field(&store, FieldEntity::Opportunity, "segment").await;
        assert_eq!(segment.kind, FieldKind::SingleSelect);
        assert_eq!(segment.options, ["SMB", "Mid-market", "Enterprise"]);

        let now = store.now();
        let today = Date::from_unix_ms(now);
        let (mut deals, mut with_fields) = (HashSet::new(), 0);
        let (mut activities, mut kinds, mut upcoming_tasks) = (0, BTreeSet::new(), 0);
        for company in &companies {
            let linked = LinkedTo::Company(company.id);
            for row in store.linked_deals(linked, viewer).await.unwrap() {
                assert!(deals.insert(row.card.id), "{} linked twice", row.card.name);
                let segment = row.custom.get("segment").and_then(|v| v.as_str());
                let seats = row.custom.get("seats").and_then(|v| v.as_str());
                if let (Some(segment), Some(seats)) = (segment, seats) {
                    assert!(["SMB", "Mid-market", "Enterprise"].contains(&segment));
                    assert!(seats.parse::<u32>().unwrap() > 0);
                    with_fields += 1;
                }
                let timeline = store.timeline(row.card.id).await.unwrap();
                for (at, activity) in timeline
                    .into_iter()
                    .filter_map(|e| Some((e.at, e.activity?)))
                {
                    assert!(at >= row.created_at && at <= now, "logged during the deal");
                    activities += 1;
                    kinds.insert(activity.details.kind_key());
                    if let ActivityDetails::Task {
                        due: Some(due),
                        assignee: Some(_),
                        done: false,
                        ..
                    } = activity.details
                    {
                        assert!(due > today, "{due} is coming up");
                        upcoming_tasks += 1;
                    }
                }
            }
        }
        assert_eq!(deals.len(), summary.deals, "every deal has one company");
        assert!(
            with_fields * 4 > summary.deals * 3,
            "{with_fields} with fields"
        );
        assert_eq!(activities, summary.activities);
        assert!(activities > 100, "{activities} activities");
        assert_eq!(kinds, BTreeSet::from(["call", "meeting", "note", "task"]));
        assert!(upcoming_tasks > 10, "{upcoming_tasks} upcoming tasks");
    })
    .await;
}
