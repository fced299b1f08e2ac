//! A step's `…` menu on the canvas: `Move up`, `Move down`, `Move to…`, `Duplicate`,
//! `Delete`; and
//! the question before deleting, which for a branching step asks what happens to its
//! lanes.
use super::canvas::Node;
use super::state::Builder;
use crate::domain::workflow::edit::DeleteLanes;
use crate::domain::workflow::Action;
use crate::ui::components::dialog::{ActionMenu, Modal};
use crate::ui::components::shell::Toast;
use crate::ui::dom::focus_later;
use leptos::prelude::*;

#[component]
pub fn StepMenu(
    key: u32,
    name: String,
    deleting: RwSignal<Option<u32>>,
    moving: RwSignal<Option<u32>>,
) -> impl IntoView {
    let builder = Builder::expect();
    let open = RwSignal::new(false);
    let refocus = move || focus_later(Node::Step(key).element_id());
    let shift = move |up: bool| {
        open.set(false);
        if builder.may_leave_panel() {
            builder.edit(move |d| d.shift_step(key, up), refocus);
        }
    };
    let place = move || {
        builder.draft.with(|d| {
            d.locate(key).map(|(lane, index)| {
                let last = d.lane(lane).map_or(0, |l| l.len().saturating_sub(1));
                (index == 0, index == last)
            })
        })
    };
    // Opens the question (Move to…, Delete) about this step, once unsaved changes of the
    // side panel are saved or given up.
    let ask = move |question: RwSignal<Option<u32>>| {
        open.set(false);
        if builder.may_leave_panel() {
            question.set(Some(key));
        }
    };
    let duplicate = move |_| {
        open.set(false);
        if !builder.may_leave_panel() {
            return;
        }
        let published = builder.published.get_value();
        // The copy's key, known before saving: this menu is drawn again once it is saved.
        let copy = builder
            .draft
            .with_untracked(|d| d.next_key(published.as_ref()));
        builder.edit(
            move |d| d.duplicate_step(key, published.as_ref()) == Some(copy),
            move || {
                builder.selected.set(Some(Node::Step(copy)));
                focus_later(Node::Step(copy).element_id());
            },
        );
    };
    view! {
        <div class="flow-node-menu">
            <ActionMenu id=format!("step-{key}-menu") label=format!("Actions for {name}") title="Step" open>
                <button type="button" role="menuitem" class="menu-button" disabled=move || place().is_none_or(|p| p.0) on:click=move |_| shift(true)>
                    "Move up"
                </button>
                <button type="button" role="menuitem" class="menu-button" disabled=move || place().is_none_or(|p| p.1) on:click=move |_| shift(false)>
                    "Move down"
                </button>
                <button type="button" role="menuitem" class="menu-button" on:click=move |_| ask(moving)>
                    "Move to\u{2026}"
                </button>
                <button type="button" role="menuitem" class="menu-button" on:click=duplicate>"Duplicate"</button>
                <button type="button" role="menuitem" class="menu-button" on:click=move |_| ask(deleting)>
                    "Delete"
                </button>
            </ActionMenu>
        </div>
    }
}

/// Asks before deleting the step in `deleting`; a Find Opportunity or If/Else step asks
/// whether its lanes go with it or one lane's steps take its place.
#[component]
pub fn DeleteStep(deleting: RwSignal<Option<u32>>) -> impl IntoView {
    let builder = Builder::expect();
    let step = move || {
        deleting
            .get()
            .and_then(|key| builder.draft.with(|d| d.step(key).cloned()))
    };
    let title =
        Signal::derive(move || step().map_or_else(String::new, |s| format!("Delete {}?", s.name)));
    let close = move || deleting.set(None);
    let remove = move |lanes: DeleteLanes| {
        let Some(key) = deleting.get_untracked() else {
            return;
        };
        let name = step().map(|s| s.name).unwrap_or_default();
        close();
        builder.edit(
            move |d| d.remove_step(key, lanes).is_some(),
            move || {
                if builder.selected.get_untracked() == Some(Node::Step(key)) {
                    builder.selected.set(None);
                }
                Toast::success(format!("Deleted {name}."));
            },
        );
    };
    view! {
        <Modal id="delete-step" open=Signal::derive(move || deleting.with(Option::is_some)) on_close=move |_| close() title>
            {move || step().map(|step| {
                let lanes = lane_names(&step.action);
                let inside = step.action.branches().iter().map(|l| l.len()).sum::<usize>();
                view! {
                    {if lanes.is_empty() {
                        view! { <p>"The step is taken out of the draft; runs already going keep the version they started on."</p> }.into_any()
                    } else {
                        view! {
                            <p>{format!("Its lanes hold {inside} {}. Delete them with it, or keep one lane's steps in its place.", if inside == 1 { "step" } else { "steps" })}</p>
                        }.into_any()
                    }}
                    <div class="modal-actions modal-actions-wrap">
                        <button type="button" class="button" on:click=move |_| close()>"Cancel"</button>
                        {lanes
                            .into_iter()
                            .enumerate()
                            .map(|(path, lane)| view! {
                                <button type="button" class="button" on:click=move |_| remove(DeleteLanes::Keep(path))>
                                    {format!("Keep the {lane} steps")}
                                </button>
                            })
                            .collect_view()}
                        <button type="button" class="button button-danger" on:click=move |_| remove(DeleteLanes::All)>
                            {if inside > 0 { "Delete with its lanes" } else { "Delete" }}
                        </button>
                    </div>
                }
            })}
        </Modal>
    }
}

/// The names of a branching step's lanes, in path order.
pub fn lane_names(action: &Action) -> Vec<String> {
    match action {
        Action::FindOpportunity { .. } => {
            vec!["Opportunity Found".into(), "Opportunity Not Found".into()]
        }
        Action::IfElse { branches, .. } => branches
            .iter()
            .map(|b| b.name.clone())
            .chain(["None".to_string()])
            .collect(),
        _ => Vec::new(),
    }
}
