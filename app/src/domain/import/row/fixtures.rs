//! A small workspace for tests of reading and planning rows: two pipelines that share a
//! stage name, active, deactivated and same-named users, and a number field.
use super::Workspace;
use crate::domain::account::{Role, User, UserId};
use crate::domain::board::{Pipeline, Stage};
use crate::domain::currency::Currency;
use crate::domain::custom_field::{CustomField, CustomFieldId, FieldEntity, FieldKind};
use crate::domain::pipeline::{PipelineId, Probability, StageId, StageKind};

pub fn pipeline(id: i64, name: &str, open: &[&str]) -> Pipeline {
    let mut stages: Vec<Stage> = open
        .iter()
        .enumerate()
        .map(|(i, s)| Stage {
            id: StageId(id * 10 + i as i64),
            pipeline_id: PipelineId(id),
            name: s.to_string(),
            kind: StageKind::Open,
            probability: Probability::for_open_stage(50).unwrap(),
            position: i as i64,
        })
        .collect();
    for (offset, (name, kind, probability)) in [
        ("Closed Won", StageKind::Won, Probability::WON),
        ("Closed Lost", StageKind::Lost, Probability::LOST),
    ]
    .into_iter()
    .enumerate()
    {
        stages.push(Stage {
            id: StageId(id * 10 + 8 + offset as i64),
            pipeline_id: PipelineId(id),
            name: name.to_string(),
            kind,
            probability,
            position: 8 + offset as i64,
        });
    }
    Pipeline {
        id: PipelineId(id),
        name: name.to_string(),
        stages,
    }
}

pub fn user(id: i64, name: &str, email: &str, active: bool) -> User {
    User {
        id: UserId(id),
        name: name.into(),
        email: email.into(),
        role: Role::User,
        only_assigned_data: false,
        active,
        must_change_password: false,
    }
}

pub fn workspace() -> Workspace {
    Workspace {
        pipelines: vec![
            pipeline(1, "Sales", &["Prospecting", "Negotiation"]),
            pipeline(2, "Renewals", &["Negotiation", "Signed"]),
        ],
        users: vec![
            user(1, "Dana Scully", "dana@example.com", true),
            user(2, "Fox Mulder", "fox@example.com", false),
            user(3, "Sam Lee", "sam1@example.com", true),
            user(4, "Sam Lee", "sam2@example.com", true),
        ],
        fields: vec![CustomField {
            id: CustomFieldId(5),
            entity: FieldEntity::Opportunity,
            key: "seats".into(),
            label: "Seats".into(),
            kind: FieldKind::Number,
            options: vec![],
        }],
        currency: Currency::parse("USD").unwrap(),
    }
}
