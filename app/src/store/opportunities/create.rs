//! Creating deals, one from the dialog or many at once (seeding; later, import): the same
//! rules, the same `created` events, Won/Lost notes and duplicate rule.
use super::super::contacts::{contact_name, insert_contact};
use super::super::pipelines::{load_pipeline, load_pipelines, stage_pipeline};
use super::super::{Store, StoreError};
use super::board::Viewer;
use super::conditions::visible_sql;
use super::edit::sync_contact_owner;
use super::load_deal;
use super::log::{self, actor_name, milestone_note, Entry};
use super::service::{stage_ref, stage_value, stages_of};
use crate::domain::account::UserId;
use crate::domain::board::{Card, ContactId, OpportunityId, Pipeline};
use crate::domain::change::{Actor, EventKind};
use crate::domain::contact::NewContact;
use crate::domain::deal::DealFields;
use crate::domain::opportunity::{transition, Requested, StageRef, Standing, Status};
use crate::domain::pipeline::{StageId, StageKind};
use serde_json::json;
use sqlx::{Any, Transaction};

/// The contact a new deal is for: one already known, or one typed in the dialog.
#[derive(Debug, Clone)]
pub enum ContactChoice {
    Existing(ContactId),
    New(NewContact),
}

#[derive(Debug, Clone)]
pub struct NewOpportunity {
    pub fields: DealFields,
    /// `None`: unattached (no pipeline).
    pub stage: Option<StageId>,
    pub status: Status,
    pub contact: Option<ContactChoice>,
    pub owner: Option<UserId>,
}

/// Where a new deal starts: the status rules applied to a blank deal. A deal in a
/// pipeline always has a stage; when the rules leave none (Open or Abandoned with a
/// closed stage named), it starts in the first open stage.
pub(in crate::store) fn starting_standing(
    pipeline: Option<&Pipeline>,
    stage: Option<StageId>,
    status: Status,
) -> Result<(Standing, Option<crate::domain::opportunity::Milestone>), StoreError> {
    let requested = Requested {
        stage: match (pipeline, stage) {
            (Some(p), Some(id)) => Some(stage_ref(p, id)?),
            _ => None,
        },
        status: Some(status),
    };
    let blank = Standing {
        status: Status::Open,
        stage: None,
        stage_before_close: None,
    };
    let stages = pipeline.and_then(stages_of);
    let outcome = transition(blank, requested, stages);
    let first_open = stages.and_then(|p| p.first_open).map(|id| StageRef {
        id,
        kind: StageKind::Open,
    });
    let standing = Standing {
        stage: outcome.standing.stage.or(first_open),
        ..outcome.standing
    };
    Ok((standing, outcome.milestone))
}

/// What a `created` event records: the deal as it started.
pub(in crate::store) fn created_snapshot(
    pipeline: Option<&Pipeline>,
    standing: &Standing,
    fields: &DealFields,
    owner: Option<UserId>,
    contact: Option<ContactId>,
) -> serde_json::Value {
    json!({
        "name": fields.name,
        "value_minor": fields.value_minor,
        "status": standing.status.key(),
        "stage": stage_value(pipeline, standing.stage.map(|s| s.id)),
        "source": fields.source,
        "expected_close_date": fields.expected_close.map(|d| d.to_string()),
        "owner_id": owner.map(|o| o.0),
        "contact_id": contact.map(|c| c.0),
    })
}

/// Inserts one deal with its contact link, `created` event and any milestone note.
pub(in crate::store) async fn insert_new(
    tx: &mut Transaction<'_, Any>,
    actor: Actor,
    pipeline: Option<&Pipeline>,
    new: &NewOpportunity,
    contact: Option<ContactId>,
    now: i64,
) -> Result<OpportunityId, StoreError> {
    let (standing, milestone) = starting_standing(pipeline, new.stage, new.status)?;
    let fields = &new.fields;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO opportunities (name, value_minor, pipeline_id, stage_id, status, stage_entered_at, source, \
         expected_close_date, owner_id, version, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $6, $6) RETURNING id",
    )
    .bind(&fields.name)
    .bind(fields.value_minor)
    .bind(pipeline.map(|p| p.id.0))
    .bind(standing.stage.map(|s| s.id.0))
    .bind(standing.status.key())
    .bind(now)
    .bind(fields.source.clone())
    .bind(fields.expected_close.map(|d| d.to_string()))
    .bind(new.owner.map(|o| o.0))
    .fetch_one(&mut **tx)
    .await?;
    let id = OpportunityId(id);
    if let Some(contact) = contact {
        sqlx::query("INSERT INTO opportunity_contacts (opportunity_id, contact_id, is_primary) VALUES ($1, $2, 1)")
            .bind(id.0)
            .bind(contact.0)
            .execute(&mut **tx)
            .await?;
        if new.owner.is_some() {
            sync_contact_owner(tx, id, new.owner, now).await?;
        }
    }
    let snapshot = created_snapshot(pipeline, &standing, fields, new.owner, contact);
    let created = Entry {
        kind: EventKind::Created,
        field: None,
        before: None,
        after: Some(snapshot),
    };
    log::record(tx, id, actor, now, created).await?;
    if let Some(milestone) = milestone {
        log::note(tx, id, actor, now, &milestone_note(milestone, None)).await?;
    }
    Ok(id)
}

/// DOMAIN.md: unless `Allow multiple opportunities per contact` is on, a contact has at
/// most one deal per pipeline. The deal in the way is named only to someone who may
/// see it (`actor`'s rights).
async fn refuse_duplicate(
    tx: &mut Transaction<'_, Any>,
    actor: Actor,
    contact: ContactId,
    pipeline: &Pipeline,
) -> Result<(), StoreError> {
    let (allowed,): (i64,) = sqlx::query_as(
        "SELECT allow_multiple_opportunities_per_contact FROM workspace WHERE id = 1",
    )
    .fetch_one(&mut **tx)
    .await?;
    if allowed != 0 {
        return Ok(());
    }
    let viewer = Viewer::acting(&mut **tx, actor).await?;
    // A deal they may see is named first.
    let name_if_visible = format!("CASE WHEN {} THEN o.name END", visible_sql(viewer));
    let sql = format!(
        "SELECT {name_if_visible} FROM opportunity_contacts oc \
         JOIN opportunities o ON o.id = oc.opportunity_id \
         WHERE oc.contact_id = $1 AND o.pipeline_id = $2 \
         ORDER BY ({name_if_visible}) IS NULL LIMIT 1"
    );
    let existing: Option<(Option<String>,)> = sqlx::query_as(&sql)
        .bind(contact.0)
        .bind(pipeline.id.0)
        .fetch_optional(&mut **tx)
        .await?;
    let Some((deal,)) = existing else {
        return Ok(());
    };
    let name = contact_name(tx, contact).await?;
    let message = match deal {
        Some(deal) => format!(
            "{name} already has an opportunity in {}: \u{201c}{deal}\u{201d}. Work on that one, or pick another pipeline. (An admin can allow several opportunities per contact.)",
            pipeline.name
        ),
        None => format!(
            "{name} already has an opportunity in {} that you cannot see. Ask its owner or an admin about it, or pick another pipeline. (An admin can allow several opportunities per contact.)",
            pipeline.name
        ),
    };
    Err(StoreError::Invalid {
        field: "contact",
        message,
    })
}

/// The contact of a new deal: checked if chosen, inserted if typed.
async fn resolve_contact(
    tx: &mut Transaction<'_, Any>,
    choice: Option<&ContactChoice>,
    owner: Option<UserId>,
    now: i64,
) -> Result<Option<ContactId>, StoreError> {
    Ok(match choice {
        Some(ContactChoice::Existing(id)) => {
            contact_name(tx, *id).await?;
            Some(*id)
        }
        Some(ContactChoice::New(contact)) => Some(insert_contact(tx, contact, owner, now).await?),
        None => None,
    })
}

impl Store {
    /// Creates a deal, its contact when typed in, its `created` event and any Won/Lost note.
    pub async fn create_opportunity(
        &self,
        actor: Actor,
        new: NewOpportunity,
    ) -> Result<Card, StoreError> {
        let mut tx = self.write_transaction().await?;
        let pipeline = match new.stage {
            Some(stage) => {
                let id = stage_pipeline(&mut tx, stage).await?;
                Some(load_pipeline(&mut tx, id).await?)
            }
            None => None,
        };
        let now = self.now();
        let contact = resolve_contact(&mut tx, new.contact.as_ref(), new.owner, now).await?;
        if let (Some(contact), Some(pipeline)) = (contact, &pipeline) {
            refuse_duplicate(&mut tx, actor, contact, pipeline).await?;
        }
        let id = insert_new(&mut tx, actor, pipeline.as_ref(), &new, contact, now).await?;
        let card = load_deal(&mut *tx, id).await?.card;
        let by = actor_name(&mut *tx, actor).await?;
        tx.commit().await?;
        self.wake_workflows();
        self.feed()
            .deal_changed(None, Some(card.clone()), Vec::new(), by);
        Ok(card)
    }

    /// Creates many deals in one transaction per `chunk` (all or none of a chunk), by the
    /// same rules as one. Boards are told to reload once at the end rather than per deal.
    pub async fn create_opportunities_in_bulk(
        &self,
        actor: Actor,
        deals: &[NewOpportunity],
        chunk: usize,
    ) -> Result<usize, StoreError> {
        let pipelines = load_pipelines(self.pool(), None).await?;
        let pipeline_of = |stage: Option<StageId>| {
            stage.and_then(|s| pipelines.iter().find(|p| p.stage(s).is_some()))
        };
        let mut created = 0;
        for part in deals.chunks(chunk.max(1)) {
            let mut tx = self.write_transaction().await?;
            let now = self.now();
            for new in part {
                let pipeline = match (new.stage, pipeline_of(new.stage)) {
                    (Some(_), None) => return Err(StoreError::NotFound("stage")),
                    (_, pipeline) => pipeline,
                };
                let contact =
                    resolve_contact(&mut tx, new.contact.as_ref(), new.owner, now).await?;
                // A contact created just now has no other deal to collide with.
                let known = matches!(new.contact, Some(ContactChoice::Existing(_)));
                if let (true, Some(contact), Some(pipeline)) = (known, contact, pipeline) {
                    refuse_duplicate(&mut tx, actor, contact, pipeline).await?;
                }
                insert_new(&mut tx, actor, pipeline, new, contact, now).await?;
            }
            tx.commit().await?;
            created += part.len();
        }
        self.reload_boards().await?;
        Ok(created)
    }
}
