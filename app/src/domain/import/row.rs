//! One row of a file read through a mapping: typed values, or the reason the row fails.
//! Names of pipelines, stages, owners and custom-field options are resolved here against
//! a snapshot of the workspace; contacts, companies and matching deals are looked up by
//! the import job, a chunk of rows at a time.
use super::mapping::{CompanyKey, ContactKey, DealField, Mapping, Target};
use super::values::{canonical_number, parse_date, unescape_formula};
use super::ImportOptions;
use crate::domain::account::{User, UserId};
use crate::domain::board::{OpportunityId, Pipeline};
use crate::domain::company::MAX_COMPANY_NAME_CHARS;
use crate::domain::contact::MAX_CONTACT_NAME_CHARS;
use crate::domain::currency::Currency;
use crate::domain::custom_field::CustomField;
use crate::domain::date::Date;
use crate::domain::deal::{deal_name, optional_text, MAX_SHORT_TEXT_CHARS};
use crate::domain::money::parse_amount;
use crate::domain::opportunity::Status;
use crate::domain::pipeline::{PipelineId, StageId, StageKind, MAX_STAGE_NAME_CHARS};
use serde_json::Value;

/// What an import reads names against: small, loaded once per job.
#[derive(Debug, Clone)]
pub struct Workspace {
    pub pipelines: Vec<Pipeline>,
    pub users: Vec<User>,
    pub fields: Vec<CustomField>,
    pub currency: Currency,
}

/// What a mapped cell does to a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change<T> {
    /// Not mapped, or empty while empty cells keep values.
    Keep,
    /// Empty while empty cells clear values.
    Clear,
    Set(T),
}

impl<T> Change<T> {
    /// The value a new deal gets.
    pub fn for_new(&self) -> Option<&T> {
        match self {
            Change::Set(value) => Some(value),
            _ => None,
        }
    }
}

/// A row's values, typed. `None` in a plain `Option` means the column is not mapped or
/// the cell is empty.
#[derive(Debug, Clone, PartialEq)]
pub struct RowValues {
    pub id: Option<OpportunityId>,
    pub external_id: Option<String>,
    pub name: Option<String>,
    pub value_minor: Change<i64>,
    pub pipeline: Option<PipelineId>,
    /// The stage as typed; found in a pipeline by `Workspace::stage`.
    pub stage: Option<String>,
    pub status: Option<Status>,
    pub source: Change<String>,
    pub expected_close: Change<Date>,
    pub owner: Change<UserId>,
    pub lost_reason: Change<String>,
    /// (index into `Workspace::fields`, the value to store; `None` clears it).
    pub custom: Vec<(usize, Option<Value>)>,
    /// The contact's cells that are filled, each with its key.
    pub contact: Vec<(ContactKey, String)>,
    /// Tags added to the row's contact (none when the cell is empty).
    pub contact_tags: Vec<String>,
    pub company: Vec<(CompanyKey, String)>,
}

/// Which key finds a row's contact or company, strongest first.
const CONTACT_KEYS: [ContactKey; 4] = [
    ContactKey::Id,
    ContactKey::ExternalId,
    ContactKey::Email,
    ContactKey::Name,
];
const COMPANY_KEYS: [CompanyKey; 3] = [CompanyKey::Id, CompanyKey::Domain, CompanyKey::Name];

fn strongest<'a, K: Copy + PartialEq>(
    cells: &'a [(K, String)],
    order: &[K],
) -> Option<(K, &'a str)> {
    order.iter().find_map(|key| {
        cells
            .iter()
            .find(|(k, _)| k == key)
            .map(|(k, v)| (*k, v.as_str()))
    })
}

impl RowValues {
    /// The key the row's contact is found by: its ID, else external ID, email, name.
    pub fn contact_key(&self) -> Option<(ContactKey, &str)> {
        strongest(&self.contact, &CONTACT_KEYS)
    }

    /// The key the row's company is found by: its ID, else domain, name.
    pub fn company_key(&self) -> Option<(CompanyKey, &str)> {
        strongest(&self.company, &COMPANY_KEYS)
    }

    pub fn contact_cell(&self, key: ContactKey) -> Option<&str> {
        self.contact
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn company_cell(&self, key: CompanyKey) -> Option<&str> {
        self.company
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }

    /// How a row is named in examples and messages: its deal's name, else its key.
    pub fn label(&self) -> String {
        match (&self.name, self.id, &self.external_id) {
            (Some(name), _, _) => name.clone(),
            (None, Some(id), _) => format!("ID {}", id.0),
            (None, None, Some(ext)) => format!("external ID {ext}"),
            _ => "(no name)".to_string(),
        }
    }
}

/// How a row that could not be read is named: its Name cell when that column is mapped
/// and filled, else its first two values.
pub fn raw_label(cells: &[String], mapping: &Mapping) -> String {
    let name = mapping
        .column_of(Target::Field(DealField::Name))
        .and_then(|i| cells.get(i))
        .map(|c| unescape_formula(c.trim()))
        .filter(|c| !c.is_empty());
    let joined = match name {
        Some(name) => name.to_string(),
        None => cells
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .take(2)
            .collect::<Vec<_>>()
            .join(", "),
    };
    // A label is shown and stored with the row's failure: control characters become U+FFFD.
    let joined: String = joined
        .chars()
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect();
    match joined.chars().count() {
        0 => "(empty row)".to_string(),
        n if n > 60 => format!("{}\u{2026}", joined.chars().take(60).collect::<String>()),
        _ => joined,
    }
}

/// Whether every cell of a row is empty: such rows are skipped, not failed.
pub fn is_blank(cells: &[String]) -> bool {
    cells.iter().all(|c| c.trim().is_empty())
}

fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

impl Workspace {
    pub fn pipeline(&self, id: PipelineId) -> Option<&Pipeline> {
        self.pipelines.iter().find(|p| p.id == id)
    }

    fn pipeline_named(&self, name: &str) -> Result<PipelineId, String> {
        self.pipelines
            .iter()
            .find(|p| same(&p.name, name))
            .map(|p| p.id)
            .ok_or_else(|| format!("pipeline \u{2018}{name}\u{2019} does not exist"))
    }

    /// A stage by name: in `pipeline` when known, else in the one pipeline that has it.
    pub fn stage(&self, pipeline: Option<PipelineId>, name: &str) -> Result<StageId, String> {
        if let Some(pipeline) = pipeline.and_then(|id| self.pipeline(id)) {
            return pipeline
                .stages
                .iter()
                .find(|s| same(&s.name, name))
                .map(|s| s.id)
                .ok_or_else(|| {
                    format!(
                        "stage \u{2018}{name}\u{2019} does not exist in pipeline {}",
                        pipeline.name
                    )
                });
        }
        let holders: Vec<(&Pipeline, StageId)> = self
            .pipelines
            .iter()
            .filter_map(|p| {
                p.stages
                    .iter()
                    .find(|s| same(&s.name, name))
                    .map(|s| (p, s.id))
            })
            .collect();
        match holders.as_slice() {
            [(_, stage)] => Ok(*stage),
            [] => Err(format!(
                "stage \u{2018}{name}\u{2019} does not exist in any pipeline"
            )),
            several => {
                Err(format!(
                "stage \u{2018}{name}\u{2019} is in several pipelines ({}): map a Pipeline column",
                several.iter().map(|(p, _)| p.name.as_str()).collect::<Vec<_>>().join(", ")
            ))
            }
        }
    }

    /// The pipeline of a stage found by `stage`.
    pub fn pipeline_of(&self, stage: StageId) -> Option<&Pipeline> {
        self.pipelines.iter().find(|p| p.stage(stage).is_some())
    }

    /// Where a new deal goes when its row names no pipeline: the chosen default, else
    /// the first pipeline.
    pub fn default_pipeline(&self, options: &ImportOptions) -> Option<&Pipeline> {
        options
            .default_pipeline
            .and_then(|id| self.pipeline(PipelineId(id)))
            .or_else(|| self.pipelines.first())
    }

    /// The first open stage of a pipeline, where new deals start.
    pub fn first_open_stage(&self, pipeline: PipelineId) -> Option<StageId> {
        self.pipeline(pipeline)?
            .stages
            .iter()
            .find(|s| s.kind == StageKind::Open)
            .map(|s| s.id)
    }

    pub(super) fn owner(&self, raw: &str) -> Result<UserId, String> {
        let by_email = raw.contains('@');
        let found: Vec<&User> = self
            .users
            .iter()
            .filter(|u| {
                if by_email {
                    same(&u.email, raw)
                } else {
                    same(&u.name, raw)
                }
            })
            .collect();
        match found.as_slice() {
            [user] if user.active => Ok(user.id),
            [user] => Err(format!(
                "owner {} is deactivated: choose an active user",
                user.name
            )),
            [] if by_email => Err(format!("no user has the email \u{2018}{raw}\u{2019}")),
            [] => Err(format!("no user is named \u{2018}{raw}\u{2019}")),
            _ => Err(format!(
                "several users are named \u{2018}{raw}\u{2019}: use their email instead"
            )),
        }
    }
}

/// What an empty cell does: clear the field, or keep it, as chosen.
fn blank<T>(options: &ImportOptions) -> Change<T> {
    if options.blank_clears {
        Change::Clear
    } else {
        Change::Keep
    }
}

pub(super) fn parse_status(raw: &str) -> Result<Status, String> {
    let key = raw.trim().to_ascii_lowercase();
    let key = key.strip_prefix("closed ").unwrap_or(&key);
    Status::from_key(key).ok_or_else(|| {
        format!(
            "status \u{2018}{}\u{2019} is not Open, Won, Lost or Abandoned",
            raw.trim()
        )
    })
}

/// Reads one row through `mapping`. `Err` is the reason the row fails, as a phrase
/// ("stage ‘Negotation’ does not exist in pipeline Sales").
pub fn read_row(
    cells: &[String],
    mapping: &Mapping,
    options: &ImportOptions,
    workspace: &Workspace,
) -> Result<RowValues, String> {
    let columns = mapping.columns.len();
    if cells.len() > columns && cells[columns..].iter().any(|c| !c.trim().is_empty()) {
        return Err(format!(
            "the row has {} values but the file has {columns} columns: a value holding the separator may be missing its quotes",
            cells.len()
        ));
    }
    let mut row = RowValues {
        id: None,
        external_id: None,
        name: None,
        value_minor: Change::Keep,
        pipeline: None,
        stage: None,
        status: None,
        source: Change::Keep,
        expected_close: Change::Keep,
        owner: Change::Keep,
        lost_reason: Change::Keep,
        custom: Vec::new(),
        contact: Vec::new(),
        contact_tags: Vec::new(),
        company: Vec::new(),
    };
    for (i, target) in mapping.columns.iter().enumerate() {
        let raw = unescape_formula(cells.get(i).map_or("", String::as_str)).trim();
        if *target != Target::Skip {
            printable(raw, *target, workspace)?;
        }
        let raw = mapping.translate(*target, raw);
        let text = |change: &mut Change<String>| -> Result<(), String> {
            *change = match optional_text(raw).map_err(|e| e.to_string())? {
                Some(text) => Change::Set(text),
                None => blank(options),
            };
            Ok(())
        };
        match target {
            Target::Skip => {}
            _ if raw.is_empty() => match target {
                Target::Field(DealField::Value) => row.value_minor = blank(options),
                Target::Field(DealField::Source) => row.source = blank(options),
                Target::Field(DealField::ExpectedClose) => row.expected_close = blank(options),
                Target::Field(DealField::Owner) => row.owner = blank(options),
                Target::Field(DealField::LostReason) => row.lost_reason = blank(options),
                Target::Custom(id) if options.blank_clears => {
                    if let Some(index) = workspace.fields.iter().position(|f| f.id == *id) {
                        row.custom.push((index, None));
                    }
                }
                _ => {}
            },
            Target::Field(field) => match field {
                DealField::Id => {
                    let id = raw
                        .parse::<i64>()
                        .ok()
                        .filter(|id| *id > 0)
                        .ok_or_else(|| {
                            format!("ID \u{2018}{raw}\u{2019} is not a deal ID (a whole number)")
                        })?;
                    row.id = Some(OpportunityId(id));
                }
                DealField::ExternalId => {
                    let text = optional_text(raw).map_err(|e| format!("External ID: {e}"))?;
                    row.external_id = text;
                }
                DealField::Name => row.name = Some(deal_name(raw).map_err(|e| e.to_string())?),
                DealField::Value => {
                    let digits = workspace.currency.minor_digits();
                    let minor = canonical_number(raw, options.number_format)
                        .and_then(|n| parse_amount(&n, digits).map_err(|e| e.to_string()))?;
                    row.value_minor = Change::Set(minor);
                }
                DealField::Currency => {
                    let ours = workspace.currency.code();
                    if !raw.eq_ignore_ascii_case(ours) {
                        return Err(format!(
                            "the value is in {raw}, but this workspace keeps every deal in {ours}: convert it to {ours} in the file, or leave the row out"
                        ));
                    }
                }
                DealField::Pipeline => row.pipeline = Some(workspace.pipeline_named(raw)?),
                DealField::Stage => {
                    row.stage = Some(one_line(raw, *target, MAX_STAGE_NAME_CHARS, workspace)?)
                }
                DealField::Status => row.status = Some(parse_status(raw)?),
                DealField::Source => text(&mut row.source)?,
                DealField::LostReason => text(&mut row.lost_reason)?,
                DealField::ExpectedClose => {
                    row.expected_close = Change::Set(parse_date(raw, options.date_order)?);
                }
                DealField::Owner => row.owner = Change::Set(workspace.owner(raw)?),
            },
            Target::Custom(id) => {
                let Some(index) = workspace.fields.iter().position(|f| f.id == *id) else {
                    continue;
                };
                let field = &workspace.fields[index];
                let value = custom_value(field, raw, options, workspace.currency, |choice| {
                    mapping.translate(*target, choice)
                })?;
                row.custom.push((index, value));
            }
            Target::Contact(key) => {
                let max = match key {
                    ContactKey::Name => MAX_CONTACT_NAME_CHARS,
                    _ => MAX_SHORT_TEXT_CHARS,
                };
                row.contact
                    .push((*key, one_line(raw, *target, max, workspace)?));
            }
            Target::ContactTags => row.contact_tags = tags_cell(raw)?,
            Target::Company(key) => {
                let max = match key {
                    CompanyKey::Name => MAX_COMPANY_NAME_CHARS,
                    _ => MAX_SHORT_TEXT_CHARS,
                };
                row.company
                    .push((*key, one_line(raw, *target, max, workspace)?));
            }
        }
    }
    Ok(row)
}

mod cells;
pub use cells::multi_choices;
use cells::{custom_value, one_line, printable, tags_cell};

#[cfg(test)]
pub(crate) mod fixtures;
#[cfg(test)]
mod tests;
