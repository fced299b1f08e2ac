//! Writing one chunk of an import inside the chunk's transaction: new deals in a few
//! multi-row statements (with their `created` events, Won/Lost notes and links),
//! updates one deal at a time through the same code as the profile page, and the rows
//! applied, the rows failed and the progress, so a resumed job starts after this chunk.
use super::super::opportunities::create::created_snapshot;
use super::super::opportunities::edit::write_field;
use super::super::opportunities::links::{link_company, link_contact, make_primary, record_link};
use super::super::opportunities::log::milestone_note;
use super::super::opportunities::service::{change_standing_in, lock_at_version};
use super::super::{Engine, StoreError};
use super::batch::{insert_values, set_contact_owners, Param};
use super::created::{ensure_records, RecordKind, Resolved};
use super::plan::{NewDeal, RecordRef, UpdatePlan};
use super::tags::add_contact_tags;
use crate::domain::board::{ContactId, OpportunityId};
use crate::domain::change::Actor;
use crate::domain::company::CompanyId;
use crate::domain::deal::DealFields;
use crate::domain::import::row::Workspace;
use crate::domain::import::ImportCounts;
use sqlx::{Any, Transaction};

/// `count` fresh deal ids, taken from the table's own sequence so ordinary inserts that
/// follow never collide with them.
async fn reserve_ids(
    tx: &mut Transaction<'_, Any>,
    engine: Engine,
    count: usize,
) -> Result<Vec<i64>, StoreError> {
    match engine {
        Engine::Postgres => {
            let rows: Vec<(i64,)> = sqlx::query_as(
                "SELECT nextval(pg_get_serial_sequence('opportunities', 'id')) FROM generate_series(1, $1)",
            )
            .bind(count as i64)
            .fetch_all(&mut **tx)
            .await?;
            Ok(rows.into_iter().map(|(id,)| id).collect())
        }
        Engine::Sqlite => {
            // AUTOINCREMENT never reuses an id: start after the highest ever handed out.
            let (last,): (i64,) = sqlx::query_as(
                "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'opportunities'), 0), \
                 COALESCE((SELECT MAX(id) FROM opportunities), 0))",
            )
            .fetch_one(&mut **tx)
            .await?;
            Ok((1..=count as i64).map(|i| last + i).collect())
        }
    }
}

/// Finds or creates the contacts and companies `contacts` and `companies` name for
/// import `import`: companies first, as contacts may come to belong to them.
async fn resolve_records<'r>(
    tx: &mut Transaction<'_, Any>,
    engine: Engine,
    at: (i64, i64),
    contacts: impl Iterator<Item = &'r RecordRef>,
    companies: impl Iterator<Item = &'r RecordRef>,
) -> Result<Resolved, StoreError> {
    let mut resolved = Resolved::default();
    let news = |refs: Vec<&'r RecordRef>| refs.into_iter().filter_map(RecordRef::new_record);
    let (contacts, companies): (Vec<_>, Vec<_>) = (contacts.collect(), companies.collect());
    ensure_records(
        tx,
        engine,
        at,
        RecordKind::Company,
        news(companies),
        &mut resolved,
    )
    .await?;
    ensure_records(
        tx,
        engine,
        at,
        RecordKind::Contact,
        news(contacts),
        &mut resolved,
    )
    .await?;
    Ok(resolved)
}

/// The import an actor is, for the records it creates.
fn batch_of(actor: Actor) -> i64 {
    match actor {
        Actor::Import { batch } => batch,
        _ => 0,
    }
}

/// Inserts new deals with everything a deal created in the dialog gets, and the
/// contacts and companies they name that do not exist yet. Returns each deal's (row, id).
pub async fn create_deals(
    tx: &mut Transaction<'_, Any>,
    engine: Engine,
    actor: Actor,
    workspace: &Workspace,
    deals: &[NewDeal],
    now: i64,
) -> Result<Vec<(u64, i64)>, StoreError> {
    if deals.is_empty() {
        return Ok(Vec::new());
    }
    let resolved = resolve_records(
        tx,
        engine,
        (batch_of(actor), now),
        deals.iter().filter_map(|d| d.contact.as_ref()),
        deals.iter().filter_map(|d| d.company.as_ref()),
    )
    .await?;
    let contact_of = |deal: &NewDeal| {
        deal.contact
            .as_ref()
            .and_then(|c| resolved.id(RecordKind::Contact, c))
    };
    let ids = reserve_ids(tx, engine, deals.len()).await?;
    let (actor_kind, actor_id, actor_step) = actor.columns();
    let mut deal_params = Vec::with_capacity(deals.len() * 17);
    let mut events = Vec::with_capacity(deals.len() * 9);
    // Each created deal's outbox row for the workflow matcher (see `workflows::outbox`).
    let mut outbox = Vec::with_capacity(deals.len() * 8);
    let mut notes = Vec::new();
    let mut contacts = Vec::new();
    let mut companies = Vec::new();
    for (deal, id) in deals.iter().zip(&ids) {
        let standing = &deal.standing;
        let custom = serde_json::Value::Object(deal.custom.clone()).to_string();
        deal_params.extend([
            Param::Int(Some(*id)),
            Param::Text(Some(deal.name.clone())),
            Param::Int(Some(deal.value_minor)),
            Param::Int(deal.pipeline.map(|p| p.0)),
            Param::Int(standing.stage.map(|s| s.id.0)),
            Param::Text(Some(standing.status.key().to_string())),
            Param::Int(standing.stage_before_close.map(|s| s.0)),
            Param::Int(Some(now)),
            Param::Text(deal.source.clone()),
            Param::Text(deal.expected_close.map(|d| d.to_string())),
            Param::Int(deal.owner.map(|o| o.0)),
            Param::Text(deal.lost_reason.clone()),
            Param::Text(deal.external_id.clone()),
            Param::Text(Some(custom)),
            Param::Int(Some(1)),
            Param::Int(Some(now)),
            Param::Int(Some(now)),
        ]);
        let pipeline = deal.pipeline.and_then(|p| workspace.pipeline(p));
        let fields = DealFields {
            name: deal.name.clone(),
            value_minor: deal.value_minor,
            source: deal.source.clone(),
            expected_close: deal.expected_close,
        };
        let contact = contact_of(deal).map(ContactId);
        let snapshot = created_snapshot(pipeline, standing, &fields, deal.owner, contact);
        let detail = serde_json::json!({ "field": null, "before": null, "after": snapshot });
        outbox.extend([
            Param::Text(Some("opportunity".into())),
            Param::Int(Some(*id)),
            Param::Text(Some("created".into())),
            Param::Text(Some(detail.to_string())),
            Param::Text(Some(actor_kind.to_string())),
            Param::Int(actor_id),
            Param::Int(actor_step),
            Param::Int(Some(now)),
        ]);
        events.extend([
            Param::Int(Some(*id)),
            Param::Int(Some(now)),
            Param::Text(Some(actor_kind.to_string())),
            Param::Int(actor_id),
            Param::Int(actor_step),
            Param::Text(Some("created".into())),
            Param::Text(Some(snapshot.to_string())),
        ]);
        if let Some(milestone) = deal.milestone {
            notes.extend([
                Param::Int(Some(*id)),
                Param::Text(Some("system".into())),
                Param::Text(Some(milestone_note(milestone, deal.lost_reason.as_deref()))),
                Param::Text(Some(actor_kind.to_string())),
                Param::Int(actor_id),
                Param::Int(actor_step),
                Param::Int(Some(now)),
            ]);
        }
        if let Some(contact) = contact_of(deal) {
            contacts.extend([
                Param::Int(Some(*id)),
                Param::Int(Some(contact)),
                Param::Int(Some(1)),
            ]);
        }
        let company = deal.company.as_ref();
        if let Some(company) = company.and_then(|c| resolved.id(RecordKind::Company, c)) {
            companies.extend([Param::Int(Some(*id)), Param::Int(Some(company))]);
        }
    }
    insert_values(
        tx,
        engine,
        "INSERT INTO opportunities (id, name, value_minor, pipeline_id, stage_id, status, stage_before_close, \
         stage_entered_at, source, expected_close_date, owner_id, lost_reason, external_id, custom_fields, version, \
         created_at, updated_at)",
        17,
        deal_params,
    )
    .await
    .map_err(|e| match e {
        StoreError::Database(db) => super::super::unique_or(
            db,
            StoreError::Refused("Another change gave one of these external IDs to a deal meanwhile.".into()),
        ),
        other => other,
    })?;
    insert_values(
        tx,
        engine,
        "INSERT INTO opportunity_events (opportunity_id, at, actor_kind, actor_id, actor_step, kind, after_value)",
        7,
        events,
    )
    .await?;
    insert_values(
        tx,
        engine,
        "INSERT INTO workflow_events (subject, subject_id, kind, detail, actor_kind, actor_id, actor_step, at)",
        8,
        outbox,
    )
    .await?;
    insert_values(
        tx,
        engine,
        "INSERT INTO activities (opportunity_id, kind, body, actor_kind, actor_id, actor_step, created_at)",
        7,
        notes,
    )
    .await?;
    insert_values(
        tx,
        engine,
        "INSERT INTO opportunity_contacts (opportunity_id, contact_id, is_primary)",
        3,
        contacts,
    )
    .await?;
    insert_values(
        tx,
        engine,
        "INSERT INTO opportunity_companies (opportunity_id, company_id)",
        2,
        companies,
    )
    .await?;
    let tagged = deals
        .iter()
        .filter(|d| !d.contact_tags.is_empty())
        .filter_map(|d| Some((contact_of(d)?, d.contact_tags.as_slice())));
    add_contact_tags(tx, (engine, actor), tagged, now).await?;
    // Each new deal's owner becomes its contact's owner (when the workspace syncs them);
    // the last deal of a contact wins, as if they had been created one after another.
    let owners = deals
        .iter()
        .filter_map(|deal| Some((contact_of(deal)?, deal.owner?.0)));
    set_contact_owners(tx, engine, owners, now).await?;
    Ok(deals.iter().map(|d| d.row).zip(ids).collect())
}

/// Applies one row's changes to its deal, if nobody changed it since it was read.
/// Returns `false` when, after all, nothing changed.
pub async fn update_deal(
    tx: &mut Transaction<'_, Any>,
    (engine, actor): (Engine, Actor),
    plan: &UpdatePlan,
    now: i64,
) -> Result<bool, StoreError> {
    let id = OpportunityId(plan.deal);
    lock_at_version(tx, id, plan.version, now).await?;
    let resolved = resolve_records(
        tx,
        engine,
        (batch_of(actor), now),
        plan.primary_contact.iter(),
        plan.company.iter(),
    )
    .await?;
    let mut changed = false;
    for edit in &plan.edits {
        changed |= write_field(tx, actor, id, edit, now).await?;
    }
    let standing = plan.standing.clone();
    if standing.stage.is_some() || standing.status.is_some() || standing.lost_reason.is_some() {
        let current = super::super::opportunities::load_deal(&mut **tx, id).await?;
        changed |= change_standing_in(tx, actor, &current, standing, now).await?;
    }
    let contact = plan.primary_contact.as_ref();
    if let Some(contact) = contact.and_then(|c| resolved.id(RecordKind::Contact, c)) {
        let contact = ContactId(contact);
        if let Some(entry) = link_contact(tx, id, contact, true).await? {
            record_link(tx, actor, id, entry, now).await?;
        }
        if let Some(entry) = make_primary(tx, id, contact).await? {
            record_link(tx, actor, id, entry, now).await?;
        }
        changed = true;
    }
    if let Some((contact, tags)) = &plan.contact_tags {
        // A new contact here is the row's primary one, resolved above.
        let tagged = resolved
            .id(RecordKind::Contact, contact)
            .map(|c| (c, tags.as_slice()));
        changed |= add_contact_tags(tx, (engine, actor), tagged.into_iter(), now).await?;
    }
    let company = plan.company.as_ref();
    if let Some(company) = company.and_then(|c| resolved.id(RecordKind::Company, c)) {
        if let Some(entry) = link_company(tx, id, CompanyId(company), true).await? {
            record_link(tx, actor, id, entry, now).await?;
            changed = true;
        }
    }
    Ok(changed)
}

/// What a chunk leaves behind besides the deals: the rows it applied and failed, and
/// the progress a resumed job starts after.
pub struct ChunkRecord<'a> {
    pub engine: Engine,
    pub import: i64,
    pub applied: &'a [(u64, i64, &'static str)],
    pub failures: &'a [(u64, String)],
    pub skips: &'a [(u64, String)],
    pub rows_done: u64,
    pub counts: ImportCounts,
}

pub async fn record_chunk(
    tx: &mut Transaction<'_, Any>,
    record: ChunkRecord<'_>,
) -> Result<(), StoreError> {
    let mut applied = Vec::with_capacity(record.applied.len() * 4);
    for (row, deal, action) in record.applied {
        applied.extend([
            Param::Int(Some(record.import)),
            Param::Int(Some(*row as i64)),
            Param::Int(Some(*deal)),
            Param::Text(Some(action.to_string())),
        ]);
    }
    insert_values(
        tx,
        record.engine,
        "INSERT INTO import_rows (import_id, row_number, opportunity_id, action)",
        4,
        applied,
    )
    .await?;
    for (table, rows) in [
        ("import_failures", record.failures),
        ("import_skips", record.skips),
    ] {
        let mut params = Vec::with_capacity(rows.len() * 3);
        for (row, reason) in rows {
            params.extend([
                Param::Int(Some(record.import)),
                Param::Int(Some(*row as i64)),
                Param::Text(Some(reason.clone())),
            ]);
        }
        let head = format!("INSERT INTO {table} (import_id, row_number, reason)");
        insert_values(tx, record.engine, &head, 3, params).await?;
    }
    let c = record.counts;
    sqlx::query(
        "UPDATE imports SET rows_done = $1, created = created + $2, updated = updated + $3, \
         skipped = skipped + $4, failed = failed + $5 WHERE id = $6",
    )
    .bind(record.rows_done as i64)
    .bind(c.created as i64)
    .bind(c.updated as i64)
    .bind(c.skipped as i64)
    .bind(c.failed as i64)
    .bind(record.import)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
