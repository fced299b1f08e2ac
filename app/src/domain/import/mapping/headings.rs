//! Which field a column's heading names, as Dealflow's export writes it and as other CRMs
//! and spreadsheets do, with or without the record they decorate it with.
use super::{CompanyKey, ContactKey, DealField, Target};
use crate::domain::custom_field::CustomField;

/// A heading reduced to letters and digits: "Expected close-date" -> "expectedclosedate".
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Which record a heading's first word names, as CRMs decorate their exports
/// ("Deal - Title", "Person - Email", "Organization - Name", "Account Name").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Record {
    Deal,
    Contact,
    Company,
}

const RECORD_WORDS: [(&str, Record); 8] = [
    ("opportunity", Record::Deal),
    ("deal", Record::Deal),
    ("person", Record::Contact),
    ("contact", Record::Contact),
    ("organization", Record::Company),
    ("organisation", Record::Company),
    ("company", Record::Company),
    ("account", Record::Company),
];

/// A heading without its decoration: the record it names (if it says), and the field as
/// a squashed word. A trailing note in brackets ("(custom)", "(EUR)") is dropped.
fn undecorated(header: &str) -> (Option<Record>, String) {
    let trimmed = header.trim();
    let bare = match trimmed.rfind('(') {
        Some(open) if trimmed.ends_with(')') && open > 0 => &trimmed[..open],
        _ => trimmed,
    };
    let word = squash(bare);
    RECORD_WORDS
        .iter()
        .find_map(|(prefix, record)| {
            word.strip_prefix(prefix)
                .filter(|rest| !rest.is_empty())
                .map(|rest| (Some(*record), rest.to_string()))
        })
        .unwrap_or((None, word))
}

fn deal_field(word: &str) -> Option<Target> {
    let field = |f| Some(Target::Field(f));
    match word {
        "id" | "recordid" => field(DealField::Id),
        "externalid" | "extid" | "externalreference" => field(DealField::ExternalId),
        "name" | "title" => field(DealField::Name),
        "value" | "amount" | "leadvalue" | "monetaryvalue" | "price" => field(DealField::Value),
        "currency" | "currencycode" | "valuecurrency" => field(DealField::Currency),
        "pipeline" | "pipelinename" => field(DealField::Pipeline),
        "stage" | "pipelinestage" | "stagename" => field(DealField::Stage),
        "status" => field(DealField::Status),
        "source" | "leadsource" => field(DealField::Source),
        "expectedclosedate" | "expectedclose" | "closedate" | "closingdate" => {
            field(DealField::ExpectedClose)
        }
        "owner" | "owneremail" | "ownername" | "assignedto" | "assigneduser" | "salesrep" => {
            field(DealField::Owner)
        }
        "lostreason" | "reasonlost" => field(DealField::LostReason),
        _ => None,
    }
}

fn contact_field(word: &str) -> Option<Target> {
    let key = match word {
        "id" => ContactKey::Id,
        "externalid" => ContactKey::ExternalId,
        "email" | "emailaddress" | "emailwork" | "workemail" => ContactKey::Email,
        "name" | "fullname" | "person" => ContactKey::Name,
        "tags" | "tag" | "labels" => return Some(Target::ContactTags),
        _ => return None,
    };
    Some(Target::Contact(key))
}

fn company_field(word: &str) -> Option<Target> {
    let key = match word {
        "id" => CompanyKey::Id,
        "name" => CompanyKey::Name,
        "domain" | "website" | "webdomain" | "webaddress" => CompanyKey::Domain,
        _ => return None,
    };
    Some(Target::Company(key))
}

/// Words that name a contact or a company on their own, without a record before them.
fn linked_record(word: &str) -> Option<Target> {
    match word {
        "email" | "emailaddress" => Some(Target::Contact(ContactKey::Email)),
        "contactperson" | "primarycontact" => Some(Target::Contact(ContactKey::Name)),
        // Deals have no tags: a file's tags are its contacts'.
        "tags" | "tag" => Some(Target::ContactTags),
        "domain" | "website" => Some(Target::Company(CompanyKey::Domain)),
        _ => RECORD_WORDS
            .iter()
            .find(|(w, _)| *w == word)
            .and_then(|(_, record)| match record {
                Record::Contact => Some(Target::Contact(ContactKey::Name)),
                Record::Company => Some(Target::Company(CompanyKey::Name)),
                Record::Deal => None,
            }),
    }
}

/// The target a heading most likely means, from the words CRMs and spreadsheets use,
/// with or without the record they decorate it with.
pub fn suggest(header: &str, fields: &[CustomField]) -> Target {
    let (record, word) = undecorated(header);
    let standard = match record {
        Some(Record::Contact) => contact_field(&word),
        Some(Record::Company) => company_field(&word),
        Some(Record::Deal) | None => deal_field(&word).or_else(|| linked_record(&word)),
    };
    standard
        .or_else(|| {
            let whole = squash(header);
            fields
                .iter()
                .find(|f| {
                    let (label, key) = (squash(&f.label), squash(&f.key));
                    [&word, &whole].iter().any(|w| **w == label || **w == key)
                })
                .map(|f| Target::Custom(f.id))
        })
        .unwrap_or(Target::Skip)
}

/// Whether a heading is the plain one Dealflow's export writes for its deal IDs, not a
/// heading decorated by another CRM ("Deal - ID"), whose IDs are its own.
pub fn is_plain_id(header: &str) -> bool {
    squash(header) == "id"
}
