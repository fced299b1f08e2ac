//! Which merge fields exist: the standard ones of DOMAIN.md and spec 003, by namespace,
//! plus the workspace's custom fields by key.
use crate::domain::custom_field::FieldEntity;
use serde::{Deserialize, Serialize};

/// The first part of a merge field (`contact` in `{{contact.name}}`): which record it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Namespace {
    Contact,
    Opportunity,
    /// The pipeline of the deal merge fields show.
    Pipeline,
    /// The deal's owner (its assigned user).
    User,
    /// The meeting of a Meeting Created or Modified trigger.
    Appointment,
    /// The JSON body an Inbound Webhook trigger received: any path below it.
    InboundWebhook,
}

impl Namespace {
    pub const ALL: [Namespace; 6] = [
        Namespace::Contact,
        Namespace::Opportunity,
        Namespace::Pipeline,
        Namespace::User,
        Namespace::Appointment,
        Namespace::InboundWebhook,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Namespace::Contact => "contact",
            Namespace::Opportunity => "opportunity",
            Namespace::Pipeline => "pipeline",
            Namespace::User => "user",
            Namespace::Appointment => "appointment",
            Namespace::InboundWebhook => "inbound_webhook",
        }
    }

    pub fn from_key(key: &str) -> Option<Namespace> {
        Namespace::ALL.into_iter().find(|n| n.key() == key)
    }

    /// The fields every workspace has, without the namespace (`name`, `first_name`).
    pub fn standard_fields(self) -> &'static [&'static str] {
        match self {
            Namespace::Contact => &[
                "name",
                "first_name",
                "last_name",
                "email",
                "phone",
                "source",
                "tags",
            ],
            Namespace::Opportunity => &[
                "name",
                "pipeline_stage",
                "status",
                "lead_value",
                "source",
                "assigned_user",
                "expected_close_date",
            ],
            Namespace::Pipeline => &["name"],
            Namespace::User => &["name", "email"],
            Namespace::Appointment => &["title", "starts_at", "status"],
            Namespace::InboundWebhook => &[],
        }
    }

    /// Every field of this namespace as written in a template (`contact.name`), custom
    /// fields after the standard ones; for the inbound webhook, the pattern its paths follow.
    pub fn fields(self, keys: &CustomFieldKeys) -> Vec<String> {
        if self == Namespace::InboundWebhook {
            return vec![format!("{}.<path in the posted JSON>", self.key())];
        }
        let standard = self.standard_fields();
        let custom = keys
            .of(self)
            .iter()
            .filter(|k| !standard.contains(&k.as_str()));
        standard
            .iter()
            .copied()
            .chain(custom.map(String::as_str))
            .map(|field| format!("{}.{field}", self.key()))
            .collect()
    }

    /// Whether `rest` (what follows `namespace.`, or nothing) names a field of this namespace.
    pub fn has_field(self, rest: Option<&str>, keys: &CustomFieldKeys) -> bool {
        match (self, rest) {
            // The whole body, or anything in it (`inbound_webhook["first name"]` reads as
            // the bare namespace).
            (Namespace::InboundWebhook, _) => true,
            (_, None) => false,
            (_, Some(field)) => {
                self.standard_fields().contains(&field) || keys.of(self).iter().any(|k| k == field)
            }
        }
    }
}

/// The keys of the workspace's custom fields (`CustomField::key`), which merge fields
/// name as `{{contact.<key>}}` and `{{opportunity.<key>}}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CustomFieldKeys {
    pub contact: Vec<String>,
    pub opportunity: Vec<String>,
}

impl CustomFieldKeys {
    pub fn contains(&self, entity: FieldEntity, key: &str) -> bool {
        let keys = match entity {
            FieldEntity::Opportunity => &self.opportunity,
            FieldEntity::Contact => &self.contact,
        };
        keys.iter().any(|k| k == key)
    }

    fn of(&self, namespace: Namespace) -> &[String] {
        match namespace {
            Namespace::Contact => &self.contact,
            Namespace::Opportunity => &self.opportunity,
            _ => &[],
        }
    }
}

/// A merge field as written in a template, split into its namespace and the rest
/// (`opportunity.lead_value` -> Opportunity, `lead_value`); `None` when the first part
/// is no namespace.
pub fn split_field(field: &str) -> Option<(Namespace, Option<&str>)> {
    match field.split_once('.') {
        Some((first, rest)) => Namespace::from_key(first).map(|n| (n, Some(rest))),
        None => Namespace::from_key(field).map(|n| (n, None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> CustomFieldKeys {
        CustomFieldKeys {
            contact: vec!["quoted_price".into(), "name".into()],
            opportunity: vec!["budget".into()],
        }
    }

    #[test]
    fn each_namespace_lists_its_standard_then_custom_fields() {
        let cases: &[(Namespace, &[&str])] = &[
            (
                Namespace::Contact,
                &[
                    "contact.name",
                    "contact.first_name",
                    "contact.last_name",
                    "contact.email",
                    "contact.phone",
                    "contact.source",
                    "contact.tags",
                    "contact.quoted_price",
                ],
            ),
            (
                Namespace::Opportunity,
                &[
                    "opportunity.name",
                    "opportunity.pipeline_stage",
                    "opportunity.status",
                    "opportunity.lead_value",
                    "opportunity.source",
                    "opportunity.assigned_user",
                    "opportunity.expected_close_date",
                    "opportunity.budget",
                ],
            ),
            (Namespace::Pipeline, &["pipeline.name"]),
            (Namespace::User, &["user.name", "user.email"]),
            (
                Namespace::Appointment,
                &[
                    "appointment.title",
                    "appointment.starts_at",
                    "appointment.status",
                ],
            ),
            (
                Namespace::InboundWebhook,
                &["inbound_webhook.<path in the posted JSON>"],
            ),
        ];
        for (namespace, expected) in cases {
            assert_eq!(&namespace.fields(&keys()), expected, "{namespace:?}");
        }
    }

    #[test]
    fn fields_are_known_by_namespace_and_key() {
        let cases: &[(&str, bool)] = &[
            ("contact.name", true),
            ("contact.quoted_price", true),
            ("contact.budget", false),
            ("opportunity.budget", true),
            ("opportunity.lead_value", true),
            ("pipeline.name", true),
            ("pipeline.stage", false),
            ("user.email", true),
            ("appointment.starts_at", true),
            ("inbound_webhook.lead.email", true),
            ("inbound_webhook", true),
            ("contact", false),
            ("contact.name.first", false),
        ];
        for (field, known) in cases {
            let (namespace, rest) = split_field(field).unwrap();
            assert_eq!(namespace.has_field(rest, &keys()), *known, "{field}");
        }
        assert_eq!(split_field("contcat.name"), None);
        assert_eq!(split_field("first_name"), None);
    }
}
