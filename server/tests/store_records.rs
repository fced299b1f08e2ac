//! Contacts and companies on both engines: saving every field, searching, sorting and
//! paging their lists, and the pickers' prefix searches.
mod common;

use app::domain::board::ContactId;
use app::domain::change::Actor;
use app::domain::company::{CompanyForm, CompanyId};
use app::domain::contact::{ContactForm, ContactRecord};
use app::domain::records::{RecordPage, RecordQuery};
use app::store::StoreError;
use common::deals::*;
use common::on_each_engine;
use serde_json::{json, Map};

fn query(search: &str, sort: &str, descending: bool, page: u32) -> RecordQuery {
    RecordQuery {
        search: search.into(),
        sort: sort.into(),
        descending,
        page,
        tag: String::new(),
    }
}

fn contact_names(page: &RecordPage<ContactRecord>) -> Vec<&str> {
    page.rows.iter().map(|c| c.name.as_str()).collect()
}

#[tokio::test]
async fn contacts_are_saved_with_every_field_and_edited() {
    on_each_engine(|store| async move {
        let (dana, _) = setup(&store).await;
        let globex = company(&store, "Globex", "globex.com").await;
        let form = ContactForm {
            first_name: " Ann ".into(),
            last_name: "Lee".into(),
            email: "Ann@Globex.test".into(),
            phone: "+1 555 0100".into(),
            company: globex.0.to_string(),
            owner: dana.id.0.to_string(),
            source: "Referral".into(),
            tags: "vip, partner, VIP".into(),
        };
        let mut custom = Map::new();
        custom.insert("region".into(), json!("EMEA"));
        let ann = store
            .save_contact(
                app::domain::change::Actor::System,
                None,
                &form.parse().unwrap(),
                &custom,
            )
            .await
            .unwrap();
        let record = store.contact_record(ann).await.unwrap();
        assert_eq!(
            (
                record.name.as_str(),
                record.first_name.as_str(),
                record.last_name.as_str()
            ),
            ("Ann Lee", "Ann", "Lee")
        );
        assert_eq!(record.email.as_deref(), Some("ann@globex.test"));
        assert_eq!(record.phone.as_deref(), Some("+1 555 0100"));
        assert_eq!(record.company, Some(named(globex.0, "Globex")));
        assert_eq!(record.owner, Some(named(dana.id.0, "Dana Scully")));
        assert_eq!(record.source.as_deref(), Some("Referral"));
        assert_eq!(record.tags, ["vip", "partner"]);
        assert_eq!(record.custom, custom);
        assert_eq!(
            record.form().parse().unwrap(),
            form.parse().unwrap(),
            "the edit form round-trips"
        );
        let summary = store.contact(ann).await.unwrap();
        assert_eq!(
            (summary.name.as_str(), summary.email.as_deref()),
            ("Ann Lee", Some("ann@globex.test"))
        );

        let edited = ContactForm {
            last_name: "Lee-Smith".into(),
            company: String::new(),
            tags: String::new(),
            ..form.clone()
        };
        let saved = store
            .save_contact(
                app::domain::change::Actor::System,
                Some(ann),
                &edited.parse().unwrap(),
                &custom,
            )
            .await
            .unwrap();
        assert_eq!(saved, ann);
        let record = store.contact_record(ann).await.unwrap();
        assert_eq!(record.name, "Ann Lee-Smith");
        assert_eq!((record.company, record.tags.len()), (None, 0));
        assert!(record.updated_at >= record.created_at);

        let missing = store
            .save_contact(
                app::domain::change::Actor::System,
                Some(ContactId(999_999)),
                &edited.parse().unwrap(),
                &custom,
            )
            .await
            .unwrap_err();
        assert!(
            matches!(missing, StoreError::NotFound("contact")),
            "{missing:?}"
        );
        assert!(matches!(
            store.contact_record(ContactId(999_999)).await,
            Err(StoreError::NotFound("contact"))
        ));
        let gone_company = ContactForm {
            company: "999999".into(),
            ..form
        };
        let err = store
            .save_contact(
                app::domain::change::Actor::System,
                None,
                &gone_company.parse().unwrap(),
                &Map::new(),
            )
            .await
            .unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::Invalid {
                    field: "company",
                    ..
                }
            ),
            "{err:?}"
        );
        let no_one = store
            .delete_contact(Actor::User(dana.id), ContactId(999_999))
            .await
            .unwrap_err();
        assert!(
            matches!(no_one, StoreError::NotFound("contact")),
            "{no_one:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn the_contacts_list_searches_sorts_and_pages() {
    on_each_engine(|store| async move {
        setup(&store).await;
        let globex = company(&store, "Globex", "globex.com").await;
        let initech = company(&store, "Initech", "initech.com").await;
        let with_company = |first: &str, last: &str, email: &str, company: Option<CompanyId>| {
            let form = ContactForm {
                first_name: first.into(),
                last_name: last.into(),
                email: email.into(),
                company: company.map(|c| c.0.to_string()).unwrap_or_default(),
                ..ContactForm::default()
            };
            form.parse().unwrap()
        };
        for fields in [
            with_company("Ann", "Lee", "ann@globex.test", Some(globex)),
            with_company("bob", "Stone", "bob@initech.test", Some(initech)),
            with_company("Cher", "", "", None),
            with_company("Dave", "Globe", "dave@other.test", None),
        ] {
            store
                .save_contact(
                    app::domain::change::Actor::System,
                    None,
                    &fields,
                    &Map::new(),
                )
                .await
                .unwrap();
        }
        let page = |q: RecordQuery| {
            let store = store.clone();
            async move { store.contact_page(&q).await.unwrap() }
        };

        let by_name = page(query("", "", false, 1)).await;
        assert_eq!(
            contact_names(&by_name),
            ["Ann Lee", "bob Stone", "Cher", "Dave Globe"],
            "by name, any case"
        );
        assert_eq!(by_name.total, 4);
        assert_eq!(
            contact_names(&page(query("", "name", true, 1)).await),
            ["Dave Globe", "Cher", "bob Stone", "Ann Lee"]
        );
        assert_eq!(
            contact_names(&page(query("", "company", false, 1)).await),
            ["Ann Lee", "bob Stone", "Cher", "Dave Globe"],
            "no company comes last"
        );
        assert_eq!(
            contact_names(&page(query("", "company", true, 1)).await),
            ["bob Stone", "Ann Lee", "Dave Globe", "Cher"],
            "no company comes last either way"
        );
        assert_eq!(
            contact_names(&page(query("", "email", true, 1)).await),
            ["Dave Globe", "bob Stone", "Ann Lee", "Cher"]
        );

        let glob = page(query(" GLOB ", "", false, 1)).await;
        assert_eq!(
            contact_names(&glob),
            ["Ann Lee", "Dave Globe"],
            "company name, email or name"
        );
        assert_eq!(glob.total, 2);
        assert_eq!(
            contact_names(&page(query("initech", "", false, 1)).await),
            ["bob Stone"]
        );
        assert_eq!(
            page(query("%", "", false, 1)).await.total,
            0,
            "wildcards are searched as typed"
        );

        for i in 0..55 {
            let fields = with_company("Zed", &format!("{i:02}"), "", None);
            store
                .save_contact(
                    app::domain::change::Actor::System,
                    None,
                    &fields,
                    &Map::new(),
                )
                .await
                .unwrap();
        }
        let first = page(query("", "", false, 1)).await;
        assert_eq!((first.rows.len(), first.total, first.pages()), (50, 59, 2));
        let second = page(query("", "", false, 2)).await;
        assert_eq!((second.rows.len(), second.page), (9, 2));
        let past_the_end = page(query("", "", false, 5000)).await;
        assert_eq!(
            (past_the_end.rows.len(), past_the_end.page),
            (9, 2),
            "a page past the end shows the last page"
        );
        assert_eq!(second.rows[0].name, "Zed 46");
        let zeds = page(query("zed", "created", true, 2)).await;
        assert_eq!((zeds.total, zeds.rows.len()), (55, 5));
        assert_eq!(
            zeds.rows.last().map(|c| c.name.as_str()),
            Some("Zed 00"),
            "newest first"
        );

        let picked = |q: &'static str, limit: i64| {
            let store = store.clone();
            async move {
                store
                    .search_contacts(q, limit)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|c| c.name)
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(picked("LE", 10).await, ["Ann Lee"], "last name prefix");
        assert_eq!(picked("ANN@", 10).await, ["Ann Lee"], "email prefix");
        assert_eq!(picked("dave glo", 10).await, ["Dave Globe"]);
        assert_eq!(picked("", 3).await.len(), 3);
        assert_eq!(picked("nobody", 10).await.len(), 0);
    })
    .await;
}

#[tokio::test]
async fn companies_are_saved_searched_and_count_their_contacts_and_deals() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let actor = Actor::User(dana.id);
        let form = CompanyForm {
            name: "Globex".into(),
            domain: "https://www.Globex.com/about".into(),
            phone: "+1 555 0199".into(),
            address: "1 Cypress Creek".into(),
        };
        let globex = store
            .save_company(None, &form.parse().unwrap())
            .await
            .unwrap();
        let initech = company(&store, "Initech", "initech.com").await;
        company(&store, "acme Rockets", "").await;
        let record = store.company(globex, viewer(&dana)).await.unwrap();
        assert_eq!(record.domain.as_deref(), Some("globex.com"));
        assert_eq!(
            (record.phone.as_deref(), record.address.as_deref()),
            (Some("+1 555 0199"), Some("1 Cypress Creek"))
        );
        assert_eq!((record.contacts, record.deals), (0, 0));

        for (first, last) in [("Bob", "Stone"), ("Ann", "Lee")] {
            let fields = ContactForm {
                first_name: first.into(),
                last_name: last.into(),
                company: globex.0.to_string(),
                ..ContactForm::default()
            };
            store
                .save_contact(
                    app::domain::change::Actor::System,
                    None,
                    &fields.parse().unwrap(),
                    &Map::new(),
                )
                .await
                .unwrap();
        }
        let deal = globex_in_prospecting(&store, actor, &sales).await;
        link(&store, actor, deal.id, linked_company(globex)).await;
        let record = store.company(globex, viewer(&dana)).await.unwrap();
        assert_eq!((record.contacts, record.deals), (2, 1));
        let people: Vec<String> = store
            .company_contacts(globex)
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(people, ["Ann Lee", "Bob Stone"]);
        assert!(store.company_contacts(initech).await.unwrap().is_empty());

        let everything = viewer(&dana);
        let names = |q: RecordQuery| {
            let store = store.clone();
            async move {
                let page = store.company_page(&q, everything).await.unwrap();
                let names: Vec<String> = page.rows.into_iter().map(|c| c.name).collect();
                (names, page.total)
            }
        };
        assert_eq!(
            names(query("", "", false, 1)).await,
            (
                vec!["acme Rockets".into(), "Globex".into(), "Initech".into()],
                3
            )
        );
        assert_eq!(
            names(query("", "domain", false, 1)).await.0,
            ["Globex", "Initech", "acme Rockets"],
            "no domain comes last"
        );
        assert_eq!(
            names(query("", "name", true, 1)).await.0,
            ["Initech", "Globex", "acme Rockets"]
        );
        assert_eq!(
            names(query("INIT", "", false, 1)).await,
            (vec!["Initech".into()], 1)
        );
        assert_eq!(
            names(query("globex.com", "", false, 1)).await.0,
            ["Globex"],
            "by domain"
        );
        assert_eq!(
            names(query("_", "", false, 1)).await.1,
            0,
            "wildcards are searched as typed"
        );
        let picked: Vec<String> = store
            .search_companies("initech.c", 10)
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(picked, ["Initech"], "domain prefix");
        let picked = store.search_companies("GLO", 10).await.unwrap();
        assert_eq!(picked, [named(globex.0, "Globex")]);
        assert_eq!(store.search_companies("", 2).await.unwrap().len(), 2);

        let renamed = CompanyForm {
            name: "Globex Corporation".into(),
            ..form
        };
        store
            .save_company(Some(globex), &renamed.parse().unwrap())
            .await
            .unwrap();
        let ann = store.search_contacts("ann", 1).await.unwrap()[0].id;
        assert_eq!(
            store.contact_record(ann).await.unwrap().company,
            Some(named(globex.0, "Globex Corporation"))
        );
        assert!(matches!(
            store
                .save_company(Some(CompanyId(999_999)), &renamed.parse().unwrap())
                .await,
            Err(StoreError::NotFound("company"))
        ));
        assert!(matches!(
            store.company(CompanyId(999_999), viewer(&dana)).await,
            Err(StoreError::NotFound("company"))
        ));
    })
    .await;
}
