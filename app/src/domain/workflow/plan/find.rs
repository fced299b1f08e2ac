//! Find Opportunity: loads exactly one of the contact's deals, or takes Not Found; and
//! where it looks when the workflow has no contact.
use super::deals::contact_label;
use super::{Applied, Plan, Situation};
use crate::domain::workflow::condition::all_hold;
use crate::domain::workflow::definition::{Condition, Pick};
use serde_json::{json, Value};

/// Find Opportunity: among the contact's deals, those matching every filter; loads
/// exactly one (Earliest or Latest created) into context, or takes Not Found.
pub(super) fn find(pick: Pick, filters: &[Condition], s: &Situation<'_>) -> Plan {
    let filters = match rendered_filters(filters, s.render) {
        Ok(filters) => filters,
        Err(reason) => return Plan::Fail(reason),
    };
    let matches = s.contact_deals.iter().filter(|deal| {
        let facts = json!({
            "opportunity": super::records::deal_facts(deal),
            "contact": s.facts.get("contact").cloned().unwrap_or(Value::Null),
        });
        all_hold(&filters, &facts, &[])
    });
    let chosen = match pick {
        Pick::Earliest => matches.min_by_key(|d| (d.created_at, d.id.0)),
        Pick::Latest => matches.max_by_key(|d| (d.created_at, d.id.0)),
    };
    let mut context = s.context.clone();
    context.merge_opportunity = None;
    let mut applied = Applied::default();
    match chosen {
        Some(deal) => {
            context.opportunity = Some(deal.id);
            applied.path = Some(0);
            applied.summary = format!("Found the opportunity \u{201c}{}\u{201d}.", deal.name);
            applied
                .resolved
                .insert("opportunity".into(), json!(deal.name));
        }
        None => {
            context.opportunity = None;
            applied.path = Some(1);
            applied.summary = match s.contact {
                Some(_) => format!(
                    "No opportunity of {} matches the filters.",
                    contact_label(s)
                ),
                None => "No opportunity matches the filters.".into(),
            };
        }
    }
    applied.context = Some(context);
    Plan::Apply(applied)
}

/// Filter values may hold merge fields (`{{inbound_webhook.order_id}}`): filled in here.
fn rendered_filters(
    filters: &[Condition],
    render: &(dyn Fn(&str) -> Result<String, String> + Sync),
) -> Result<Vec<Condition>, String> {
    filters
        .iter()
        .map(|c| {
            let value = match c.value.as_str() {
                Some(text) if text.contains("{{") => Value::String(
                    render(text)
                        .map_err(|e| format!("A filter value could not be filled in: {e}"))?,
                ),
                _ => c.value.clone(),
            };
            Ok(Condition { value, ..c.clone() })
        })
        .collect()
}

/// Where Find Opportunity looks when the workflow has no contact (spec 003: "map fields
/// to the webhook parameters instead"): the deals its `Is` filters on the deal's id,
/// external ID or name point at, as (column, value) pairs for the engine to look up.
pub fn find_lookups(
    filters: &[Condition],
    render: &(dyn Fn(&str) -> Result<String, String> + Sync),
) -> Vec<(&'static str, String)> {
    let Ok(filters) = rendered_filters(filters, render) else {
        return Vec::new();
    };
    filters
        .iter()
        .filter(|c| c.operator == crate::domain::workflow::definition::Operator::Is)
        .filter_map(|c| {
            let column = match c.field.as_str() {
                "opportunity.id" => "id",
                "opportunity.external_id" => "external_id",
                "opportunity.name" => "name",
                _ => return None,
            };
            let value = match &c.value {
                Value::String(s) => s.trim().to_string(),
                Value::Number(n) => n.to_string(),
                _ => return None,
            };
            (!value.is_empty()).then_some((column, value))
        })
        .collect()
}
