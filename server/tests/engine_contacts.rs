//! Opportunity actions from contact triggers on both databases: Create Opportunity
//! gives later steps no deal in context, Find Opportunity branches on Found / Not Found,
//! Add Owner syncs the contact, and Remove Opportunity deletes the contact's deal.
mod common;

use app::domain::account::UserId;
use app::domain::activity::ActivityTarget;
use app::domain::change::{Actor, EventKind};
use app::domain::opportunity::Status;
use app::domain::workflow::listing::{RunRecord, StepStatus};
use app::domain::workflow::{Action, Condition, Operator, Pick, TriggerEvent};
use common::deals::*;
use common::on_each_engine;
use common::workflows::*;
use serde_json::json;

#[tokio::test]
async fn create_opportunity_on_a_contact_then_update_has_no_deal_in_context() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        // On a contact trigger this flow cannot be published (its Update Opportunity
        // could never act); started by hand on a contact, it runs and says so.
        let on_contacts = workflow(
            "New lead",
            vec![when(TriggerEvent::ContactCreated)],
            vec![step(1, "Update it", move_to(stage(&sales, "Proposal")))],
        );
        let refused = store.create_workflow(dana.id, &on_contacts).await.unwrap();
        let problems = store.publish_workflow(refused, dana.id).await.unwrap_err();
        assert!(
            problems.to_string().contains("no trigger brings one"),
            "{problems}"
        );
        let definition = workflow(
            "New lead",
            vec![when(TriggerEvent::Manual {
                records: app::domain::workflow::ManualRecords::Any,
            })],
            vec![
                step(
                    1,
                    "Open a deal",
                    Action::CreateOpportunity {
                        pipeline: sales.id,
                        stage: None,
                        name: Some("{{contact.first_name}} consult".into()),
                        source: Some("Website".into()),
                        value: Some("250".into()),
                        status: None,
                        allow_duplicate: false,
                        custom_fields: Default::default(),
                    },
                ),
                step(2, "Update it", move_to(stage(&sales, "Proposal"))),
                step(
                    3,
                    "Note",
                    Action::AddNote {
                        body: "Created {{opportunity.name}} in {{pipeline.name}}".into(),
                    },
                ),
            ],
        );
        let id = publish(&store, &dana, &definition).await;
        let ann = contact(&store, "Ann", "Perkins", "ann@example.com").await;
        store
            .enroll_manually(id, &[RunRecord::Contact(ann.0)])
            .await
            .unwrap();
        settle(&store).await;
        let runs = runs_of(&store, id).await;
        let (run, log) = &runs[0];
        assert_eq!(run.record, RunRecord::Contact(ann.0));
        assert_eq!(
            log.iter().map(|s| s.status).collect::<Vec<_>>(),
            [StepStatus::Done, StepStatus::Skipped, StepStatus::Done]
        );
        assert!(
            log[1].message.contains("no opportunity in context"),
            "{}",
            log[1].message
        );
        let deals = store.linked_deals_of_contact(ann).await;
        assert_eq!(deals.len(), 1);
        let created = store.card(deals[0], viewer(&dana)).await.unwrap();
        assert_eq!(
            (created.name.as_str(), created.value_minor, created.stage_id),
            ("Ann consult", 25_000, Some(stage(&sales, "Prospecting")))
        );
        let activities = store
            .record_activities(ActivityTarget::Opportunity(created.id.0), viewer(&dana))
            .await
            .unwrap();
        assert!(
            format!("{activities:?}").contains("Created Ann consult in Sales"),
            "merge fields show the created deal"
        );
    })
    .await;
}

#[tokio::test]
async fn find_opportunity_takes_found_or_not_found_and_add_owner_syncs_the_contact() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        sqlx::query("UPDATE workspace SET sync_contact_owner = 1")
            .execute(store.pool())
            .await
            .unwrap();
        let fox = store
            .create_user(&new_user("Fox Mulder", "fox@acme.test", false))
            .await
            .unwrap();
        let definition = workflow(
            "Route VIPs",
            vec![when(TriggerEvent::ContactTagAdded {
                tag: Some("vip".into()),
            })],
            vec![step(
                1,
                "Find open deal",
                Action::FindOpportunity {
                    pick: Pick::Latest,
                    filters: vec![Condition {
                        field: "opportunity.status".into(),
                        operator: Operator::Is,
                        value: json!("Open"),
                    }],
                    found: vec![step(
                        2,
                        "Give to Fox",
                        Action::AddOwner {
                            user: fox.id,
                            only_unassigned: true,
                        },
                    )],
                    not_found: vec![step(
                        3,
                        "Open one",
                        Action::CreateOpportunity {
                            pipeline: sales.id,
                            stage: None,
                            name: None,
                            source: None,
                            value: None,
                            status: None,
                            allow_duplicate: false,
                            custom_fields: Default::default(),
                        },
                    )],
                },
            )],
        );
        let id = publish(&store, &dana, &definition).await;
        let ann = contact(&store, "Ann", "Perkins", "ann@example.com").await;
        let mut new = deal("Ann's deal", "10", Some(stage(&sales, "Prospecting")));
        new.contact = Some(app::store::opportunities::create::ContactChoice::Existing(
            ann,
        ));
        let card = store
            .create_opportunity(Actor::User(dana.id), new)
            .await
            .unwrap();
        tag(&store, ann, &["vip"]).await;
        settle(&store).await;
        assert_eq!(
            store
                .card(card.id, viewer(&dana))
                .await
                .unwrap()
                .owner
                .map(|o| UserId(o.id)),
            Some(fox.id)
        );
        assert_eq!(
            contact_owner(&store, ann).await,
            Some(fox.id.0),
            "owner sync from settings"
        );
        let log = &runs_of(&store, id).await[0].1;
        assert_eq!(
            log.iter().map(|s| s.step).collect::<Vec<_>>(),
            [Some(1), Some(2)]
        );
        // Bob has no deal: Not Found creates one named after him.
        let bob = contact(&store, "Bob", "Loblaw", "bob@example.com").await;
        tag(&store, bob, &["vip"]).await;
        settle(&store).await;
        let log = &runs_of(&store, id).await[1].1;
        assert_eq!(
            log.iter().map(|s| s.step).collect::<Vec<_>>(),
            [Some(1), Some(3)]
        );
        let deals = store.linked_deals_of_contact(bob).await;
        assert_eq!(
            store.card(deals[0], viewer(&dana)).await.unwrap().name,
            "Bob Loblaw"
        );
    })
    .await;
}

#[tokio::test]
async fn remove_opportunity_deletes_the_contacts_deal_in_the_chosen_pipeline() {
    on_each_engine(|store| async move {
        let (dana, sales) = setup(&store).await;
        let other = store
            .create_pipeline("Renewals", &app::domain::pipeline::default_stages())
            .await
            .unwrap();
        let definition = workflow(
            "Unsubscribed",
            vec![when(TriggerEvent::ContactTagAdded {
                tag: Some("stop".into()),
            })],
            vec![step(
                1,
                "Remove",
                Action::RemoveOpportunity { pipeline: sales.id },
            )],
        );
        publish(&store, &dana, &definition).await;
        let ann = contact(&store, "Ann", "Perkins", "ann@example.com").await;
        let mut ids = Vec::new();
        for (name, pipeline) in [("In sales", &sales), ("In renewals", &other)] {
            let mut new = deal(name, "10", Some(stage(pipeline, "Prospecting")));
            new.contact = Some(app::store::opportunities::create::ContactChoice::Existing(
                ann,
            ));
            ids.push(
                store
                    .create_opportunity(Actor::User(dana.id), new)
                    .await
                    .unwrap()
                    .id,
            );
        }
        tag(&store, ann, &["stop"]).await;
        settle(&store).await;
        assert!(
            store.card(ids[0], viewer(&dana)).await.is_err(),
            "the sales deal is gone"
        );
        assert!(
            store.card(ids[1], viewer(&dana)).await.is_ok(),
            "the renewals deal stays"
        );
        let events = store.opportunity_events(ids[0]).await.unwrap();
        assert_eq!(events.last().map(|e| e.kind), Some(EventKind::Deleted));
        let _ = Status::Open;
    })
    .await;
}

/// Sets a contact's tags through the contact form's save, as a person does.
async fn tag(store: &app::store::Store, id: app::domain::board::ContactId, tags: &[&str]) {
    let record = store.contact_record(id).await.unwrap();
    let fields = app::domain::contact::ContactFields {
        first_name: record.first_name,
        last_name: record.last_name,
        email: record
            .email
            .as_deref()
            .and_then(|e| app::domain::account::EmailAddress::parse(e).ok()),
        phone: record.phone,
        company: record.company.map(|c| c.id),
        owner: record.owner.map(|o| UserId(o.id)),
        source: record.source,
        tags: tags.iter().map(|t| t.to_string()).collect(),
    };
    store
        .save_contact(Actor::System, Some(id), &fields, &record.custom)
        .await
        .unwrap();
}

trait LinkedDeals {
    async fn linked_deals_of_contact(
        &self,
        contact: app::domain::board::ContactId,
    ) -> Vec<app::domain::board::OpportunityId>;
}

impl LinkedDeals for app::store::Store {
    async fn linked_deals_of_contact(
        &self,
        contact: app::domain::board::ContactId,
    ) -> Vec<app::domain::board::OpportunityId> {
        let rows: Vec<(i64,)> = sqlx::query_as("SELECT opportunity_id FROM opportunity_contacts WHERE contact_id = $1 ORDER BY opportunity_id")
            .bind(contact.0)
            .fetch_all(self.pool())
            .await
            .unwrap();
        rows.into_iter()
            .map(|(id,)| app::domain::board::OpportunityId(id))
            .collect()
    }
}
