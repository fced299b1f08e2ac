//! The side panel's fields for the actions beyond Opportunity: tasks, notes and calls,
//! If/Else and Wait, contact tags, Send Webhook.
use super::bind::{bind, id_text, text_id};
use super::conditions::ConditionList;
use super::context::FormContext;
use super::inputs::{SelectInput, TextInput};
use crate::domain::account::UserId;
use crate::domain::activity::CallOutcome;
use crate::domain::workflow::{
    Action, Assignee, Branch, Condition, Duration, Operator, Step, TimeUnit, WaitUntil,
};
use leptos::prelude::*;

/// The fields of such an action, or `None` for an Opportunity one.
pub fn other_fields(edited: RwSignal<Step>, ctx: &FormContext) -> Option<AnyView> {
    let kind = edited.with_untracked(|s| s.action.label());
    let merge = ctx.merge.clone();
    Some(match kind {
        "Create Task" => task_fields(edited, ctx),
        "Add Note" => {
            let (body, set) = bind(
                edited,
                |a| match a {
                    Action::AddNote { body } => body.clone(),
                    _ => String::new(),
                },
                |a, v| {
                    if let Action::AddNote { body } = a {
                        *body = v;
                    }
                },
            );
            view! { <TextInput id="field-body" label="Note" value=body set required=true multiline=true merge error=ctx.err("body") /> }.into_any()
        }
        "Log Call" => {
            let (notes, set_notes) = bind(
                edited,
                |a| match a {
                    Action::LogCall { notes, .. } => notes.clone(),
                    _ => String::new(),
                },
                |a, v| {
                    if let Action::LogCall { notes, .. } = a {
                        *notes = v;
                    }
                },
            );
            let (outcome, set_outcome) = bind(
                edited,
                |a| match a {
                    Action::LogCall { outcome, .. } => outcome.clone().unwrap_or_default(),
                    _ => String::new(),
                },
                |a, v| {
                    if let Action::LogCall { outcome, .. } = a {
                        *outcome = (!v.is_empty()).then_some(v);
                    }
                },
            );
            let options = std::iter::once((String::new(), "No outcome".to_string()))
                .chain(CallOutcome::ALL.map(|o| (o.key().to_string(), o.label().to_string())))
                .collect();
            view! {
                <SelectInput id="field-outcome" label="Outcome" options value=outcome set=set_outcome error=ctx.err("outcome") />
                <TextInput id="field-notes" label="Notes" value=notes set=set_notes multiline=true merge error=ctx.err("notes") />
            }
            .into_any()
        }
        "Add Contact Tag" | "Remove Contact Tag" => {
            let (tag, set) = bind(
                edited,
                |a| match a {
                    Action::AddContactTag { tag } | Action::RemoveContactTag { tag } => tag.clone(),
                    _ => String::new(),
                },
                |a, v| {
                    if let Action::AddContactTag { tag } | Action::RemoveContactTag { tag } = a {
                        *tag = v;
                    }
                },
            );
            view! { <TextInput id="field-tag" label="Tag" value=tag set required=true merge error=ctx.err("tag") /> }.into_any()
        }
        "Send Webhook" => webhook_fields(edited, ctx),
        "Wait" => wait_fields(edited, ctx),
        "If/Else" => branch_fields(edited, ctx),
        _ => return None,
    })
}

fn task_fields(edited: RwSignal<Step>, ctx: &FormContext) -> AnyView {
    let text = |get: fn(&Action) -> String, put: fn(&mut Action, String)| bind(edited, get, put);
    let (title, set_title) = text(
        |a| match a {
            Action::CreateTask { title, .. } => title.clone(),
            _ => String::new(),
        },
        |a, v| {
            if let Action::CreateTask { title, .. } = a {
                *title = v;
            }
        },
    );
    let (description, set_description) = text(
        |a| match a {
            Action::CreateTask { description, .. } => description.clone(),
            _ => String::new(),
        },
        |a, v| {
            if let Action::CreateTask { description, .. } = a {
                *description = v;
            }
        },
    );
    let (assignee, set_assignee) = text(
        |a| match a {
            Action::CreateTask {
                assignee: Assignee::User(u),
                ..
            } => id_text(u.0),
            _ => String::new(),
        },
        |a, v| {
            if let Action::CreateTask { assignee, .. } = a {
                *assignee =
                    text_id(&v).map_or(Assignee::DealOwner, |id| Assignee::User(UserId(id)));
            }
        },
    );
    let (days, set_days) = text(
        |a| match a {
            Action::CreateTask {
                due_in: Some(d), ..
            } => d.amount.to_string(),
            _ => String::new(),
        },
        |a, v| {
            if let Action::CreateTask { due_in, .. } = a {
                *due_in = v.trim().parse().ok().map(|amount| Duration {
                    amount,
                    unit: TimeUnit::Days,
                });
            }
        },
    );
    let mut assignees = vec![(String::new(), "The deal owner".to_string())];
    assignees.extend(ctx.user_options());
    let merge = ctx.merge.clone();
    view! {
        <TextInput id="field-title" label="Title" value=title set=set_title required=true merge=merge.clone() error=ctx.err("title") />
        <TextInput id="field-description" label="Description" value=description set=set_description multiline=true merge error=ctx.err("description") />
        <SelectInput id="field-assignee" label="Assign to" options=assignees value=assignee set=set_assignee error=ctx.err("assignee") />
        <TextInput id="field-due" label="Due in (days)" value=days set=set_days hint="Empty: the task has no due date." error=ctx.err("due_in") />
    }
    .into_any()
}

fn webhook_fields(edited: RwSignal<Step>, ctx: &FormContext) -> AnyView {
    let (url, set_url) = bind(
        edited,
        |a| match a {
            Action::SendWebhook { url, .. } => url.clone(),
            _ => String::new(),
        },
        |a, v| {
            if let Action::SendWebhook { url, .. } = a {
                *url = v;
            }
        },
    );
    let (body, set_body) = bind(
        edited,
        |a| match a {
            Action::SendWebhook { body, .. } => body.clone().unwrap_or_default(),
            _ => String::new(),
        },
        |a, v| {
            if let Action::SendWebhook { body, .. } = a {
                *body = (!v.trim().is_empty()).then_some(v);
            }
        },
    );
    let (secret, set_secret) = bind(
        edited,
        |a| match a {
            Action::SendWebhook { secret, .. } => secret.clone(),
            _ => String::new(),
        },
        |a, v| {
            if let Action::SendWebhook { secret, .. } = a {
                *secret = v;
            }
        },
    );
    let merge = ctx.merge.clone();
    view! {
        <TextInput id="field-url" label="URL" value=url set=set_url required=true merge=merge.clone() hint="An https:// or http:// address." error=ctx.err("url") />
        <TextInput id="field-webhook-body" label="Body (JSON)" value=body set=set_body multiline=true merge hint="Empty: the deal and contact as JSON." error=ctx.err("body") />
        <TextInput id="field-secret" label="Signing secret" value=secret set=set_secret hint="Signs each delivery the Standard Webhooks way (webhook-signature)." error=ctx.err("secret") />
    }
    .into_any()
}

fn wait_fields(edited: RwSignal<Step>, ctx: &FormContext) -> AnyView {
    let until = move || {
        edited.with(|s| match &s.action {
            Action::Wait { until } => Some(until.clone()),
            _ => None,
        })
    };
    let set_until = move |next: WaitUntil| {
        edited.update(|s| {
            if let Action::Wait { until } = &mut s.action {
                *until = next;
            }
        })
    };
    let kind = Signal::derive(move || {
        match until() {
            Some(WaitUntil::DateTime { .. }) => "date_time",
            Some(WaitUntil::DateField { .. }) => "date_field",
            Some(WaitUntil::TimeOfDay { .. }) => "time_of_day",
            _ => "duration",
        }
        .to_string()
    });
    let set_kind = move |k: String| {
        set_until(match k.as_str() {
            "date_time" => WaitUntil::DateTime { at: String::new() },
            "date_field" => WaitUntil::DateField {
                field: "opportunity.expected_close_date".into(),
                offset_days: 0,
                at_time: None,
            },
            "time_of_day" => WaitUntil::TimeOfDay {
                time: "09:00".into(),
                days: vec![1, 2, 3, 4, 5],
            },
            _ => WaitUntil::Duration {
                duration: Duration {
                    amount: 1,
                    unit: TimeUnit::Days,
                },
            },
        })
    };
    let kinds = [
        ("duration", "For a length of time"),
        ("date_time", "Until a date and time"),
        ("date_field", "Until a date field of the deal or contact"),
        ("time_of_day", "Until a time of day"),
    ]
    .map(|(k, l)| (k.to_string(), l.to_string()))
    .to_vec();
    let error = ctx.err("until");
    let detail = move || match until() {
        Some(WaitUntil::Duration { duration }) => {
            let amount = Signal::derive(move || duration.amount.to_string());
            let unit = Signal::derive(move || format!("{:?}", duration.unit).to_lowercase());
            let set_amount = move |v: String| {
                if let Ok(amount) = v.trim().parse() {
                    set_until(WaitUntil::Duration {
                        duration: Duration { amount, ..duration },
                    });
                }
            };
            let set_unit = move |v: String| {
                let unit = match v.as_str() {
                    "minutes" => TimeUnit::Minutes,
                    "hours" => TimeUnit::Hours,
                    _ => TimeUnit::Days,
                };
                set_until(WaitUntil::Duration {
                    duration: Duration { unit, ..duration },
                });
            };
            let units = [("minutes", "Minutes"), ("hours", "Hours"), ("days", "Days")]
                .map(|(k, l)| (k.to_string(), l.to_string()))
                .to_vec();
            view! {
                <div class="field-row">
                    <TextInput id="field-wait-amount" label="Wait for" value=amount set=set_amount required=true />
                    <SelectInput id="field-wait-unit" label="Unit" options=units value=unit set=set_unit />
                </div>
            }
            .into_any()
        }
        Some(WaitUntil::DateTime { at }) => {
            let value = Signal::derive(move || at.clone());
            let set = move |v: String| set_until(WaitUntil::DateTime { at: v });
            view! { <TextInput id="field-wait-at" label="Date and time" value set required=true hint="As 2027-03-01T09:00, in the workspace time zone." /> }.into_any()
        }
        Some(WaitUntil::DateField {
            field,
            offset_days,
            at_time,
        }) => {
            let (f, t) = (field.clone(), at_time.clone());
            let value = Signal::derive(move || f.clone());
            let offset = Signal::derive(move || offset_days.to_string());
            let set_field = {
                let t = t.clone();
                move |v: String| {
                    set_until(WaitUntil::DateField {
                        field: v,
                        offset_days,
                        at_time: t.clone(),
                    })
                }
            };
            let set_offset = move |v: String| {
                if let Ok(days) = v.trim().parse() {
                    set_until(WaitUntil::DateField {
                        field: field.clone(),
                        offset_days: days,
                        at_time: t.clone(),
                    });
                }
            };
            view! {
                <TextInput id="field-wait-field" label="Date field" value set=set_field required=true hint="Such as opportunity.expected_close_date or opportunity.custom.renewal." />
                <TextInput id="field-wait-offset" label="Days after (negative: before)" value=offset set=set_offset />
            }
            .into_any()
        }
        Some(WaitUntil::TimeOfDay { time, days }) => {
            let value = Signal::derive(move || time.clone());
            let set = move |v: String| {
                set_until(WaitUntil::TimeOfDay {
                    time: v,
                    days: days.clone(),
                })
            };
            view! { <TextInput id="field-wait-time" label="Time of day" value set required=true hint="As 09:00, on weekdays, in the workspace time zone." /> }.into_any()
        }
        None => ().into_any(),
    };
    view! {
        <SelectInput id="field-wait-kind" label="Wait" options=kinds value=kind set=set_kind />
        {detail}
        {move || error.get().map(|m| view! { <p class="field-error">{m}</p> })}
    }
    .into_any()
}

/// If/Else: each branch's name and conditions, `Add branch`, `Remove branch` (its steps
/// go with it); None is always last.
fn branch_fields(edited: RwSignal<Step>, ctx: &FormContext) -> AnyView {
    let count = Signal::derive(move || {
        edited.with(|s| match &s.action {
            Action::IfElse { branches, .. } => branches.len(),
            _ => 0,
        })
    });
    let update = move |index: usize, change: Box<dyn FnOnce(&mut Branch)>| {
        edited.update(|s| {
            if let Action::IfElse { branches, .. } = &mut s.action {
                if let Some(b) = branches.get_mut(index) {
                    change(b);
                }
            }
        })
    };
    let add = move |_| {
        edited.update(|s| {
            if let Action::IfElse { branches, .. } = &mut s.action {
                let n = branches.len() + 1;
                branches.push(Branch {
                    name: format!("Branch {n}"),
                    conditions: vec![Condition {
                        field: "opportunity.status".into(),
                        operator: Operator::Is,
                        value: "open".into(),
                    }],
                    steps: Vec::new(),
                });
            }
        })
    };
    let error = ctx.err("branches");
    view! {
        <p class="hint">"A run takes the first branch whose conditions all hold; when none does, None."</p>
        {move || {
            (0..count.get())
                .map(|index| {
                    let name = Signal::derive(move || {
                        edited.with(|s| match &s.action {
                            Action::IfElse { branches, .. } => branches.get(index).map(|b| b.name.clone()).unwrap_or_default(),
                            _ => String::new(),
                        })
                    });
                    let rows = Signal::derive(move || {
                        edited.with(|s| match &s.action {
                            Action::IfElse { branches, .. } => branches.get(index).map(|b| b.conditions.clone()).unwrap_or_default(),
                            _ => Vec::new(),
                        })
                    });
                    let set_rows = Callback::new(move |next: Vec<Condition>| update(index, Box::new(move |b| b.conditions = next)));
                    let set_name = Callback::new(move |v: String| update(index, Box::new(move |b| b.name = v)));
                    let title = Signal::derive(move || name.get());
                    let remove = move |_| {
                        edited.update(|s| {
                            if let Action::IfElse { branches, .. } = &mut s.action {
                                if branches.len() > 1 && index < branches.len() {
                                    branches.remove(index);
                                }
                            }
                        })
                    };
                    view! {
                        <div class="branch-fields">
                            <div class="field">
                                <label for=format!("field-branch-{index}")>{format!("Branch {} name", index + 1)}</label>
                                <input id=format!("field-branch-{index}") type="text" prop:value=name on:input=move |ev| set_name.run(event_target_value(&ev)) />
                            </div>
                            <ConditionList id=format!("branch-{index}") title=title.get_untracked() rows set=set_rows />
                            <button type="button" class="link-button" disabled=move || count.get() <= 1 on:click=remove>
                                {move || format!("Remove branch {}", name.get())}
                            </button>
                        </div>
                    }
                })
                .collect_view()
        }}
        <button type="button" class="button button-small" on:click=add>"Add branch"</button>
        {move || error.get().map(|m| view! { <p class="field-error">{m}</p> })}
    }
    .into_any()
}
