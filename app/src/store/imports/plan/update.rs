//! How a row changes the deal it matches: only the fields that differ, a move or status
//! change through the status/stage rules, links, and the duplicate rule when the deal's
//! contact or pipeline changes.
use super::{set, Planned, Planner, RecordRef, UpdatePlan, NO_CONTACT_TO_TAG};
use crate::domain::board::Pipeline;
use crate::domain::import::row::{Change, RowValues};
use crate::domain::opportunity::{transition, Requested, StageRef, Standing, Status};
use crate::domain::pipeline::{PipelineId, StageId};
use crate::store::imports::lookup::{ChunkLookups, ExistingDeal};
use crate::store::opportunities::edit::FieldEdit;
use crate::store::opportunities::service::{stages_of, StandingChange};

impl<'a> Planner<'a> {
    pub(super) fn update(
        &mut self,
        row: u64,
        values: &RowValues,
        deal: &ExistingDeal,
        found: &ChunkLookups,
    ) -> Result<Planned, String> {
        let ws = self.workspace;
        let mut edits = Vec::new();
        let mut edit = |changed: bool, edit: FieldEdit| {
            if changed {
                edits.push(edit);
            }
        };
        if let Some(name) = &values.name {
            edit(*name != deal.name, FieldEdit::Name(name.clone()));
        }
        if let Some(value) = set(&values.value_minor) {
            let minor = value.copied().unwrap_or(0);
            edit(minor != deal.value_minor, FieldEdit::Value(minor));
        }
        if let Some(source) = set(&values.source) {
            edit(
                source != deal.source.as_ref(),
                FieldEdit::Source(source.cloned()),
            );
        }
        if let Some(date) = set(&values.expected_close) {
            let text = date.map(|d| d.to_string());
            edit(
                text != deal.expected_close_date,
                FieldEdit::ExpectedClose(date.copied()),
            );
        }
        if let Some(owner) = set(&values.owner) {
            let id = owner.map(|o| o.0);
            edit(id != deal.owner_id, FieldEdit::Owner(owner.copied()));
        }
        if let Some(ext) = &values.external_id {
            if deal.external_id.as_ref() != Some(ext) {
                if let Some(other) = found.external_ids.get(ext).filter(|o| **o != deal.id) {
                    return Err(format!(
                        "external ID {ext} already belongs to the deal with ID {other}"
                    ));
                }
                edit(true, FieldEdit::ExternalId(Some(ext.clone())));
            }
        }
        let current = deal.custom_values();
        for (index, value) in &values.custom {
            let field = &ws.fields[*index];
            if current.get(&field.key) != value.as_ref() {
                edits.push(FieldEdit::Custom {
                    key: field.key.clone(),
                    label: field.label.clone(),
                    value: value.clone(),
                    text: value.as_ref().map(|v| field.display(v, ws.currency)),
                });
            }
        }
        let (standing, pipeline) = self.standing_change(values, deal)?;
        let owner = match &values.owner {
            Change::Set(owner) => Some(owner.0),
            _ => deal.owner_id,
        };
        let contact = self.contact(values, found, owner)?;
        let primary_contact = contact
            .as_ref()
            .map(|(contact, _)| contact.clone())
            .filter(|c| c.stored().is_none() || c.stored() != deal.primary_contact);
        let contact_tags = match values.contact_tags.is_empty() {
            true => None,
            false => {
                let tagged = contact.as_ref().map(|(c, _)| c.clone());
                let tagged = tagged.or(deal.primary_contact.map(RecordRef::Stored));
                Some((
                    tagged.ok_or(NO_CONTACT_TO_TAG)?,
                    values.contact_tags.clone(),
                ))
            }
        };
        let contact_to_check = contact.or_else(|| {
            deal.primary_contact
                .map(|id| (RecordRef::Stored(id), String::new()))
        });
        if let (Some(contact), Some(pipeline)) = (&contact_to_check, pipeline) {
            let moved = Some(pipeline.id.0) != deal.pipeline_id;
            if moved || primary_contact.is_some() {
                let named = match contact.1.is_empty() {
                    true => (contact.0.clone(), "This deal's contact".to_string()),
                    false => contact.clone(),
                };
                self.refuse_duplicate(row, &named, pipeline, Some(deal.id), found)?;
            }
        }
        let company = self
            .company(values, found)?
            .filter(|c| c.stored().is_none_or(|id| !deal.companies.contains(&id)));
        // Whether the contact lacks a tag is known once written: a row whose contact has
        // them all is then counted as up to date.
        if edits.is_empty()
            && standing.is_none()
            && primary_contact.is_none()
            && company.is_none()
            && contact_tags.is_none()
        {
            return Ok(Planned::Skip("already up to date".into()));
        }
        Ok(Planned::Update(Box::new(UpdatePlan {
            row,
            deal: deal.id,
            version: deal.version,
            name: values.name.clone().unwrap_or_else(|| deal.name.clone()),
            edits,
            standing: standing.unwrap_or_default(),
            primary_contact,
            contact_tags,
            company,
        })))
    }

    /// The move or status change a row asks of a stored deal, if it changes anything,
    /// and the pipeline the deal ends up in.
    fn standing_change(
        &self,
        values: &RowValues,
        deal: &ExistingDeal,
    ) -> Result<(Option<StandingChange>, Option<&'a Pipeline>), String> {
        let ws = self.workspace;
        let current_pipeline = deal.pipeline_id.and_then(|p| ws.pipeline(PipelineId(p)));
        let stage = match (&values.stage, values.pipeline) {
            (Some(name), pipeline) => {
                Some(self.named_stage(pipeline.or(current_pipeline.map(|p| p.id)), name)?)
            }
            (None, Some(p)) if Some(p.0) != deal.pipeline_id => Some(
                ws.first_open_stage(p)
                    .ok_or("that pipeline has no open stage to put the deal in")?,
            ),
            _ => None,
        };
        let target = stage.and_then(|s| ws.pipeline_of(s)).or(current_pipeline);
        let stage_ref = |pipeline: Option<&Pipeline>, id: Option<StageId>| {
            let stage = pipeline?.stage(id?)?;
            Some(StageRef {
                id: stage.id,
                kind: stage.kind,
            })
        };
        let status = Status::from_key(&deal.status).unwrap_or(Status::Open);
        let before = Standing {
            status,
            stage: stage_ref(current_pipeline, deal.stage_id.map(StageId)),
            stage_before_close: deal.stage_before_close.map(StageId),
        };
        let requested = Requested {
            stage: stage_ref(target, stage),
            status: values.status,
        };
        let after = transition(before, requested, target.and_then(stages_of));
        let lost_reason = match &values.lost_reason {
            Change::Set(reason) if after.standing.status == Status::Lost => Some(reason.clone()),
            _ => None,
        };
        let moves = after.standing.stage.map(|s| s.id) != before.stage.map(|s| s.id)
            || after.standing.status != before.status;
        let reason_changes = lost_reason.is_some() && lost_reason != deal.lost_reason;
        let change = (moves || reason_changes).then_some(StandingChange {
            stage,
            status: values.status,
            lost_reason,
        });
        Ok((change, target))
    }
}
