//! A run's step log as people read it: each step's outcome, its sentence, every field it
//! changed (before -> after), the records it made, the values it resolved, and when.
//! Shared by History's run page and the Test's result (which says "would").
use crate::domain::workflow::listing::{StepLog, StepStatus};
use crate::domain::workflow::wait::moment_in;
use leptos::prelude::*;
use serde_json::Value;

fn status_label(status: StepStatus, trial: bool) -> &'static str {
    match (status, trial) {
        (StepStatus::Done, false) => "Done",
        (StepStatus::Skipped, false) => "Skipped",
        (StepStatus::Failed, false) => "Failed",
        (StepStatus::Stopped, false) => "Stopped",
        (StepStatus::Waiting, false) => "Waiting",
        (StepStatus::Done, true) => "Would do",
        (StepStatus::Skipped, true) => "Would skip",
        (StepStatus::Failed, true) => "Would fail",
        (StepStatus::Stopped, true) => "Would stop",
        (StepStatus::Waiting, true) => "Would wait",
    }
}

pub fn status_badge(status: StepStatus) -> &'static str {
    match status {
        StepStatus::Done => "badge badge-ok",
        StepStatus::Skipped | StepStatus::Stopped => "badge badge-muted",
        StepStatus::Failed => "badge badge-danger",
        StepStatus::Waiting => "badge",
    }
}

/// What one applied effect did, in words, with a link where it made or names a record.
fn change_words(result: &Value, trial: bool) -> Vec<AnyView> {
    let named = |key: &str| {
        result
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    if let Some(said) = result.get("said").and_then(Value::as_array) {
        return said
            .iter()
            .filter_map(Value::as_str)
            .map(|s| view! { <li>{s.to_string()}</li> }.into_any())
            .collect();
    }
    if let Some(id) = result.get("created").and_then(Value::as_i64) {
        let name = named("name");
        return vec![if trial {
            view! { <li>"Would create the opportunity \u{201c}"{name}"\u{201d}"</li> }.into_any()
        } else {
            view! {
                <li>"Created the opportunity "<a href=format!("/opportunities/{id}")>{name}</a></li>
            }
            .into_any()
        }];
    }
    if result.get("removed").is_some() {
        let name = named("name");
        let verb = if trial { "Would delete" } else { "Deleted" };
        return vec![
            view! { <li>{verb}" the opportunity \u{201c}"{name}"\u{201d}"</li> }.into_any(),
        ];
    }
    if result.get("activity").is_some() {
        let kind = match named("kind").as_str() {
            "task" => "a task",
            "call" => "a call",
            "meeting" => "a meeting",
            _ => "a note",
        };
        let verb = if trial { "Would log" } else { "Logged" };
        return vec![view! { <li>{verb}" "{kind}</li> }.into_any()];
    }
    if result.get("field").and_then(Value::as_str) == Some("tags") {
        let tag = named("tag");
        let added = result
            .get("added")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let verb = match (added, trial) {
            (true, true) => "Would add the tag",
            (true, false) => "Added the tag",
            (false, true) => "Would remove the tag",
            (false, false) => "Removed the tag",
        };
        return vec![view! { <li>{verb}" \u{201c}"{tag}"\u{201d}"</li> }.into_any()];
    }
    if result.get("changed").and_then(Value::as_bool) == Some(false) {
        return vec![
            view! { <li class="muted">"Already as asked: nothing changed"</li> }.into_any(),
        ];
    }
    Vec::new()
}

fn label_of(key: &str) -> String {
    let words = key.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => "none".into(),
        other => serde_json::to_string_pretty(other).unwrap_or_default(),
    }
}

/// The values a step resolved (merge fields filled in), as a definition list.
fn resolved_view(resolved: &Value) -> Option<impl IntoView> {
    let fields = resolved.as_object().filter(|o| !o.is_empty())?;
    let rows = fields
        .iter()
        .map(|(key, value)| {
            let text = value_text(value);
            let long = text.contains('\n') || text.len() > 80;
            view! {
                <div>
                    <dt>{label_of(key)}</dt>
                    <dd>{if long { view! { <pre>{text}</pre> }.into_any() } else { text.into_any() }}</dd>
                </div>
            }
        })
        .collect_view();
    Some(view! {
        <details class="run-step-resolved">
            <summary>"Values used"</summary>
            <dl>{rows}</dl>
        </details>
    })
}

#[component]
pub fn RunLog(
    log: Vec<StepLog>,
    /// A Test's log: said as what would happen.
    #[prop(optional)]
    trial: bool,
    /// The workspace time zone times are shown in.
    time_zone: String,
) -> impl IntoView {
    if log.is_empty() {
        return view! { <p class="empty-state-inline">"No step has run yet."</p> }.into_any();
    }
    let entries = log
        .into_iter()
        .map(|entry| {
            let changes: Vec<AnyView> = entry
                .changes
                .as_array()
                .map(|all| {
                    all.iter()
                        .flat_map(|c| change_words(c.get("result").unwrap_or(&Value::Null), trial))
                        .collect()
                })
                .unwrap_or_default();
            let changed = (!changes.is_empty()).then(|| view! { <ul class="run-step-changes">{changes}</ul> });
            let when = (!trial).then(|| {
                let took = entry.finished_at - entry.started_at;
                let at = moment_in(entry.started_at, &time_zone);
                let took = (took >= 1000).then(|| format!(" · took {} s", took / 1000));
                view! { <span class="run-step-time">{at}{took}</span> }
            });
            let step = entry.step.map(|s| format!("Step {s}"));
            view! {
                <li class="run-step" data-status=entry.status.key()>
                    <div class="run-step-head">
                        <span class=status_badge(entry.status)>{status_label(entry.status, trial)}</span>
                        <strong>{entry.name.clone()}</strong>
                        {step.map(|s| view! { <span class="muted">{s}</span> })}
                        {when}
                    </div>
                    <p class="run-step-message">{entry.message.clone()}</p>
                    {changed}
                    {resolved_view(&entry.resolved)}
                </li>
            }
        })
        .collect_view();
    view! { <ol class="run-log">{entries}</ol> }.into_any()
}
