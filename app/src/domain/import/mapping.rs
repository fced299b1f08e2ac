//! What each column of a file maps to, the mapping suggested from its headers, and the
//! checks a mapping must pass before rows are read.
use super::value_map::ValueRule;
use super::ImportMode;
use crate::domain::custom_field::{CustomField, CustomFieldId};
use serde::{Deserialize, Serialize};

/// A standard field of a deal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DealField {
    Id,
    ExternalId,
    Name,
    Value,
    /// Not stored: a deal's value is in the workspace's currency, so a row naming
    /// another currency fails instead of being imported at the wrong value.
    Currency,
    Pipeline,
    Stage,
    Status,
    Source,
    ExpectedClose,
    Owner,
    LostReason,
}

impl DealField {
    pub const ALL: [DealField; 12] = [
        DealField::Id,
        DealField::ExternalId,
        DealField::Name,
        DealField::Value,
        DealField::Currency,
        DealField::Pipeline,
        DealField::Stage,
        DealField::Status,
        DealField::Source,
        DealField::ExpectedClose,
        DealField::Owner,
        DealField::LostReason,
    ];

    pub fn key(self) -> &'static str {
        match self {
            DealField::Id => "id",
            DealField::ExternalId => "external_id",
            DealField::Name => "name",
            DealField::Value => "value",
            DealField::Currency => "currency",
            DealField::Pipeline => "pipeline",
            DealField::Stage => "stage",
            DealField::Status => "status",
            DealField::Source => "source",
            DealField::ExpectedClose => "expected_close",
            DealField::Owner => "owner",
            DealField::LostReason => "lost_reason",
        }
    }

    /// The column heading an export writes, which the import recognises again.
    pub fn label(self) -> &'static str {
        match self {
            DealField::Id => "ID",
            DealField::ExternalId => "External ID",
            DealField::Name => "Name",
            DealField::Value => "Value",
            DealField::Currency => "Currency",
            DealField::Pipeline => "Pipeline",
            DealField::Stage => "Stage",
            DealField::Status => "Status",
            DealField::Source => "Source",
            DealField::ExpectedClose => "Expected close date",
            DealField::Owner => "Owner",
            DealField::LostReason => "Lost reason",
        }
    }
}

/// How a contact column finds an existing contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ContactKey {
    Id,
    ExternalId,
    Email,
    Name,
}

impl ContactKey {
    pub const ALL: [ContactKey; 4] = [
        ContactKey::Id,
        ContactKey::ExternalId,
        ContactKey::Email,
        ContactKey::Name,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ContactKey::Id => "id",
            ContactKey::ExternalId => "external_id",
            ContactKey::Email => "email",
            ContactKey::Name => "name",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ContactKey::Id => "Contact ID",
            ContactKey::ExternalId => "Contact external ID",
            ContactKey::Email => "Contact email",
            ContactKey::Name => "Contact name",
        }
    }
}

/// How a company column finds an existing company.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CompanyKey {
    Id,
    Name,
    Domain,
}

impl CompanyKey {
    pub const ALL: [CompanyKey; 3] = [CompanyKey::Id, CompanyKey::Name, CompanyKey::Domain];

    pub fn key(self) -> &'static str {
        match self {
            CompanyKey::Id => "id",
            CompanyKey::Name => "name",
            CompanyKey::Domain => "domain",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CompanyKey::Id => "Company ID",
            CompanyKey::Name => "Company name",
            CompanyKey::Domain => "Company domain",
        }
    }
}

/// Where one column's values go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Target {
    #[default]
    Skip,
    Field(DealField),
    Custom(CustomFieldId),
    Contact(ContactKey),
    /// Tags added to the row's contact ("vip; referral" or "vip, referral").
    ContactTags,
    Company(CompanyKey),
}

impl Target {
    /// The stable form in forms and saved mappings: "name", "cf.3", "contact.email".
    pub fn key(self) -> String {
        match self {
            Target::Skip => String::new(),
            Target::Field(field) => field.key().to_string(),
            Target::Custom(id) => format!("cf.{}", id.0),
            Target::Contact(key) => format!("contact.{}", key.key()),
            Target::ContactTags => "contact.tags".to_string(),
            Target::Company(key) => format!("company.{}", key.key()),
        }
    }

    pub fn from_key(key: &str) -> Option<Target> {
        if key.is_empty() {
            return Some(Target::Skip);
        }
        if let Some(id) = key.strip_prefix("cf.") {
            return id.parse().ok().map(|id| Target::Custom(CustomFieldId(id)));
        }
        if key == "contact.tags" {
            return Some(Target::ContactTags);
        }
        if let Some(k) = key.strip_prefix("contact.") {
            return ContactKey::ALL
                .into_iter()
                .find(|c| c.key() == k)
                .map(Target::Contact);
        }
        if let Some(k) = key.strip_prefix("company.") {
            return CompanyKey::ALL
                .into_iter()
                .find(|c| c.key() == k)
                .map(Target::Company);
        }
        DealField::ALL
            .into_iter()
            .find(|f| f.key() == key)
            .map(Target::Field)
    }

    /// How the mapping screen names it; `None` for a custom field that no longer exists.
    pub fn label(self, fields: &[CustomField]) -> Option<String> {
        Some(match self {
            Target::Skip => "Do not import".to_string(),
            Target::Field(field) => field.label().to_string(),
            Target::Custom(id) => fields.iter().find(|f| f.id == id)?.label.clone(),
            Target::Contact(key) => key.label().to_string(),
            Target::ContactTags => "Contact tags".to_string(),
            Target::Company(key) => key.label().to_string(),
        })
    }

    /// Every target a column may take, in the order the mapping screen lists them.
    pub fn choices(fields: &[CustomField]) -> Vec<Target> {
        let mut all = vec![Target::Skip];
        all.extend(DealField::ALL.map(Target::Field));
        all.extend(fields.iter().map(|f| Target::Custom(f.id)));
        all.extend(ContactKey::ALL.map(Target::Contact));
        all.push(Target::ContactTags);
        all.extend(CompanyKey::ALL.map(Target::Company));
        all
    }
}

/// One target per column of the file, in column order, and what values that match
/// nothing in the workspace stand for.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Mapping {
    pub columns: Vec<Target>,
    #[serde(default)]
    pub values: Vec<ValueRule>,
}

impl Mapping {
    /// The suggestion for a file's headers; a target is suggested for one column only.
    /// A column of IDs is suggested as `ID` only when its heading is Dealflow's own and
    /// `dealflow_ids(column)` says its values are IDs of deals here; otherwise they are
    /// another system's IDs, kept as `External ID`.
    pub fn suggested(
        headers: &[String],
        fields: &[CustomField],
        dealflow_ids: impl Fn(usize) -> bool,
    ) -> Mapping {
        let mut columns: Vec<Target> = Vec::with_capacity(headers.len());
        let external = Target::Field(DealField::ExternalId);
        let named_external = headers.iter().any(|h| suggest(h, fields) == external);
        for (i, header) in headers.iter().enumerate() {
            let mut target = suggest(header, fields);
            if target == Target::Field(DealField::Id) && !(is_plain_id(header) && dealflow_ids(i)) {
                target = if named_external {
                    Target::Skip
                } else {
                    external
                };
            }
            let taken = target != Target::Skip && columns.contains(&target);
            columns.push(if taken { Target::Skip } else { target });
        }
        Mapping {
            columns,
            values: Vec::new(),
        }
    }

    /// The column mapped to `target`, if any.
    pub fn column_of(&self, target: Target) -> Option<usize> {
        self.columns.iter().position(|t| *t == target)
    }

    /// Why this mapping cannot be used, said so the person can fix it; `Ok` when it can.
    pub fn check(
        &self,
        headers: &[String],
        fields: &[CustomField],
        mode: ImportMode,
    ) -> Result<(), String> {
        if self.columns.len() != headers.len() {
            return Err(
                "The mapping does not fit this file's columns. Choose the columns again.".into(),
            );
        }
        for (i, target) in self.columns.iter().enumerate() {
            if *target == Target::Skip {
                continue;
            }
            if target.label(fields).is_none() {
                return Err(format!(
                    "Column \u{201c}{}\u{201d} maps to a custom field that no longer exists. Choose another field.",
                    headers[i]
                ));
            }
            if let Some(first) = self.columns[..i].iter().position(|t| t == target) {
                return Err(format!(
                    "\u{201c}{}\u{201d} and \u{201c}{}\u{201d} both map to {}. Map one of them to \u{201c}Do not import\u{201d}.",
                    headers[first],
                    headers[i],
                    target.label(fields).unwrap_or_default()
                ));
            }
        }
        let has = |f| self.column_of(Target::Field(f)).is_some();
        if mode.updates() && !has(DealField::Id) && !has(DealField::ExternalId) {
            return Err("To update matches, map a column to ID or External ID: that is how rows find their deal.".into());
        }
        if mode == ImportMode::Create && !has(DealField::Name) {
            return Err("Map a column to Name: every new deal needs one.".into());
        }
        let names_contact = self.columns.iter().any(|t| matches!(t, Target::Contact(_)));
        if mode == ImportMode::Create
            && self.column_of(Target::ContactTags).is_some()
            && !names_contact
        {
            return Err("Map a column to Contact email or Contact name too: tags are added to each row's contact.".into());
        }
        if self.columns.iter().all(|t| *t == Target::Skip) {
            return Err("Map at least one column to a field.".into());
        }
        Ok(())
    }
}

mod headings;
pub use headings::{is_plain_id, suggest};

#[cfg(test)]
mod tests;
