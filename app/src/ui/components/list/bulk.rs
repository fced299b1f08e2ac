//! Ticked rows and the bulk actions on them: change stage, change status (with a lost
//! reason), assign owner, add or remove a follower, delete after confirmation (typing the
//! count above 100 deals), add to a workflow. With "Select all N matching", the action covers every deal the
//! filters match; more than a page of deals runs as a job (see `bulk_progress`).
use super::bulk_progress::BulkJob;
use super::ListContext;
use crate::api::opportunities::bulk_update;
use crate::api::AppError;
use crate::domain::bulk::{action_label, BulkOutcome, DELETE_CONFIRM_ABOVE};
use crate::domain::currency::group_thousands;
use crate::domain::list::ListInput;
use crate::domain::opportunity::Status;
use crate::ui::components::dialog::{lost_reason_options, Modal};
use crate::ui::components::forms::FormError;
use crate::ui::components::shell::Toast;
use crate::ui::components::workflows::{AddToWorkflow, ChosenRecords, RecordKind};
use crate::ui::unsaved::spawn_saving;
use leptos::prelude::*;
use std::collections::BTreeSet;

#[derive(Clone, Copy)]
pub struct Selection {
    pub ids: RwSignal<BTreeSet<i64>>,
    /// Every deal matching the filters, not only the ticked ones.
    pub all_matching: RwSignal<bool>,
}

impl Selection {
    pub fn new() -> Selection {
        Selection {
            ids: RwSignal::new(BTreeSet::new()),
            all_matching: RwSignal::new(false),
        }
    }

    pub fn is_ticked(&self, id: i64) -> bool {
        self.all_matching.get() || self.ids.with(|s| s.contains(&id))
    }

    pub fn tick(&self, id: i64, ticked: bool) {
        self.all_matching.set(false);
        self.ids.update(|s| {
            if ticked {
                s.insert(id);
            } else {
                s.remove(&id);
            }
        });
    }

    pub fn tick_all(&self, ids: &[i64], ticked: bool) {
        self.all_matching.set(false);
        self.ids.update(|s| {
            for id in ids {
                if ticked {
                    s.insert(*id);
                } else {
                    s.remove(id);
                }
            }
        });
    }

    /// What a bulk action covers: the ticked ids, or every deal matching `list`.
    fn records(&self, list: ListInput) -> ChosenRecords {
        ChosenRecords {
            ids: self
                .ids
                .with_untracked(|s| s.iter().map(i64::to_string).collect::<Vec<_>>().join(",")),
            all_matching: self.all_matching.get_untracked(),
            list,
        }
    }

    fn clear(&self) {
        self.all_matching.set(false);
        self.ids.update(BTreeSet::clear);
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Stage,
    Status,
    Owner,
    Follow,
    Unfollow,
    Delete,
}

impl Action {
    const ALL: [Action; 6] = [
        Action::Stage,
        Action::Status,
        Action::Owner,
        Action::Follow,
        Action::Unfollow,
        Action::Delete,
    ];

    fn key(self) -> &'static str {
        match self {
            Action::Stage => "stage",
            Action::Status => "status",
            Action::Owner => "owner",
            Action::Follow => "follow",
            Action::Unfollow => "unfollow",
            Action::Delete => "delete",
        }
    }

    fn label(self) -> &'static str {
        action_label(self.key()).unwrap_or_default()
    }
}

/// The bar above the table while rows are ticked.
#[component]
pub fn BulkBar(total: i64, page_ids: Vec<i64>) -> impl IntoView {
    let context = expect_context::<ListContext>();
    let selection = expect_context::<Selection>();
    let action = RwSignal::new(None::<Action>);
    let count = move || {
        if selection.all_matching.get() {
            total
        } else {
            selection.ids.with(|s| s.len() as i64)
        }
    };
    let whole_page_ticked = move || {
        !selection.all_matching.get()
            && selection
                .ids
                .with(|s| page_ids.iter().all(|id| s.contains(id)))
            && total > page_ids.len() as i64
    };
    view! {
        <div class="bulk-bar" hidden=move || count() == 0 role="region" aria-label="Bulk actions">
            <p class="bulk-count">
                <strong>{move || format!("{} selected", group_thousands(count().unsigned_abs()))}</strong>
                {move || {
                    whole_page_ticked()
                        .then(|| {
                            view! {
                                <button type="button" class="link-button" on:click=move |_| selection.all_matching.set(true)>
                                    {format!("Select all {} matching deals", group_thousands(total.unsigned_abs()))}
                                </button>
                            }
                        })
                }}
                <button type="button" class="link-button" on:click=move |_| selection.clear()>"Clear selection"</button>
            </p>
            <div class="bulk-actions">
                {Action::ALL
                    .into_iter()
                    .filter(|a| *a != Action::Delete)
                    .map(|a| view! { <button type="button" class="button" on:click=move |_| action.set(Some(a))>{a.label()}</button> })
                    .collect_view()}
                <AddToWorkflow
                    kind=RecordKind::Opportunity
                    subject=Signal::derive(move || deal_count(count()))
                    records=move |_| selection.records(context.input.get_value())
                    on_enrolled=move |_| {
                        selection.clear();
                        context.reload.run(());
                    }
                />
                <button type="button" class="button button-danger" on:click=move |_| action.set(Some(Action::Delete))>
                    {Action::Delete.label()}
                </button>
            </div>
        </div>
        <BulkDialog action count=Signal::derive(count) />
    }
}

/// "1 deal", "1,234 deals".
fn deal_count(n: i64) -> String {
    let noun = if n == 1 { "deal" } else { "deals" };
    format!("{} {noun}", group_thousands(n.unsigned_abs()))
}

#[component]
fn BulkDialog(action: RwSignal<Option<Action>>, count: Signal<i64>) -> impl IntoView {
    let context = expect_context::<ListContext>();
    let selection = expect_context::<Selection>();
    let job = expect_context::<BulkJob>();
    let value = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let typed = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    let close = Callback::new(move |_: ()| {
        action.set(None);
        value.set(String::new());
        reason.set(String::new());
        typed.set(String::new());
        error.set(None);
    });
    let deals = move || deal_count(count.get());
    let title = Signal::derive(move || match action.get() {
        Some(Action::Delete) => format!("Delete {}?", deals()),
        Some(a) => format!("{}: {}", a.label(), deals()),
        None => String::new(),
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(chosen) = action.get_untracked() else {
            return;
        };
        let ChosenRecords {
            ids,
            all_matching: all,
            list,
        } = selection.records(context.input.get_value());
        let (v, r) = (value.get_untracked(), reason.get_untracked());
        let confirm = typed.get_untracked();
        pending.set(true);
        spawn_saving(async move {
            match bulk_update(ids, all, list, chosen.key().to_string(), v, r, confirm).await {
                Ok(BulkOutcome::Changed(changed)) => {
                    let noun = if changed == 1 { "deal" } else { "deals" };
                    Toast::success(format!("{changed} {noun} changed."));
                    close.run(());
                    selection.clear();
                    context.reload.run(());
                }
                Ok(BulkOutcome::Started(started)) => {
                    close.run(());
                    selection.clear();
                    job.follow(started);
                }
                Err(err) => error.set(Some(err)),
            }
            pending.set(false);
        });
    };
    let view = context.view.get_value();
    let pipelines = view.pipelines.clone();
    let users = view.users.clone();
    let fields = move || {
        let users = users.clone();
        let people = move |label: &'static str, nobody: bool| {
            view! {
                <div class="field">
                    <label for="bulk-value">{label}</label>
                    <select id="bulk-value" required=!nobody on:change=move |ev| value.set(event_target_value(&ev))>
                        <option value="" selected=true>{if nobody { "Nobody" } else { "Choose a person" }}</option>
                        {users.iter().map(|u| view! { <option value=u.id.to_string()>{u.name.clone()}</option> }).collect_view()}
                    </select>
                </div>
            }
            .into_any()
        };
        match action.get() {
            Some(Action::Stage) => view! {
                <div class="field">
                    <label for="bulk-value">"Move to stage"</label>
                    <select id="bulk-value" required=true on:change=move |ev| value.set(event_target_value(&ev))>
                        <option value="" selected=true>"Choose a stage"</option>
                        {pipelines
                            .iter()
                            .map(|p| {
                                view! {
                                    <optgroup label=p.name.clone()>
                                        {p.stages.iter().map(|s| view! { <option value=s.id.0.to_string()>{s.name.clone()}</option> }).collect_view()}
                                    </optgroup>
                                }
                            })
                            .collect_view()}
                    </select>
                    <p class="hint">"Closed Won and Closed Lost also set the status, as a move on the board does."</p>
                </div>
            }
            .into_any(),
            Some(Action::Status) => view! {
                <div class="field">
                    <label for="bulk-value">"Status"</label>
                    <select id="bulk-value" required=true on:change=move |ev| value.set(event_target_value(&ev))>
                        <option value="" selected=true>"Choose a status"</option>
                        {Status::ALL.iter().map(|s| view! { <option value=s.key()>{s.label()}</option> }).collect_view()}
                    </select>
                </div>
                <Show when=move || value.get() == "lost">
                    <div class="field">
                        <label for="bulk-reason">"Lost reason"</label>
                        <input id="bulk-reason" type="text" list="bulk-lost-reasons" prop:value=reason on:input=move |ev| reason.set(event_target_value(&ev)) />
                        {lost_reason_options("bulk-lost-reasons")}
                    </div>
                </Show>
            }
            .into_any(),
            Some(Action::Owner) => people("Owner", true),
            Some(Action::Follow) => people("Follower to add", false),
            Some(Action::Unfollow) => people("Follower to remove", false),
            Some(Action::Delete) => view! {
                <p>"The deals are removed from boards, lists and reports. This cannot be undone; their change history is kept."</p>
                <Show when=move || { count.get() > DELETE_CONFIRM_ABOVE as i64 }>
                    <div class="field">
                        <label for="bulk-confirm">{move || format!("Type {} to confirm", count.get())}</label>
                        <input id="bulk-confirm" type="text" inputmode="numeric" autocomplete="off" required=true prop:value=typed on:input=move |ev| typed.set(event_target_value(&ev)) />
                    </div>
                </Show>
            }
            .into_any(),
            None => ().into_any(),
        }
    };
    let confirm = move || match action.get() {
        Some(Action::Delete) => format!("Delete {}", deals()),
        _ => format!("Change {}", deals()),
    };
    view! {
        <Modal id="bulk-action" open=Signal::derive(move || action.with(Option::is_some)) on_close=close title>
            <form class="form" on:submit=submit>
                <FormError errors=error.into() fields=&[] />
                {fields}
                <div class="modal-actions">
                    <button type="button" class="button" on:click=move |_| close.run(())>"Cancel"</button>
                    <button
                        type="submit"
                        class=move || if action.get() == Some(Action::Delete) { "button button-danger" } else { "button button-primary" }
                        disabled=pending
                    >
                        {confirm}
                    </button>
                </div>
            </form>
        </Modal>
    }
}
