//! `Create Opportunity`: name, value, pipeline, stage, status, contact (picked or typed),
//! source, expected close date and owner, then `Create`.
use super::contact_picker::ContactPicker;
use crate::api::opportunities::{create_opportunity, CreateOpportunityForm};
use crate::api::AppError;
use crate::domain::board::{Card, Named, Pipeline};
use crate::domain::currency::Currency;
use crate::domain::money::max_amount;
use crate::domain::opportunity::Status;
use crate::ui::components::dialog::Modal;
use crate::ui::components::forms::{BoundField, FormError};
use crate::ui::components::shell::Toast;
use crate::ui::unsaved::spawn_saving;
use leptos::prelude::*;

/// The dialog's fields: an error about one of them is shown beside it, others on top.
const FIELDS: &[&str] = &[
    "name",
    "value",
    "stage",
    "status",
    "contact",
    "contact_name",
    "contact_email",
    "contact_phone",
    "source",
    "expected_close",
    "owner",
];

#[component]
pub fn CreateOpportunityDialog(
    open: RwSignal<bool>,
    pipelines: Vec<Pipeline>,
    users: Vec<Named>,
    me: i64,
    currency: Currency,
    /// The pipeline on screen: the default choice.
    pipeline: Option<i64>,
    #[prop(into)] on_created: Callback<Card>,
) -> impl IntoView {
    let first_open_stage = |p: &Pipeline| {
        p.stages
            .first()
            .map(|s| s.id.0.to_string())
            .unwrap_or_default()
    };
    let initial_pipeline = pipeline
        .or(pipelines.first().map(|p| p.id.0))
        .unwrap_or_default();
    let blank = {
        let stage = pipelines
            .iter()
            .find(|p| p.id.0 == initial_pipeline)
            .map(first_open_stage)
            .unwrap_or_default();
        CreateOpportunityForm {
            stage,
            status: "open".into(),
            owner: me.to_string(),
            ..Default::default()
        }
    };
    let form = RwSignal::new(blank.clone());
    let chosen_pipeline = RwSignal::new(initial_pipeline);
    let new_contact = RwSignal::new(false);
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    let picker_key = RwSignal::new(0u32);
    let pipelines = StoredValue::new(pipelines);

    let reset = move || {
        form.set(blank.clone());
        chosen_pipeline.set(initial_pipeline);
        new_contact.set(false);
        error.set(None);
        picker_key.update(|k| *k += 1);
    };
    let close = Callback::new(move |_: ()| {
        open.set(false);
        reset();
    });
    let submit = {
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let mut sent = form.get_untracked();
            if new_contact.get_untracked() {
                sent.contact_id.clear();
            } else {
                sent.contact_name.clear();
                sent.contact_email.clear();
                sent.contact_phone.clear();
            }
            pending.set(true);
            spawn_saving(async move {
                match create_opportunity(sent).await {
                    Ok(card) => {
                        Toast::success(format!("\u{201c}{}\u{201d} created.", card.name));
                        close.run(());
                        on_created.run(card);
                    }
                    Err(err) => error.set(Some(err)),
                }
                pending.set(false);
            });
        }
    };
    let field_error = move |field: &'static str| {
        Signal::derive(move || error.get().and_then(|e| e.for_field(field)))
    };
    let text = move |key: &'static str, label: &'static str, kind: &'static str| {
        let get = move || {
            form.with(|f| match key {
                "name" => f.name.clone(),
                "source" => f.source.clone(),
                "expected_close" => f.expected_close.clone(),
                "contact_name" => f.contact_name.clone(),
                "contact_email" => f.contact_email.clone(),
                _ => f.contact_phone.clone(),
            })
        };
        let set = move |value: String| {
            form.update(|f| {
                let slot = match key {
                    "name" => &mut f.name,
                    "source" => &mut f.source,
                    "expected_close" => &mut f.expected_close,
                    "contact_name" => &mut f.contact_name,
                    "contact_email" => &mut f.contact_email,
                    _ => &mut f.contact_phone,
                };
                *slot = value;
            })
        };
        view! {
            <BoundField
                id=format!("create-{key}")
                label=label
                kind=kind
                value=Signal::derive(get)
                on_input=set
                error=field_error(key)
            />
        }
    };
    let stages = move || {
        pipelines.with_value(|ps| {
            ps.iter()
                .find(|p| p.id.0 == chosen_pipeline.get())
                .map(|p| p.stages.clone())
                .unwrap_or_default()
        })
    };
    view! {
        <Modal id="create-opportunity" open on_close=close title="Create Opportunity">
            <form class="form" on:submit=submit novalidate>
                <FormError errors=error.into() fields=FIELDS />
                <div class="form-grid">
                    {text("name", "Opportunity name", "text")}
                    <BoundField
                        id="create-value"
                        label=format!("Value ({})", currency.code())
                        kind="text"
                        inputmode=Some("decimal")
                        hint=Some(format!("Up to {}.", max_amount(currency.minor_digits())))
                        value=Signal::derive(move || form.with(|f| f.value.clone()))
                        on_input=move |value| form.update(|f| f.value = value)
                        error=field_error("value")
                    />
                    <div class="field">
                        <label for="create-pipeline">"Pipeline"</label>
                        <select
                            id="create-pipeline"
                            on:change=move |ev| {
                                let id: i64 = event_target_value(&ev).parse().unwrap_or_default();
                                chosen_pipeline.set(id);
                                let stage = pipelines.with_value(|ps| ps.iter().find(|p| p.id.0 == id).map(first_open_stage)).unwrap_or_default();
                                form.update(|f| f.stage = stage);
                            }
                        >
                            {pipelines
                                .get_value()
                                .into_iter()
                                .map(|p| view! { <option value=p.id.0.to_string() selected=p.id.0 == initial_pipeline>{p.name}</option> })
                                .collect_view()}
                        </select>
                    </div>
                    <div class="field">
                        <label for="create-stage">"Stage"</label>
                        <select id="create-stage" on:change=move |ev| form.update(|f| f.stage = event_target_value(&ev))>
                            {move || {
                                stages()
                                    .into_iter()
                                    .map(|s| {
                                        let value = s.id.0.to_string();
                                        let selected = form.with(|f| f.stage == value);
                                        view! { <option value=value selected=selected>{s.name}</option> }
                                    })
                                    .collect_view()
                            }}
                        </select>
                        {move || field_error("stage").get().map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                    <div class="field">
                        <label for="create-status">"Status"</label>
                        <select id="create-status" on:change=move |ev| form.update(|f| f.status = event_target_value(&ev))>
                            {Status::ALL
                                .iter()
                                .map(|s| view! { <option value=s.key() selected=move || form.with(|f| f.status == s.key())>{s.label()}</option> })
                                .collect_view()}
                        </select>
                        <p class="hint">"Won and Lost put the deal in Closed Won or Closed Lost."</p>
                    </div>
                    <div class="field">
                        <label for="create-owner">"Owner"</label>
                        <select id="create-owner" on:change=move |ev| form.update(|f| f.owner = event_target_value(&ev))>
                            <option value="">"Nobody"</option>
                            {users
                                .into_iter()
                                .map(|u| view! { <option value=u.id.to_string() selected=u.id == me>{u.name}</option> })
                                .collect_view()}
                        </select>
                        {move || field_error("owner").get().map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                </div>
                <fieldset class="contact-fieldset">
                    <legend>"Contact"</legend>
                    <Show
                        when=move || new_contact.get()
                        fallback=move || {
                            view! {
                                {move || {
                                    picker_key.track();
                                    view! {
                                        <ContactPicker
                                            label="Find a contact"
                                            name="create-contact"
                                            on_pick=Callback::new(move |id: Option<i64>| form.update(|f| f.contact_id = id.map(|i| i.to_string()).unwrap_or_default()))
                                            error=field_error("contact")
                                        />
                                    }
                                }}
                                <button type="button" class="link-button" on:click=move |_| new_contact.set(true)>
                                    "New contact instead"
                                </button>
                            }
                        }
                    >
                        <div class="form-grid">
                            {text("contact_name", "Contact name", "text")}
                            {text("contact_email", "Contact email", "email")}
                            {text("contact_phone", "Contact phone", "tel")}
                        </div>
                        {move || field_error("contact").get().map(|m| view! { <p class="field-error">{m}</p> })}
                        <button type="button" class="link-button" on:click=move |_| new_contact.set(false)>
                            "Pick an existing contact instead"
                        </button>
                    </Show>
                </fieldset>
                <div class="form-grid">
                    {text("source", "Source", "text")}
                    {text("expected_close", "Expected close date", "date")}
                </div>
                <div class="modal-actions">
                    <button type="button" class="button" on:click=move |_| close.run(())>"Cancel"</button>
                    <button type="submit" class="button button-primary" disabled=pending>"Create"</button>
                </div>
            </form>
        </Modal>
    }
}
