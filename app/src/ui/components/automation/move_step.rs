//! `Move to…`: every place a step can go (the start of a lane, or after a step in it),
//! outside the step's own lanes, to choose from by keyboard or pointer.
use super::canvas::Node;
use super::node_menu::lane_names;
use super::state::Builder;
use crate::domain::workflow::edit::Lane;
use crate::domain::workflow::{Definition, Step};
use crate::ui::components::dialog::Modal;
use leptos::prelude::*;

/// A place: the lane, the index (as the lane is drawn now) and its words.
type Place = (Lane, usize, String);

fn places(definition: &Definition, moving: u32) -> Vec<Place> {
    let mut out = Vec::new();
    lane_places(
        &definition.steps,
        Lane::TOP,
        "the main flow",
        moving,
        &mut out,
    );
    out
}

fn lane_places(steps: &[Step], lane: Lane, label: &str, moving: u32, out: &mut Vec<Place>) {
    let at = steps.iter().position(|s| s.key == moving);
    for index in 0..=steps.len() {
        let same = at.is_some_and(|a| index == a || index == a + 1);
        if !same {
            let words = match index {
                0 => format!("At the start of {label}"),
                i => format!("After \u{201c}{}\u{201d} in {label}", steps[i - 1].name),
            };
            out.push((lane, index, words));
        }
    }
    for step in steps.iter().filter(|s| s.key != moving) {
        let names = lane_names(&step.action);
        for (path, steps) in step.action.branches().into_iter().enumerate() {
            let name = names.get(path).cloned().unwrap_or_default();
            let label = format!("the {name} lane of \u{201c}{}\u{201d}", step.name);
            let lane = Lane {
                parent: Some(step.key),
                path,
            };
            lane_places(steps, lane, &label, moving, out);
        }
    }
}

#[component]
pub fn MoveStep(moving: RwSignal<Option<u32>>) -> impl IntoView {
    let builder = Builder::expect();
    let title = Signal::derive(move || {
        moving
            .get()
            .and_then(|key| {
                builder
                    .draft
                    .with(|d| d.step(key).map(|s| format!("Move {} to\u{2026}", s.name)))
            })
            .unwrap_or_default()
    });
    let close = move || moving.set(None);
    view! {
        <Modal id="move-step" open=Signal::derive(move || moving.with(Option::is_some)) on_close=move |_| close() title>
            {move || moving.get().map(|key| {
                let choices = builder.draft.with(|d| places(d, key));
                view! {
                    <p class="hint">"Choose where the step goes; its lanes move with it."</p>
                    <ul class="move-places" aria-label="Places">
                        {choices.into_iter().map(|(lane, index, words)| view! {
                            <li>
                                <button type="button" class="candidate" on:click=move |_| {
                                    close();
                                    move_to_place(builder, key, lane, index);
                                }>{words}</button>
                            </li>
                        }).collect_view()}
                    </ul>
                    <div class="modal-actions">
                        <button type="button" class="button" on:click=move |_| close()>"Cancel"</button>
                    </div>
                }
            })}
        </Modal>
    }
}

/// Moves step `key` to `index` of `lane` (`index` counted as the lane is drawn, with the
/// step still in it) and saves; the step stays selected and focused.
pub fn move_to_place(builder: Builder, key: u32, lane: Lane, index: usize) {
    let here = builder.draft.with_untracked(|d| d.locate(key));
    let Some((from, at)) = here else {
        return;
    };
    if from == lane && (index == at || index == at + 1) {
        return;
    }
    let index = if from == lane && index > at {
        index - 1
    } else {
        index
    };
    builder.edit(
        move |d| d.move_step(key, lane, index),
        move || crate::ui::dom::focus_later(Node::Step(key).element_id()),
    );
}
