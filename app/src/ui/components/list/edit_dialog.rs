//! `Edit opportunity` from a row's menu: every field of the deal in one form, `Save`
//! writes them in one change (or none, with the problem shown at its field).
use super::ListContext;
use crate::api::opportunities::{save_opportunity, EditOpportunityForm};
use crate::api::AppError;
use crate::domain::list::ListRow;
use crate::domain::money::{max_amount, plain_amount};
use crate::domain::opportunity::Status;
use crate::domain::pipeline::StageKind;
use crate::ui::components::dialog::{lost_reason_options, Modal};
use crate::ui::components::forms::{BoundField, FormError};
use crate::ui::components::shell::Toast;
use leptos::prelude::*;
use leptos::task::spawn_local;

const FIELDS: &[&str] = &[
    "name",
    "value",
    "stage",
    "status",
    "lost_reason",
    "owner",
    "expected_close",
    "source",
];

/// Open while `row` holds the deal being edited.
#[component]
pub fn EditOpportunityDialog(row: RwSignal<Option<ListRow>>) -> impl IntoView {
    let context = expect_context::<ListContext>();
    let view = context.view.get_value();
    let digits = view.currency.minor_digits();
    let form = RwSignal::new(EditOpportunityForm::default());
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    let pipelines = StoredValue::new(view.pipelines.clone());
    let users = view.users.clone();
    // The form starts from the deal each time the dialog opens.
    Effect::new(move |_| {
        if let Some(ListRow {
            card: c,
            source,
            lost_reason,
            ..
        }) = row.get()
        {
            form.set(EditOpportunityForm {
                name: c.name.clone(),
                value: plain_amount(c.value_minor, digits),
                stage: c.stage_id.map(|s| s.0.to_string()).unwrap_or_default(),
                status: c.status.key().to_string(),
                lost_reason: lost_reason.unwrap_or_default(),
                owner: c
                    .owner
                    .as_ref()
                    .map(|o| o.id.to_string())
                    .unwrap_or_default(),
                expected_close: c.expected_close.map(|d| d.to_string()).unwrap_or_default(),
                source: source.unwrap_or_default(),
            });
            error.set(None);
        }
    });
    let close = Callback::new(move |_: ()| row.set(None));
    // Choosing a closed stage sets the matching status, and an open stage reopens, as
    // the rules will; the person sees the outcome before saving.
    let stage_kind = move |stage: &str| {
        pipelines.with_value(|ps| {
            ps.iter()
                .flat_map(|p| p.stages.iter())
                .find(|s| s.id.0.to_string() == stage)
                .map(|s| s.kind)
        })
    };
    let choose_stage = move |ev: leptos::ev::Event| {
        let stage = event_target_value(&ev);
        let status = match stage_kind(&stage) {
            Some(StageKind::Won) => Some(Status::Won),
            Some(StageKind::Lost) => Some(Status::Lost),
            Some(StageKind::Open) => Some(Status::Open),
            None => None,
        };
        form.update(|f| {
            f.stage = stage;
            if let Some(status) = status {
                if f.status != Status::Abandoned.key() || status != Status::Open {
                    f.status = status.key().to_string();
                }
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(original) = row.with_untracked(|r| r.as_ref().map(|r| r.card.clone())) else {
            return;
        };
        let mut sent = form.get_untracked();
        // Only what changed is sent for where the deal stands, so an untouched status
        // never overrides a new stage.
        if sent.stage
            == original
                .stage_id
                .map(|s| s.0.to_string())
                .unwrap_or_default()
        {
            sent.stage.clear();
        }
        if sent.status == original.status.key() {
            sent.status.clear();
        }
        pending.set(true);
        spawn_local(async move {
            match save_opportunity(original.id.0, original.version, sent).await {
                Ok(saved) => {
                    Toast::success(format!("\u{201c}{}\u{201d} saved.", saved.name));
                    row.set(None);
                    context.reload.run(());
                }
                Err(err) => error.set(Some(err)),
            }
            pending.set(false);
        });
    };
    let field_error = move |field: &'static str| {
        Signal::derive(move || error.get().and_then(|e| e.for_field(field)))
    };
    let text = move |key: &'static str, label: &'static str, kind: &'static str| {
        let get = move || {
            form.with(|f| match key {
                "name" => f.name.clone(),
                "value" => f.value.clone(),
                "expected_close" => f.expected_close.clone(),
                "lost_reason" => f.lost_reason.clone(),
                _ => f.source.clone(),
            })
        };
        let set = move |value: String| {
            form.update(|f| {
                *match key {
                    "name" => &mut f.name,
                    "value" => &mut f.value,
                    "expected_close" => &mut f.expected_close,
                    "lost_reason" => &mut f.lost_reason,
                    _ => &mut f.source,
                } = value;
            })
        };
        view! {
            <BoundField
                id=format!("edit-{key}")
                label=label
                kind=kind
                list=(key == "lost_reason").then_some("edit-lost-reasons")
                inputmode=(key == "value").then_some("decimal")
                hint=(key == "value").then(|| format!("Up to {}.", max_amount(digits)))
                value=Signal::derive(get)
                on_input=set
                error=field_error(key)
            />
        }
    };
    view! {
        <Modal id="edit-opportunity" open=Signal::derive(move || row.with(Option::is_some)) on_close=close title="Edit opportunity">
            <form class="form" on:submit=submit novalidate>
                <FormError errors=error.into() fields=FIELDS />
                <div class="form-grid">
                    {text("name", "Opportunity name", "text")}
                    {text("value", "Value", "text")}
                    <div class="field">
                        <label for="edit-stage">"Stage"</label>
                        <select id="edit-stage" on:change=choose_stage prop:value=move || form.with(|f| f.stage.clone())>
                            <option value="" disabled=true>"Unattached"</option>
                            {pipelines
                                .get_value()
                                .into_iter()
                                .map(|p| {
                                    view! {
                                        <optgroup label=p.name.clone()>
                                            {p
                                                .stages
                                                .into_iter()
                                                .map(|s| {
                                                    let value = s.id.0.to_string();
                                                    let selected = {
                                                        let value = value.clone();
                                                        move || form.with(|f| f.stage == value)
                                                    };
                                                    view! { <option value=value selected=selected>{s.name}</option> }
                                                })
                                                .collect_view()}
                                        </optgroup>
                                    }
                                })
                                .collect_view()}
                        </select>
                        {move || field_error("stage").get().map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                    <div class="field">
                        <label for="edit-status">"Status"</label>
                        <select id="edit-status" prop:value=move || form.with(|f| f.status.clone()) on:change=move |ev| form.update(|f| f.status = event_target_value(&ev))>
                            {Status::ALL
                                .iter()
                                .map(|s| view! { <option value=s.key() selected=move || form.with(|f| f.status == s.key())>{s.label()}</option> })
                                .collect_view()}
                        </select>
                    </div>
                    <Show when=move || form.with(|f| f.status == Status::Lost.key())>
                        {text("lost_reason", "Lost reason", "text")}
                        {lost_reason_options("edit-lost-reasons")}
                    </Show>
                    <div class="field">
                        <label for="edit-owner">"Owner"</label>
                        <select id="edit-owner" prop:value=move || form.with(|f| f.owner.clone()) on:change=move |ev| form.update(|f| f.owner = event_target_value(&ev))>
                            <option value="">"Nobody"</option>
                            {users
                                .iter()
                                .map(|u| {
                                    let value = u.id.to_string();
                                    let selected = {
                                        let value = value.clone();
                                        move || form.with(|f| f.owner == value)
                                    };
                                    view! { <option value=value selected=selected>{u.name.clone()}</option> }
                                })
                                .collect_view()}
                        </select>
                        {move || field_error("owner").get().map(|m| view! { <p class="field-error">{m}</p> })}
                    </div>
                    {text("expected_close", "Expected close date", "date")}
                    {text("source", "Source", "text")}
                </div>
                <div class="modal-actions">
                    <button type="button" class="button" on:click=move |_| close.run(())>"Cancel"</button>
                    <button type="submit" class="button button-primary" disabled=pending>"Save"</button>
                </div>
            </form>
        </Modal>
    }
}
