//! `dealflow seed-demo` and the first-run page's demo option: a sales team, three
//! pipelines, a few hundred contacts and deals, and a year of moves, wins and losses.
use super::names::{COMPANIES, FIRST_NAMES, LAST_NAMES, LOST_REASONS, PRODUCTS, SOURCES};
use super::sales_team;
use crate::domain::account::{EmailAddress, UserId};
use crate::domain::board::{ContactId, Pipeline};
use crate::domain::change::Actor;
use crate::domain::contact::NewContact;
use crate::domain::date::Date;
use crate::domain::deal::DealFields;
use crate::domain::opportunity::Status;
use crate::domain::pipeline::{closed_stages, default_stages, Probability, StageKind, StagePlan};
use crate::store::opportunities::create::{ContactChoice, NewOpportunity};
use crate::store::opportunities::service::StandingChange;
use crate::store::{Store, StoreError};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

const DAY_MS: i64 = 86_400_000;
const DEALS: usize = 320;
const TEAM: [(&str, &str); 4] = [
    ("Ana Ortiz", "ana.ortiz@demo.dealflow.example"),
    ("Ben Carter", "ben.carter@demo.dealflow.example"),
    ("Chloe Park", "chloe.park@demo.dealflow.example"),
    ("Dev Patel", "dev.patel@demo.dealflow.example"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoSummary {
    pub pipelines: usize,
    pub deals: usize,
    pub contacts: usize,
}

fn plan(open: &[(&str, i64)]) -> Result<Vec<StagePlan>, StoreError> {
    let mut stages = Vec::new();
    for (name, percent) in open {
        stages.push(StagePlan {
            name: name.to_string(),
            kind: StageKind::Open,
            probability: Probability::for_open_stage(*percent)
                .map_err(|e| StoreError::Refused(e.to_string()))?,
        });
    }
    stages.extend(closed_stages());
    Ok(stages)
}

/// Fills the workspace with demo data, recorded as `admin` and the demo team's work.
pub async fn seed_demo(store: &Store, admin: UserId) -> Result<DemoSummary, StoreError> {
    let now = store.now();
    let year_ago = now - 365 * DAY_MS;
    let mut rng = StdRng::seed_from_u64(2026);
    let mut team = sales_team(store, &TEAM).await?;
    team.push(admin);

    let past = store.as_of(year_ago);
    let pipelines = [
        past.create_pipeline("Sales Pipeline", &default_stages())
            .await?,
        past.create_pipeline(
            "Renewals",
            &plan(&[
                ("Upcoming", 30),
                ("In discussion", 55),
                ("Contract sent", 85),
            ])?,
        )
        .await?,
        past.create_pipeline(
            "Partnerships",
            &plan(&[("Intro call", 10), ("Pilot", 40), ("Agreement", 70)])?,
        )
        .await?,
    ];

    // People at the companies: one contact per deal in a pipeline (the duplicate rule).
    let mut contacts: Vec<(ContactId, Vec<i64>)> = Vec::new();
    let mut created_contacts = 0;
    let mut deals = 0;
    for i in 0..DEALS {
        let pipeline = &pipelines[match i % 10 {
            0..=5 => 0,
            6..=8 => 1,
            _ => 2,
        }];
        let (company, domain) = COMPANIES[rng.gen_range(0..COMPANIES.len())];
        let owner = *team.choose(&mut rng).unwrap_or(&admin);
        let created = now - rng.gen_range(2..=360) * DAY_MS - rng.gen_range(0..DAY_MS);
        let reuse = contacts
            .iter()
            .position(|(_, used)| !used.contains(&pipeline.id.0))
            .filter(|_| rng.gen_bool(0.3));
        let contact = match reuse {
            Some(at) => {
                contacts[at].1.push(pipeline.id.0);
                ContactChoice::Existing(contacts[at].0)
            }
            None => {
                let first = FIRST_NAMES[rng.gen_range(0..FIRST_NAMES.len())];
                let last = LAST_NAMES[rng.gen_range(0..LAST_NAMES.len())];
                let email = EmailAddress::parse(&format!(
                    "{}.{}{}@{domain}",
                    first.to_lowercase(),
                    last.to_lowercase(),
                    i
                ))
                .ok();
                ContactChoice::New(NewContact {
                    name: format!("{first} {last}"),
                    email,
                    phone: Some(format!("+1 555 {:04}", rng.gen_range(0..10_000))),
                })
            }
        };
        let close = Date::from_unix_ms(created + rng.gen_range(20..=120) * DAY_MS);
        let fields = DealFields {
            name: format!("{company} {}", PRODUCTS[rng.gen_range(0..PRODUCTS.len())]),
            value_minor: rng.gen_range(10..=1_200) * 10_000,
            source: Some(SOURCES[rng.gen_range(0..SOURCES.len())].to_string()),
            expected_close: Some(close),
        };
        let first_stage = pipeline.stages.first().map(|s| s.id);
        let new = NewOpportunity {
            fields,
            stage: first_stage,
            status: Status::Open,
            contact: Some(contact.clone()),
            owner: Some(owner),
        };
        let mut card = store
            .as_of(created)
            .create_opportunity(Actor::User(owner), new)
            .await?;
        if let (ContactChoice::New(_), Some(c)) = (&contact, &card.contact) {
            contacts.push((ContactId(c.id), vec![pipeline.id.0]));
            created_contacts += 1;
        }
        deals += 1;
        let mut at = created;
        for change in history(pipeline, &mut rng) {
            at += rng.gen_range(2..=21) * DAY_MS;
            if at > now - 3_600_000 {
                break;
            }
            card = store
                .as_of(at)
                .change_standing(Actor::User(owner), card.id, card.version, change)
                .await?;
        }
    }
    Ok(DemoSummary {
        pipelines: pipelines.len(),
        deals,
        contacts: created_contacts,
    })
}

/// The changes a deal goes through: some steps forward, then perhaps won, lost or abandoned.
fn history(pipeline: &Pipeline, rng: &mut StdRng) -> Vec<StandingChange> {
    let open: Vec<_> = pipeline
        .stages
        .iter()
        .filter(|s| s.kind == StageKind::Open)
        .collect();
    let steps = rng.gen_range(0..open.len());
    let mut changes: Vec<StandingChange> = open[1..=steps]
        .iter()
        .map(|s| StandingChange {
            stage: Some(s.id),
            ..Default::default()
        })
        .collect();
    let roll: f64 = rng.gen();
    let ending = if roll < 0.28 {
        Some(StandingChange {
            status: Some(Status::Won),
            ..Default::default()
        })
    } else if roll < 0.45 {
        Some(StandingChange {
            status: Some(Status::Lost),
            lost_reason: LOST_REASONS.choose(rng).map(|r| r.to_string()),
            ..Default::default()
        })
    } else if roll < 0.5 {
        Some(StandingChange {
            status: Some(Status::Abandoned),
            ..Default::default()
        })
    } else {
        None
    };
    changes.extend(ending);
    changes
}
