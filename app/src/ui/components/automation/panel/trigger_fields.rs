//! The side panel for a trigger: what starts the workflow, its settings (pipeline and
//! stages, statuses, days, tag, fields, the webhook's address), its filters, `Save
//! Trigger` and `Remove trigger`.
use super::bind::{id_text, text_id};
use super::conditions::ConditionList;
use super::context::FormContext;
use super::inputs::{SelectInput, TextInput};
use super::NotSaved;
use crate::api::AppError;
use crate::domain::activity::MeetingStatus;
use crate::domain::opportunity::Status;
use crate::domain::pipeline::{PipelineId, StageId};
use crate::domain::workflow::{Condition, ManualRecords, Trigger, TriggerEvent};
use crate::ui::components::automation::canvas::Node;
use crate::ui::components::automation::state::Builder;
use crate::ui::components::shell::Toast;
use leptos::prelude::*;

/// Every trigger, as the type select offers them, with the settings it starts with.
pub fn blank_event(label: &str) -> Option<TriggerEvent> {
    Some(match label {
        "Opportunity Created" => TriggerEvent::OpportunityCreated,
        "Opportunity Changed" => TriggerEvent::OpportunityChanged { fields: Vec::new() },
        "Pipeline Stage Changed" => TriggerEvent::PipelineStageChanged {
            pipeline: None,
            from_stage: None,
            to_stage: None,
        },
        "Opportunity Status Changed" => TriggerEvent::OpportunityStatusChanged {
            from: None,
            to: None,
        },
        "Stale Opportunity" => TriggerEvent::StaleOpportunity { days: 7 },
        "Meeting Created or Modified" => TriggerEvent::MeetingCreatedOrModified { status: None },
        "Contact Created" => TriggerEvent::ContactCreated,
        "Contact Changed" => TriggerEvent::ContactChanged { fields: Vec::new() },
        "Contact Tag Added" => TriggerEvent::ContactTagAdded { tag: None },
        "Contact Tag Removed" => TriggerEvent::ContactTagRemoved { tag: None },
        "Inbound Webhook" => TriggerEvent::InboundWebhook {
            token: secret_token(),
            email_path: Some("email".into()),
            phone_path: None,
            name_path: None,
        },
        "Manual" => TriggerEvent::Manual {
            records: ManualRecords::Any,
        },
        _ => return None,
    })
}

pub const TRIGGER_LABELS: [&str; 12] = [
    "Opportunity Created",
    "Opportunity Changed",
    "Pipeline Stage Changed",
    "Opportunity Status Changed",
    "Stale Opportunity",
    "Meeting Created or Modified",
    "Contact Created",
    "Contact Changed",
    "Contact Tag Added",
    "Contact Tag Removed",
    "Inbound Webhook",
    "Manual",
];

/// 32 random hex digits from the browser's cryptographic generator: the secret in an
/// Inbound Webhook's address.
fn secret_token() -> String {
    #[cfg(feature = "hydrate")]
    {
        let mut bytes = [0u8; 16];
        if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
            let _ = crypto.get_random_values_with_u8_array(&mut bytes);
        }
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
    #[cfg(not(feature = "hydrate"))]
    String::new()
}

#[component]
pub fn TriggerPanel(index: usize) -> impl IntoView {
    let builder = Builder::expect();
    let Some(trigger) = builder
        .draft
        .with_untracked(|d| d.triggers.get(index).cloned())
    else {
        return view! { <h2 id="panel-title" tabindex="-1">"Trigger removed"</h2> }.into_any();
    };
    let original = StoredValue::new(trigger.clone());
    let edited = RwSignal::new(trigger);
    let error = RwSignal::new(None::<AppError>);
    builder.track_unsaved(edited, original);
    let ctx = builder.workspace.with_value(|w| FormContext {
        key: 0,
        merge: Vec::new(),
        pipelines: w.pipelines.clone(),
        users: w.users.clone(),
        error,
    });
    let kind = Signal::derive(move || edited.with(|t| t.event.label().to_string()));
    let set_kind = move |label: String| {
        if let Some(event) = blank_event(&label) {
            edited.update(|t| t.event = event);
        }
    };
    let options = TRIGGER_LABELS
        .map(|l| (l.to_string(), l.to_string()))
        .to_vec();
    let rows = Signal::derive(move || edited.with(|t| t.filters.clone()));
    let set_rows = Callback::new(move |next: Vec<Condition>| edited.update(|t| t.filters = next));
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let trigger = edited.get_untracked();
        let mut next = builder.draft.get_untracked();
        let Some(slot) = next.triggers.get_mut(index) else {
            return;
        };
        *slot = trigger.clone();
        builder.save(next, move |outcome| match outcome {
            // The panel may have been closed while the save was under way.
            Ok(()) => {
                original.try_set_value(trigger.clone());
                builder.unsaved.set(false);
                error.try_set(None);
                Toast::success(format!("Saved the {} trigger.", trigger.event.label()));
            }
            Err(err) => {
                error.try_set(Some(err));
            }
        });
    };
    let remove = move |_| {
        builder.unsaved.set(false);
        builder.edit(
            move |d| {
                if index < d.triggers.len() {
                    d.triggers.remove(index);
                    true
                } else {
                    false
                }
            },
            move || {
                builder.selected.set(None);
                Toast::success("Removed the trigger.");
            },
        );
    };
    let problems = move || {
        error.with(|e| match e {
            Some(AppError::InvalidFields(list)) => list
                .iter()
                .filter(|(f, _)| !f.starts_with("steps."))
                .map(|(_, m)| m.clone())
                .collect::<Vec<_>>(),
            Some(other) => vec![other.to_string()],
            None => Vec::new(),
        })
    };
    let ctx_settings = ctx.clone();
    view! {
        <form class="form panel-form" on:submit=save novalidate=true>
            <p class="flow-kind">{format!("Trigger {}", index + 1)}</p>
            <h2 id="panel-title" tabindex="-1">{move || kind.get()}</h2>
            <NotSaved what="trigger" problems=Signal::derive(problems) />
            <SelectInput id="field-trigger" label="Starts when" options value=kind set=set_kind required=true />
            {move || settings(edited, &ctx_settings, kind.get())}
            <ConditionList id="trigger-filters" title="Filters" hint="All must hold for a record to enter." rows set=set_rows />
            <div class="panel-actions">
                <button type="submit" class="button button-primary" disabled=move || builder.saving.get()>"Save Trigger"</button>
                <button type="button" class="button button-danger" on:click=remove>"Remove trigger"</button>
            </div>
        </form>
    }
    .into_any()
}

/// The settings of the trigger's event; re-drawn when its type changes.
fn settings(edited: RwSignal<Trigger>, ctx: &FormContext, _kind: String) -> AnyView {
    let event = edited.get_untracked().event;
    let set =
        move |change: Box<dyn FnOnce(&mut TriggerEvent)>| edited.update(|t| change(&mut t.event));
    match event {
        TriggerEvent::PipelineStageChanged { pipeline, .. } => {
            let mut pipelines = vec![(String::new(), "Any pipeline".to_string())];
            pipelines.extend(ctx.pipeline_options());
            let get = move |pick: fn(&TriggerEvent) -> Option<i64>| {
                Signal::derive(move || {
                    edited.with(|t| pick(&t.event).map(id_text).unwrap_or_default())
                })
            };
            let stage_options = ctx.stage_options(pipeline, Some("Any stage"));
            view! {
                <SelectInput id="field-trigger-pipeline" label="Pipeline" options=pipelines
                    value=get(|e| match e { TriggerEvent::PipelineStageChanged { pipeline, .. } => pipeline.map(|p| p.0), _ => None })
                    set=move |v: String| set(Box::new(move |e| if let TriggerEvent::PipelineStageChanged { pipeline, from_stage, to_stage } = e {
                        *pipeline = text_id(&v).map(PipelineId);
                        *from_stage = None;
                        *to_stage = None;
                    })) />
                <SelectInput id="field-trigger-from" label="From stage" options=stage_options.clone()
                    value=get(|e| match e { TriggerEvent::PipelineStageChanged { from_stage, .. } => from_stage.map(|s| s.0), _ => None })
                    set=move |v: String| set(Box::new(move |e| if let TriggerEvent::PipelineStageChanged { from_stage, .. } = e { *from_stage = text_id(&v).map(StageId) })) />
                <SelectInput id="field-trigger-to" label="To stage" options=stage_options
                    value=get(|e| match e { TriggerEvent::PipelineStageChanged { to_stage, .. } => to_stage.map(|s| s.0), _ => None })
                    set=move |v: String| set(Box::new(move |e| if let TriggerEvent::PipelineStageChanged { to_stage, .. } = e { *to_stage = text_id(&v).map(StageId) })) />
            }
            .into_any()
        }
        TriggerEvent::OpportunityStatusChanged { .. } => {
            let statuses: Vec<(String, String)> =
                std::iter::once((String::new(), "Any status".to_string()))
                    .chain(Status::ALL.map(|s| (s.key().to_string(), s.label().to_string())))
                    .collect();
            let get = move |to: bool| {
                Signal::derive(move || {
                    edited.with(|t| match &t.event {
                        TriggerEvent::OpportunityStatusChanged { from, to: after } => {
                            (if to { *after } else { *from })
                                .map(|s| s.key().to_string())
                                .unwrap_or_default()
                        }
                        _ => String::new(),
                    })
                })
            };
            view! {
                <SelectInput id="field-trigger-status-from" label="From status" options=statuses.clone() value=get(false)
                    set=move |v: String| set(Box::new(move |e| if let TriggerEvent::OpportunityStatusChanged { from, .. } = e { *from = Status::from_key(&v) })) />
                <SelectInput id="field-trigger-status-to" label="To status" options=statuses value=get(true)
                    set=move |v: String| set(Box::new(move |e| if let TriggerEvent::OpportunityStatusChanged { to, .. } = e { *to = Status::from_key(&v) })) />
            }
            .into_any()
        }
        TriggerEvent::MeetingCreatedOrModified { .. } => {
            let statuses: Vec<(String, String)> =
                std::iter::once((String::new(), "Any status".to_string()))
                    .chain(MeetingStatus::ALL.map(|s| (s.key().to_string(), s.label().to_string())))
                    .collect();
            let value = Signal::derive(move || {
                edited.with(|t| match &t.event {
                    TriggerEvent::MeetingCreatedOrModified { status } => {
                        status.map(|s| s.key().to_string()).unwrap_or_default()
                    }
                    _ => String::new(),
                })
            });
            view! {
                <SelectInput id="field-trigger-meeting" label="Meeting status" options=statuses value
                    set=move |v: String| set(Box::new(move |e| if let TriggerEvent::MeetingCreatedOrModified { status } = e { *status = MeetingStatus::from_key(&v) })) />
            }
            .into_any()
        }
        TriggerEvent::StaleOpportunity { .. } => {
            let value = Signal::derive(move || {
                edited.with(|t| match &t.event {
                    TriggerEvent::StaleOpportunity { days } => days.to_string(),
                    _ => String::new(),
                })
            });
            view! {
                <TextInput id="field-trigger-days" label="Days without a stage change or activity" value required=true
                    set=move |v: String| set(Box::new(move |e| if let TriggerEvent::StaleOpportunity { days } = e { *days = v.trim().parse().unwrap_or(0) })) />
            }
            .into_any()
        }
        TriggerEvent::OpportunityChanged { .. } | TriggerEvent::ContactChanged { .. } => {
            let value = Signal::derive(move || {
                edited.with(|t| match &t.event {
                    TriggerEvent::OpportunityChanged { fields }
                    | TriggerEvent::ContactChanged { fields } => fields.join(", "),
                    _ => String::new(),
                })
            });
            view! {
                <TextInput id="field-trigger-fields" label="Fields" value hint="Comma separated, such as stage, value. Empty: any field."
                    set=move |v: String| set(Box::new(move |e| if let TriggerEvent::OpportunityChanged { fields } | TriggerEvent::ContactChanged { fields } = e {
                        *fields = v.split(',').map(|f| f.trim().to_string()).filter(|f| !f.is_empty()).collect();
                    })) />
            }
            .into_any()
        }
        TriggerEvent::ContactTagAdded { .. } | TriggerEvent::ContactTagRemoved { .. } => {
            let value = Signal::derive(move || {
                edited.with(|t| match &t.event {
                    TriggerEvent::ContactTagAdded { tag }
                    | TriggerEvent::ContactTagRemoved { tag } => tag.clone().unwrap_or_default(),
                    _ => String::new(),
                })
            });
            view! {
                <TextInput id="field-trigger-tag" label="Tag" value hint="Empty: any tag."
                    set=move |v: String| set(Box::new(move |e| if let TriggerEvent::ContactTagAdded { tag } | TriggerEvent::ContactTagRemoved { tag } = e {
                        *tag = (!v.trim().is_empty()).then(|| v.trim().to_string());
                    })) />
            }
            .into_any()
        }
        TriggerEvent::InboundWebhook { token, .. } => {
            let path = move |pick: fn(&TriggerEvent) -> Option<String>| {
                Signal::derive(move || edited.with(|t| pick(&t.event).unwrap_or_default()))
            };
            let address = format!("/api/hooks/{token}");
            view! {
                <div class="field">
                    <label for="field-webhook-address">"Webhook address (POST JSON here)"</label>
                    <input id="field-webhook-address" type="text" readonly=true value=address />
                </div>
                <TextInput id="field-email-path" label="Email is at" value=path(|e| match e { TriggerEvent::InboundWebhook { email_path, .. } => email_path.clone(), _ => None })
                    hint="Where in the JSON the contact's email is, such as contact.email."
                    set=move |v: String| set(Box::new(move |e| if let TriggerEvent::InboundWebhook { email_path, .. } = e { *email_path = (!v.trim().is_empty()).then(|| v.trim().to_string()) })) />
                <TextInput id="field-phone-path" label="Phone is at" value=path(|e| match e { TriggerEvent::InboundWebhook { phone_path, .. } => phone_path.clone(), _ => None })
                    set=move |v: String| set(Box::new(move |e| if let TriggerEvent::InboundWebhook { phone_path, .. } = e { *phone_path = (!v.trim().is_empty()).then(|| v.trim().to_string()) })) />
            }
            .into_any()
        }
        TriggerEvent::Manual { .. } => {
            let options = [
                (ManualRecords::Any, "Deals and contacts"),
                (ManualRecords::Opportunities, "Deals"),
                (ManualRecords::Contacts, "Contacts"),
            ];
            let key = |r: ManualRecords| match r {
                ManualRecords::Any => "any",
                ManualRecords::Opportunities => "opportunities",
                ManualRecords::Contacts => "contacts",
            };
            let value = Signal::derive(move || {
                edited.with(|t| match &t.event {
                    TriggerEvent::Manual { records } => key(*records).to_string(),
                    _ => String::new(),
                })
            });
            let choices = options
                .map(|(r, l)| (key(r).to_string(), l.to_string()))
                .to_vec();
            view! {
                <SelectInput id="field-trigger-records" label="Started by hand on" options=choices value
                    set=move |v: String| set(Box::new(move |e| if let TriggerEvent::Manual { records } = e {
                        *records = options.iter().map(|(r, _)| *r).find(|r| key(*r) == v).unwrap_or_default();
                    })) />
            }
            .into_any()
        }
        TriggerEvent::OpportunityCreated | TriggerEvent::ContactCreated => ().into_any(),
    }
}

/// Adds a trigger (Opportunity Created to start with) and opens it in the panel.
pub fn add_trigger(builder: Builder) {
    if !builder.may_leave_panel() {
        return;
    }
    let index = builder.draft.with_untracked(|d| d.triggers.len());
    builder.edit(
        |d| {
            d.triggers.push(Trigger {
                event: TriggerEvent::OpportunityCreated,
                filters: Vec::new(),
            });
            true
        },
        move || {
            builder.selected.set(Some(Node::Trigger(index)));
            crate::ui::dom::focus_later("field-trigger".into());
        },
    );
}
