//! `Edit opportunity` from a row's menu: every field of the deal in one form, `Save`
//! writes them in one change (or none, with every problem shown at its field). A save
//! based on an out-of-date deal loads its current state: the form then shows the current
//! values, with the person's own input beside each field where it differs, and the next
//! save is based on the current version.
use super::ListContext;
use crate::api::opportunities::{load_edit_row, save_opportunity, EditOpportunityForm};
use crate::api::AppError;
use crate::domain::list::ListRow;
use crate::domain::money::{max_amount, plain_amount};
use crate::domain::opportunity::Status;
use crate::domain::pipeline::StageKind;
use crate::ui::components::dialog::{lost_reason_options, Modal};
use crate::ui::components::forms::{BoundField, FormError, KeptInput};
use crate::ui::components::shell::Toast;
use crate::ui::unsaved::spawn_saving;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The form as the deal of `row` stands.
fn form_of(row: &ListRow, digits: u32) -> EditOpportunityForm {
    let c = &row.card;
    EditOpportunityForm {
        name: c.name.clone(),
        value: plain_amount(c.value_minor, digits),
        stage: c.stage_id.map(|s| s.0.to_string()).unwrap_or_default(),
        status: c.status.key().to_string(),
        lost_reason: row.lost_reason.clone().unwrap_or_default(),
        owner: c
            .owner
            .as_ref()
            .map(|o| o.id.to_string())
            .unwrap_or_default(),
        expected_close: c.expected_close.map(|d| d.to_string()).unwrap_or_default(),
        source: row.source.clone().unwrap_or_default(),
    }
}

/// Open while `row` holds the deal being edited.
#[component]
pub fn EditOpportunityDialog(row: RwSignal<Option<ListRow>>) -> impl IntoView {
    let context = expect_context::<ListContext>();
    let view = context.view.get_value();
    let digits = view.currency.minor_digits();
    let form = RwSignal::new(EditOpportunityForm::default());
    // The deal as the next save is based on it, and the form as it started from it.
    let base = RwSignal::new(None::<ListRow>);
    let started = StoredValue::new(EditOpportunityForm::default());
    let kept = RwSignal::new(Vec::<(&'static str, String)>::new());
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    let pipelines = StoredValue::new(view.pipelines.clone());
    let users = StoredValue::new(view.users.clone());
    let start_from = move |current: ListRow| {
        let fresh = form_of(&current, digits);
        started.set_value(fresh.clone());
        form.set(fresh);
        base.set(Some(current));
    };
    // The form starts from the deal each time the dialog opens.
    Effect::new(move |_| {
        if let Some(opened) = row.get() {
            start_from(opened);
            kept.set(Vec::new());
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
    // After a conflict: the current state in the form, the person's input beside it.
    let reload_after = move |id: i64, message: String| {
        spawn_local(async move {
            match load_edit_row(id).await {
                Ok(current) => {
                    let mine = form.get_untracked();
                    let fresh = form_of(&current, digits);
                    kept.set(started.with_value(|s| mine.kept_against(s, &fresh)));
                    start_from(current);
                    error.set(Some(AppError::Conflict(message)));
                }
                Err(err) => error.set(Some(err)),
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(original) = base.with_untracked(|r| r.as_ref().map(|r| r.card.clone())) else {
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
        spawn_saving(async move {
            match save_opportunity(original.id.0, original.version, sent).await {
                Ok(saved) => {
                    Toast::success(format!("\u{201c}{}\u{201d} saved.", saved.name));
                    row.set(None);
                    context.reload.run(());
                }
                Err(AppError::Conflict(message)) => reload_after(original.id.0, message),
                Err(err) => {
                    kept.set(Vec::new());
                    error.set(Some(err));
                }
            }
            pending.set(false);
        });
    };
    let field_error = move |field: &'static str| {
        Signal::derive(move || error.get().and_then(|e| e.for_field(field)))
    };
    let error_line = move |field: &'static str| {
        move || {
            field_error(field)
                .get()
                .map(|m| view! { <p class="field-error">{m}</p> })
        }
    };
    // A kept input as it reads: a stage, status or owner by its name.
    let readable = move |key: &str, value: &str| match key {
        "stage" => pipelines.with_value(|ps| {
            ps.iter()
                .flat_map(|p| p.stages.iter().map(move |s| (p, s)))
                .find(|(_, s)| s.id.0.to_string() == value)
                .map_or_else(
                    || "Unattached".to_string(),
                    |(p, s)| format!("{} · {}", s.name, p.name),
                )
        }),
        "status" => {
            Status::from_key(value).map_or_else(|| value.to_string(), |s| s.label().to_string())
        }
        "owner" => users.with_value(|us| {
            us.iter()
                .find(|u| u.id.to_string() == value)
                .map_or_else(|| "Nobody".to_string(), |u| u.name.clone())
        }),
        _ if value.is_empty() => "(empty)".to_string(),
        _ => value.to_string(),
    };
    let kept_line = move |key: &'static str, label: &'static str| {
        move || {
            kept.with(|k| k.iter().find(|(f, _)| *f == key).map(|(_, v)| v.clone()))
                .map(|mine| {
                    let text = readable(key, &mine);
                    let put_back = move |_: ()| {
                        form.update(|f| *f.field_mut(key) = mine.clone());
                        kept.update(|k| k.retain(|(f, _)| *f != key));
                    };
                    view! { <KeptInput text label on_use=put_back /> }
                })
        }
    };
    let text = move |key: &'static str, label: &'static str, kind: &'static str| {
        view! {
            <BoundField
                id=format!("edit-{key}")
                label=label
                kind=kind
                list=(key == "lost_reason").then_some("edit-lost-reasons")
                inputmode=(key == "value").then_some("decimal")
                hint=(key == "value").then(|| format!("Up to {}. A decimal comma works too: 12,50.", max_amount(digits)))
                value=Signal::derive(move || form.with(|f| f.field(key).to_string()))
                on_input=move |value: String| form.update(|f| *f.field_mut(key) = value)
                error=field_error(key)
            >
                {kept_line(key, label)}
            </BoundField>
        }
    };
    let select_value = move |key: &'static str| move || form.with(|f| f.field(key).to_string());
    let selected =
        move |key: &'static str, value: String| move || form.with(|f| f.field(key) == value);
    view! {
        <Modal id="edit-opportunity" open=Signal::derive(move || row.with(Option::is_some)) on_close=close title="Edit opportunity">
            <form class="form" on:submit=submit novalidate>
                <FormError errors=error.into() fields=&EditOpportunityForm::FIELDS />
                <div class="form-grid">
                    {text("name", "Opportunity name", "text")}
                    {text("value", "Value", "text")}
                    <div class="field">
                        <label for="edit-stage">"Stage"</label>
                        <select id="edit-stage" on:change=choose_stage prop:value=select_value("stage")>
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
                                                    view! { <option value=value.clone() selected=selected("stage", value)>{s.name}</option> }
                                                })
                                                .collect_view()}
                                        </optgroup>
                                    }
                                })
                                .collect_view()}
                        </select>
                        {error_line("stage")}
                        {kept_line("stage", "Stage")}
                    </div>
                    <div class="field">
                        <label for="edit-status">"Status"</label>
                        <select id="edit-status" prop:value=select_value("status") on:change=move |ev| form.update(|f| f.status = event_target_value(&ev))>
                            {Status::ALL
                                .iter()
                                .map(|s| view! { <option value=s.key() selected=selected("status", s.key().to_string())>{s.label()}</option> })
                                .collect_view()}
                        </select>
                        {error_line("status")}
                        {kept_line("status", "Status")}
                    </div>
                    <Show when=move || form.with(|f| f.status == Status::Lost.key())>
                        {text("lost_reason", "Lost reason", "text")}
                        {lost_reason_options("edit-lost-reasons")}
                    </Show>
                    <div class="field">
                        <label for="edit-owner">"Owner"</label>
                        <select id="edit-owner" prop:value=select_value("owner") on:change=move |ev| form.update(|f| f.owner = event_target_value(&ev))>
                            <option value="">"Nobody"</option>
                            {users
                                .get_value()
                                .into_iter()
                                .map(|u| {
                                    let value = u.id.to_string();
                                    view! { <option value=value.clone() selected=selected("owner", value)>{u.name}</option> }
                                })
                                .collect_view()}
                        </select>
                        {error_line("owner")}
                        {kept_line("owner", "Owner")}
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
