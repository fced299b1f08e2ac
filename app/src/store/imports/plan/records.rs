//! The contacts and companies rows link their deals to: found by a row's strongest key,
//! or (when the import creates missing ones) to be created from its email, name or domain.
use super::{PlannedContact, Planner};
use crate::domain::account::EmailAddress;
use crate::domain::company::parse_domain;
use crate::domain::import::row::RowValues;
use crate::domain::import::{CompanyKey, ContactKey};
use crate::store::imports::lookup::{
    company_by, company_key, contact_by, contact_key, ChunkLookups, Found,
};
use std::collections::HashMap;
use std::hash::Hash;

/// A contact or company a row links its deal to: a stored one, or one the import
/// creates (once, however many rows name it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordRef {
    Stored(i64),
    New(NewRecord),
}

impl RecordRef {
    pub fn stored(&self) -> Option<i64> {
        match self {
            RecordRef::Stored(id) => Some(*id),
            RecordRef::New(_) => None,
        }
    }

    pub fn new_record(&self) -> Option<&NewRecord> {
        match self {
            RecordRef::New(record) => Some(record),
            RecordRef::Stored(_) => None,
        }
    }
}

/// A contact or company to create, or to find again when an earlier row created it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct NewRecord {
    /// The SQL expression it is found by (`lower(email)`) and the value it has there.
    pub by: &'static str,
    pub key: String,
    pub name: String,
    /// A contact's email, a company's domain.
    pub email: Option<String>,
    pub domain: Option<String>,
    /// A contact's owner: the deal's, else the importer.
    pub owner: Option<i64>,
}

/// What the lookups hold for a key: the stored record, or why several match it;
/// `Ok(None)` when none does.
fn stored<K: Copy + Eq + Hash>(
    found: &HashMap<(K, String), Found>,
    key: K,
    wanted: &str,
) -> Result<Option<(i64, String)>, String> {
    match found.get(&(key, wanted.to_string())) {
        Some(Ok(record)) => Ok(Some(record.clone())),
        Some(Err(reason)) => Err(reason.clone()),
        None => Ok(None),
    }
}

impl Planner<'_> {
    /// How a missing record is found again once created (`by`), or why it is not
    /// created: the import does not create missing ones, or `by` is `None` (a key such as
    /// an ID names a record but cannot make one; `from` says what can).
    fn creatable(
        &self,
        missing: String,
        by: Option<&'static str>,
        (what, from): (&str, &str),
    ) -> Result<&'static str, String> {
        match by {
            _ if !self.options.create_missing => Err(missing),
            Some(by) => Ok(by),
            None => Err(format!("{missing}; a {what} is created only from {from}")),
        }
    }

    /// The row's contact: found by its strongest key, or (when the import creates
    /// missing ones and the key is an email or a name) one to create, owned by `owner`.
    pub(super) fn contact(
        &self,
        values: &RowValues,
        found: &ChunkLookups,
        owner: Option<i64>,
    ) -> Result<Option<PlannedContact>, String> {
        let Some((key, raw)) = values.contact_key() else {
            return Ok(None);
        };
        let wanted = contact_key(key, raw);
        if let Some((id, name)) = stored(&found.contacts, key, &wanted)? {
            return Ok(Some((RecordRef::Stored(id), name)));
        }
        let missing = format!(
            "no contact has the {} \u{2018}{wanted}\u{2019}",
            contact_by(key)
        );
        let by = match key {
            ContactKey::Email => Some("lower(email)"),
            ContactKey::Name => Some("lower(name)"),
            ContactKey::Id | ContactKey::ExternalId => None,
        };
        let by = self.creatable(missing, by, ("contact", "an email or a name"))?;
        let email = match values.contact_cell(ContactKey::Email) {
            Some(raw) => Some(
                EmailAddress::parse(raw)
                    .map(|e| e.as_str().to_string())
                    .map_err(|_| {
                        format!("Contact email: \u{2018}{raw}\u{2019} is not an email address")
                    })?,
            ),
            None => None,
        };
        let name = values
            .contact_cell(ContactKey::Name)
            .map(str::to_string)
            .or_else(|| email.clone())
            .unwrap_or_default();
        let record = NewRecord {
            by,
            key: wanted,
            name: name.clone(),
            email,
            domain: None,
            owner: owner.or(Some(self.importer.0)),
        };
        Ok(Some((RecordRef::New(record), name)))
    }

    /// The row's company: found by its strongest key, or one to create from its domain
    /// or name when the import creates missing ones.
    pub(super) fn company(
        &self,
        values: &RowValues,
        found: &ChunkLookups,
    ) -> Result<Option<RecordRef>, String> {
        let Some((key, raw)) = values.company_key() else {
            return Ok(None);
        };
        let wanted = company_key(key, raw);
        if let Some((id, _)) = stored(&found.companies, key, &wanted)? {
            return Ok(Some(RecordRef::Stored(id)));
        }
        let missing = format!(
            "no company has the {} \u{2018}{wanted}\u{2019}",
            company_by(key)
        );
        let by = match key {
            CompanyKey::Domain => Some("lower(domain)"),
            CompanyKey::Name => Some("lower(name)"),
            CompanyKey::Id => None,
        };
        let by = self.creatable(missing, by, ("company", "a name or a domain"))?;
        let domain = match values.company_cell(CompanyKey::Domain) {
            Some(raw) => Some(parse_domain(raw).ok_or_else(|| {
                format!("Company domain: \u{2018}{raw}\u{2019} is not a domain like acme.com")
            })?),
            None => None,
        };
        let name = values
            .company_cell(CompanyKey::Name)
            .map(str::to_string)
            .or_else(|| domain.clone())
            .unwrap_or_default();
        Ok(Some(RecordRef::New(NewRecord {
            by,
            key: wanted,
            name,
            email: None,
            domain,
            owner: None,
        })))
    }
}
