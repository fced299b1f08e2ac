//! What each row of an import does: create a deal, update the one it matches, be
//! skipped, or fail with a reason. The review and the running job plan rows the same
//! way, so the review's counts are what the import does.
use super::super::opportunities::create::starting_standing;
use super::super::opportunities::edit::FieldEdit;
use super::super::opportunities::service::StandingChange;
use super::lookup::ChunkLookups;
use crate::domain::account::UserId;
use crate::domain::board::Pipeline;
use crate::domain::date::Date;
use crate::domain::import::row::{Change, RowValues, Workspace};
use crate::domain::import::ImportOptions;
use crate::domain::opportunity::{Milestone, Standing, Status};
use crate::domain::pipeline::{PipelineId, StageId};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// A new deal, every name resolved and every rule applied.
#[derive(Debug, Clone)]
pub struct NewDeal {
    pub row: u64,
    pub name: String,
    pub value_minor: i64,
    pub pipeline: Option<PipelineId>,
    pub standing: Standing,
    pub milestone: Option<Milestone>,
    pub source: Option<String>,
    pub expected_close: Option<Date>,
    pub owner: Option<UserId>,
    pub lost_reason: Option<String>,
    pub external_id: Option<String>,
    pub custom: Map<String, Value>,
    pub contact: Option<RecordRef>,
    /// Tags added to the contact.
    pub contact_tags: Vec<String>,
    pub company: Option<RecordRef>,
}

/// The changes a row makes to the deal it matches (only those that differ).
#[derive(Debug, Clone)]
pub struct UpdatePlan {
    pub row: u64,
    pub deal: i64,
    pub version: i64,
    pub name: String,
    pub edits: Vec<FieldEdit>,
    pub standing: StandingChange,
    pub primary_contact: Option<RecordRef>,
    /// The contact the row tags (its own, else the deal's primary one) and the tags.
    pub contact_tags: Option<(RecordRef, Vec<String>)>,
    pub company: Option<RecordRef>,
}

#[derive(Debug, Clone)]
pub enum Planned {
    Create(Box<NewDeal>),
    Update(Box<UpdatePlan>),
    Skip(String),
    Fail(String),
    /// Matches a deal that an earlier row of this chunk creates: the job writes that
    /// one first and plans the row again (a review counts it as an update).
    AfterPending(u64),
}

/// Plans rows one after another, remembering what earlier rows of the file do.
pub struct Planner<'a> {
    pub workspace: &'a Workspace,
    pub options: ImportOptions,
    pub allow_multiple: bool,
    /// Who runs the import: the owner of contacts it creates for deals without one.
    pub importer: UserId,
    /// External IDs that earlier rows create (as hashes: a review of a million rows
    /// keeps them all), with their row.
    creating: HashMap<u64, u64>,
    /// (contact, pipeline) pairs earlier rows give a deal, with their row.
    taken: HashMap<(Holder, i64), u64>,
}

/// A contact as the duplicate rule tells contacts apart: stored, or to be created.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Holder {
    Stored(i64),
    New(u64),
}

impl Holder {
    fn of(contact: &RecordRef) -> Holder {
        match contact {
            RecordRef::Stored(id) => Holder::Stored(*id),
            RecordRef::New(record) => {
                Holder::New(key_hash(&format!("{} {}", record.by, record.key)))
            }
        }
    }
}

/// A row's contact as planned: who it is, and how messages name it.
pub(super) type PlannedContact = (RecordRef, String);

/// A mapped cell's effect on a stored field: `None` keeps it, `Some(None)` clears it.
fn set<T>(change: &Change<T>) -> Option<Option<&T>> {
    match change {
        Change::Keep => None,
        Change::Clear => Some(None),
        Change::Set(v) => Some(Some(v)),
    }
}

/// Why a row with tags but no contact fails.
const NO_CONTACT_TO_TAG: &str =
    "Contact tags: the row names no contact to add them to; fill in its contact or clear its tags";

/// A stable 64-bit hash of a key; two external IDs sharing one is vanishingly unlikely.
fn key_hash(key: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut hasher);
    hasher.finish()
}

fn quoted(text: &str) -> String {
    format!("\u{201c}{text}\u{201d}")
}

impl<'a> Planner<'a> {
    pub fn new(
        workspace: &'a Workspace,
        options: ImportOptions,
        allow_multiple: bool,
        importer: UserId,
    ) -> Self {
        Planner {
            workspace,
            options,
            allow_multiple,
            importer,
            creating: HashMap::new(),
            taken: HashMap::new(),
        }
    }

    /// Forgets what earlier rows do once they are written (the database knows then).
    pub fn written(&mut self) {
        self.creating.clear();
        self.taken.clear();
    }

    /// Forgets what the rows up to `row` do: they are written, while later rows may still
    /// be on their way to the database and stay remembered.
    pub fn written_up_to(&mut self, row: u64) {
        self.creating.retain(|_, r| *r > row);
        self.taken.retain(|_, r| *r > row);
    }

    pub fn plan(&mut self, row: u64, values: &RowValues, found: &ChunkLookups) -> Planned {
        match self.decide(row, values, found) {
            Ok(planned) => planned,
            Err(reason) => Planned::Fail(reason),
        }
    }

    fn decide(
        &mut self,
        row: u64,
        values: &RowValues,
        found: &ChunkLookups,
    ) -> Result<Planned, String> {
        if let Some(ext) = values
            .external_id
            .as_ref()
            .filter(|ext| found.hidden_external_ids.contains(*ext))
        {
            return Err(format!(
                "external ID {ext} belongs to a deal you cannot see; ask its owner or an admin to import this row"
            ));
        }
        let by_id = values.id.map(|id| found.deals.get(&id.0).ok_or(id.0));
        let by_external = values
            .external_id
            .as_ref()
            .and_then(|ext| found.external_ids.get(ext))
            .and_then(|id| found.deals.get(id));
        let matched = match (by_id, by_external) {
            (Some(Ok(a)), Some(b)) if a.id != b.id => {
                return Err(format!(
                    "ID {} and external ID {} belong to different deals",
                    a.id,
                    b.external_id.as_deref().unwrap_or_default()
                ))
            }
            (Some(Ok(deal)), _) | (_, Some(deal)) => Some(deal),
            _ => None,
        };
        let mode = self.options.mode;
        if let Some(deal) = matched {
            if !mode.updates() {
                return Ok(Planned::Skip(format!(
                    "matches {} (ID {}); updating matches is off",
                    quoted(&deal.name),
                    deal.id
                )));
            }
            return self.update(row, values, deal, found);
        }
        if let Some(first) = values
            .external_id
            .as_deref()
            .and_then(|e| self.creating.get(&key_hash(e)))
        {
            return Ok(match mode.updates() {
                true => Planned::AfterPending(*first),
                false => Planned::Skip(format!(
                    "external ID {} is also on row {first}, which creates that deal",
                    values.external_id.as_deref().unwrap_or_default()
                )),
            });
        }
        if !mode.creates() {
            let key = match (values.id, &values.external_id) {
                (Some(id), _) => format!("ID {}", id.0),
                (None, Some(ext)) => format!("external ID {ext}"),
                (None, None) => {
                    return Ok(Planned::Skip(
                        "has no ID or external ID to match; creating is off".into(),
                    ))
                }
            };
            return Ok(Planned::Skip(format!(
                "no deal has {key}; creating deals is off"
            )));
        }
        self.create(row, values, found)
    }

    /// DOMAIN.md's duplicate rule, against stored deals (other than `own`) and the rows
    /// before this one.
    fn refuse_duplicate(
        &mut self,
        row: u64,
        (contact, contact_name): &PlannedContact,
        pipeline: &Pipeline,
        own: Option<i64>,
        found: &ChunkLookups,
    ) -> Result<(), String> {
        if self.allow_multiple {
            return Ok(());
        }
        let key = (Holder::of(contact), pipeline.id.0);
        let stored = contact
            .stored()
            .and_then(|id| found.contact_deals.get(&(id, pipeline.id.0)))
            .and_then(|deals| deals.iter().find(|(id, _)| Some(*id) != own));
        if let Some((_, deal)) = stored {
            let which = match deal {
                Some(name) => format!(": {}", quoted(name)),
                None => " that you cannot see".into(),
            };
            return Err(format!(
                "{contact_name} already has an opportunity in {}{which} (an admin can allow several opportunities per contact)",
                pipeline.name,
            ));
        }
        match self.taken.get(&key) {
            Some(earlier) if *earlier != row => Err(format!(
                "{contact_name} already has an opportunity in {} from row {earlier} of this file",
                pipeline.name
            )),
            _ => {
                self.taken.insert(key, row);
                Ok(())
            }
        }
    }

    /// The stage a row names, in `pipeline` when known (else the chosen default pipeline
    /// first, then any pipeline that has it).
    fn named_stage(&self, pipeline: Option<PipelineId>, name: &str) -> Result<StageId, String> {
        let ws = self.workspace;
        if pipeline.is_some() {
            return ws.stage(pipeline, name);
        }
        let Some(default) = ws.default_pipeline(&self.options) else {
            return ws.stage(None, name);
        };
        // Not in the default pipeline: another pipeline may have it; if none does, say
        // it is missing from the pipeline the row would go to.
        ws.stage(Some(default.id), name)
            .or_else(|missing| match ws.stage(None, name) {
                Ok(stage) => Ok(stage),
                Err(_)
                    if !ws.pipelines.iter().any(|p| {
                        p.id != default.id
                            && p.stages
                                .iter()
                                .any(|s| s.name.eq_ignore_ascii_case(name.trim()))
                    }) =>
                {
                    Err(missing)
                }
                Err(several) => Err(several),
            })
    }

    fn custom_values(
        &self,
        values: &RowValues,
        mut into: Map<String, Value>,
    ) -> Map<String, Value> {
        for (index, value) in &values.custom {
            let key = &self.workspace.fields[*index].key;
            crate::domain::custom_field::set_value(&mut into, key, value.clone());
        }
        into
    }

    fn create(
        &mut self,
        row: u64,
        values: &RowValues,
        found: &ChunkLookups,
    ) -> Result<Planned, String> {
        let ws = self.workspace;
        let name = values
            .name
            .clone()
            .ok_or("Name is empty: every new deal needs a name")?;
        let stage = match &values.stage {
            Some(stage) => Some(self.named_stage(values.pipeline, stage)?),
            None => None,
        };
        let pipeline = match (stage, values.pipeline) {
            (Some(stage), _) => ws.pipeline_of(stage),
            (None, Some(id)) => ws.pipeline(id),
            (None, None) => ws.default_pipeline(&self.options),
        };
        let status = values.status.unwrap_or(Status::Open);
        let (standing, milestone) =
            starting_standing(pipeline, stage, status).map_err(|e| e.to_string())?;
        let owner = values.owner.for_new().copied();
        let contact = self.contact(values, found, owner.map(|o| o.0))?;
        if contact.is_none() && !values.contact_tags.is_empty() {
            return Err(NO_CONTACT_TO_TAG.into());
        }
        if let (Some(contact), Some(pipeline)) = (&contact, pipeline) {
            self.refuse_duplicate(row, contact, pipeline, None, found)?;
        }
        let company = self.company(values, found)?;
        if let Some(ext) = &values.external_id {
            self.creating.insert(key_hash(ext), row);
        }
        Ok(Planned::Create(Box::new(NewDeal {
            row,
            name,
            value_minor: values.value_minor.for_new().copied().unwrap_or(0),
            pipeline: pipeline.map(|p| p.id),
            standing,
            milestone,
            source: values.source.for_new().cloned(),
            expected_close: values.expected_close.for_new().copied(),
            owner,
            lost_reason: values
                .lost_reason
                .for_new()
                .filter(|_| standing.status == Status::Lost)
                .cloned(),
            external_id: values.external_id.clone(),
            custom: self.custom_values(values, Map::new()),
            contact: contact.map(|(contact, _)| contact),
            contact_tags: values.contact_tags.clone(),
            company,
        })))
    }
}

mod records;
mod update;

pub use records::{NewRecord, RecordRef};

#[cfg(test)]
mod tests;
