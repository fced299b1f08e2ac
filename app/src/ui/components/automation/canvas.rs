//! The builder's canvas: the triggers on top, then the steps as a vertical flow joined by
//! SVG connectors, Find Opportunity and If/Else splitting into one lane per path. It
//! pans (drag the background, or scroll) and zooms (buttons, `Fit to screen`); every
//! node is a button a screen reader names with its place ("Step 3 of 7: …").
use super::move_step::{move_to_place, MoveStep};
use super::node_menu::{DeleteStep, StepMenu};
use super::panel::add_trigger;
use super::picker::ActionPicker;
use super::state::Builder;
use super::viewport::{centre, fit_scale, Pan};
use crate::domain::workflow::describe::{step_in_words, trigger_in_words, Names};
use crate::domain::workflow::edit::Lane;
use crate::domain::workflow::validate::Problem;
use crate::domain::workflow::{Action, Definition, Step};
use leptos::html::Div;
use leptos::prelude::*;

/// What is selected on the canvas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    Trigger(usize),
    Step(u32),
}

impl Node {
    /// The element id of the node's button, for focusing it from a problem's link.
    pub fn element_id(self) -> String {
        match self {
            Node::Trigger(i) => format!("node-trigger-{i}"),
            Node::Step(key) => format!("node-step-{key}"),
        }
    }
}

/// What every node reads while the canvas draws.
#[derive(Clone, Copy)]
struct Flow<'a> {
    names: Names<'a>,
    /// Step keys in the order a run meets them, for "Step 3 of 7".
    order: &'a [u32],
    problems: &'a [Problem],
    builder: Builder,
    /// Where the action picker will put the step it adds.
    adding: RwSignal<Option<(Lane, usize)>>,
    deleting: RwSignal<Option<u32>>,
    /// The step being dragged to another place, if one is.
    dragging: RwSignal<Option<u32>>,
    /// The step whose `Move to…` question is open.
    moving: RwSignal<Option<u32>>,
}

const ZOOMS: [f64; 7] = [0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0];

#[component]
pub fn Canvas() -> impl IntoView {
    let builder = Builder::expect();
    let zoom = RwSignal::new(1.0_f64);
    let viewport = NodeRef::<Div>::new();
    let content = NodeRef::<Div>::new();
    let pan = Pan::new(viewport);
    let adding = RwSignal::new(None::<(Lane, usize)>);
    let deleting = RwSignal::new(None::<u32>);
    let dragging = RwSignal::new(None::<u32>);
    let moving = RwSignal::new(None::<u32>);
    let flow_view = move || {
        let problems = builder.problems.get();
        builder.workspace.with_value(|workspace| {
            builder.draft.with(|definition| {
                let order: Vec<u32> = definition.all_steps().iter().map(|s| s.key).collect();
                let flow = Flow {
                    names: Names {
                        pipelines: &workspace.pipelines,
                        users: &workspace.users,
                    },
                    order: &order,
                    problems: &problems,
                    builder,
                    adding,
                    deleting,
                    dragging,
                    moving,
                };
                view! {
                    {triggers_view(definition, flow)}
                    {lane_view(&definition.steps, Lane::TOP, flow, "The steps")}
                }
                .into_any()
            })
        })
    };
    let step_by = move |up: bool| {
        let now = zoom.get_untracked();
        let next = if up {
            ZOOMS.iter().copied().find(|z| *z > now + 0.001)
        } else {
            ZOOMS.iter().rev().copied().find(|z| *z < now - 0.001)
        };
        if let Some(z) = next {
            zoom.set(z);
        }
    };
    let fit = move |_| zoom.set(fit_scale(viewport, content, zoom.get_untracked()));
    // Once, when the viewport is first drawn: the flow grows from its middle.
    Effect::new(move |centred: Option<bool>| {
        if centred == Some(true) {
            return true;
        }
        let drawn = viewport.get().is_some();
        if drawn {
            request_animation_frame(move || centre(viewport));
        }
        drawn
    });
    view! {
        <div class="canvas">
            <div class="canvas-controls" role="toolbar" aria-label="Canvas zoom">
                <button type="button" class="icon-button" aria-label="Zoom out" on:click=move |_| step_by(false) disabled=move || { zoom.get() <= ZOOMS[0] }>
                    "−"
                </button>
                <span class="canvas-zoom" aria-live="polite">{move || format!("{:.0}%", zoom.get() * 100.0)}</span>
                <button type="button" class="icon-button" aria-label="Zoom in" on:click=move |_| step_by(true) disabled=move || { zoom.get() >= ZOOMS[ZOOMS.len() - 1] }>
                    "+"
                </button>
                <button type="button" class="button button-small" on:click=fit>"Fit to screen"</button>
            </div>
            <div
                class="canvas-viewport"
                node_ref=viewport
                on:pointerdown=move |ev| pan.start(&ev)
                on:pointermove=move |ev| pan.drag(&ev)
                on:pointerup=move |_| pan.stop()
                on:pointercancel=move |_| pan.stop()
            >
                <div class="canvas-content" node_ref=content style:zoom=move || zoom.get().to_string()>
                    {flow_view}
                </div>
            </div>
        </div>
        <ActionPicker adding />
        <DeleteStep deleting />
        <MoveStep moving />
    }
}

fn triggers_view(definition: &Definition, flow: Flow<'_>) -> AnyView {
    let builder = flow.builder;
    let add = move |_| add_trigger(builder);
    if definition.triggers.is_empty() {
        let problem = flow
            .problems
            .iter()
            .any(|p| p.step.is_none() && p.field == "triggers");
        return view! {
            <div class="flow-node flow-trigger flow-empty" class:flow-problem=problem>
                <span class="flow-kind">"Trigger"</span>
                <span class="flow-title">"No trigger yet"</span>
                <span class="flow-summary">"A workflow starts when its trigger happens: a deal enters a stage, a meeting is booked, a contact is created…"</span>
                <button type="button" class="button button-small button-primary" on:click=add>"Add trigger"</button>
            </div>
        }
        .into_any();
    }
    let count = definition.triggers.len();
    view! {
        <div class="flow-trigger-area">
        <ul class="flow-triggers" aria-label="Triggers">
            {definition
                .triggers
                .iter()
                .enumerate()
                .map(|(i, trigger)| {
                    let node = Node::Trigger(i);
                    let words = trigger_in_words(trigger, flow.names.pipelines);
                    let label = format!("Trigger {} of {count}: {}, {words}", i + 1, trigger.event.label());
                    let selected = builder.selected;
                    view! {
                        <li>
                            <button
                                type="button"
                                id=node.element_id()
                                class="flow-node flow-trigger"
                                class:flow-selected=move || selected.get() == Some(node)
                                class:flow-unsaved=move || selected.get() == Some(node) && builder.unsaved.get()
                                aria-label=label
                                aria-pressed=move || (selected.get() == Some(node)).to_string()
                                on:click=move |_| builder.select(node)
                            >
                                <span class="flow-kind">"Trigger"</span>
                                <span class="flow-title">{trigger.event.label()}</span>
                                <span class="flow-summary">{words}</span>
                                {move || (selected.get() == Some(node) && builder.unsaved.get()).then(|| view! { <span class="badge">"Unsaved changes"</span> })}
                            </button>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
        <button type="button" class="link-button flow-add-trigger" on:click=add>"Add trigger"</button>
        </div>
    }
    .into_any()
}

/// A lane: its steps, each after a connector with a `+` that adds a step there, and the
/// lane's end (with its own `+`).
fn lane_view(steps: &[Step], lane: Lane, flow: Flow<'_>, label: &str) -> AnyView {
    let count = steps.len();
    view! {
        <ol class="flow-lane" aria-label=label.to_string()>
            {steps
                .iter()
                .enumerate()
                .map(|(index, step)| {
                    view! {
                        <li class="flow-item">
                            {add_here(lane, index, flow, format!("Add a step before {}", step.name))}
                            {step_view(step, flow)}
                            {branches_view(step, flow)}
                        </li>
                    }
                })
                .collect_view()}
            <li class="flow-item flow-end">
                {add_here(lane, count, flow, format!("Add a step at the end of {label}"))}
                <span class="flow-end-dot" aria-hidden="true"></span>
            </li>
        </ol>
    }
    .into_any()
}

/// A connector with the `+` that opens the action picker for this place; a step dragged
/// onto it moves here.
fn add_here(lane: Lane, index: usize, flow: Flow<'_>, label: String) -> impl IntoView {
    let (adding, builder, dragging) = (flow.adding, flow.builder, flow.dragging);
    let drop_here = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        if let Some(key) = dragging.get_untracked() {
            dragging.set(None);
            move_to_place(builder, key, lane, index);
        }
    };
    view! {
        <div
            class="flow-join"
            class:flow-drop=move || dragging.with(Option::is_some)
            on:dragover=move |ev: leptos::ev::DragEvent| {
                if dragging.with_untracked(Option::is_some) {
                    ev.prevent_default();
                }
            }
            on:drop=drop_here
        >
            {connector()}
            <button
                type="button"
                class="flow-add"
                aria-label=label.clone()
                title=label
                on:click=move |_| {
                    if builder.may_leave_panel() {
                        adding.set(Some((lane, index)));
                    }
                }
            >
                "+"
            </button>
        </div>
    }
}

fn step_view(step: &Step, flow: Flow<'_>) -> AnyView {
    let node = Node::Step(step.key);
    let position = flow
        .order
        .iter()
        .position(|k| *k == step.key)
        .map_or(0, |i| i + 1);
    let summary = step_in_words(&step.action, flow.names);
    let problems: Vec<String> = flow
        .problems
        .iter()
        .filter(|p| p.step == Some(step.key))
        .map(|p| p.message.clone())
        .collect();
    let what = if summary.is_empty() {
        step.action.label().to_string()
    } else {
        format!("{}, {summary}", step.action.label())
    };
    let label = format!(
        "Step {position} of {}: {what}{}",
        flow.order.len(),
        match problems.len() {
            0 => String::new(),
            1 => ". 1 problem".into(),
            n => format!(". {n} problems"),
        }
    );
    let builder = flow.builder;
    let selected = builder.selected;
    let key = step.key;
    let name = (step.name.trim() != step.action.label()).then(|| step.name.clone());
    let summary_shown =
        (!summary.is_empty() && name.as_deref() != Some(summary.as_str())).then(|| summary.clone());
    let step_name = step.name.clone();
    view! {
        <div class="flow-node-wrap">
        <button
            type="button"
            id=node.element_id()
            class="flow-node"
            class:flow-selected=move || selected.get() == Some(node)
            class:flow-problem=!problems.is_empty()
            class:flow-unsaved=move || selected.get() == Some(node) && builder.unsaved.get()
            aria-label=move || {
                if selected.get() == Some(node) && builder.unsaved.get() {
                    format!("{label}. Unsaved changes")
                } else {
                    label.clone()
                }
            }
            aria-pressed=move || (selected.get() == Some(node)).to_string()
            on:click=move |_| builder.select(node)
            draggable="true"
            on:dragstart=move |ev: leptos::ev::DragEvent| {
                if !builder.may_leave_panel() {
                    ev.prevent_default();
                    return;
                }
                #[cfg(feature = "hydrate")]
                if let Some(data) = ev.data_transfer() {
                    data.set_effect_allowed("move");
                    let _ = data.set_data("text/plain", &key.to_string());
                }
                flow.dragging.set(Some(key));
            }
            on:dragend=move |_| flow.dragging.set(None)
        >
            <span class="flow-kind">{format!("Step {position}")}</span>
            <span class="flow-title">{step.action.label()}</span>
            {name.map(|n| view! { <span class="flow-name">{n}</span> })}
            {summary_shown.map(|s| view! { <span class="flow-summary">{s}</span> })}
            {(!problems.is_empty()).then(|| view! { <span class="badge badge-danger">{if problems.len() == 1 { "1 problem".to_string() } else { format!("{} problems", problems.len()) }}</span> })}
            {move || (selected.get() == Some(node) && builder.unsaved.get()).then(|| view! { <span class="badge">"Unsaved changes"</span> })}
        </button>
        <StepMenu key name=step_name deleting=flow.deleting moving=flow.moving />
        </div>
    }
    .into_any()
}

/// A branching step's lanes side by side, joined to it and to what follows by SVG.
fn branches_view(step: &Step, flow: Flow<'_>) -> Option<AnyView> {
    let lanes: Vec<(String, &[Step])> = match &step.action {
        Action::FindOpportunity {
            found, not_found, ..
        } => vec![
            ("Opportunity Found".into(), found.as_slice()),
            ("Opportunity Not Found".into(), not_found.as_slice()),
        ],
        Action::IfElse { branches, none } => branches
            .iter()
            .map(|b| (b.name.clone(), b.steps.as_slice()))
            .chain([("None".to_string(), none.as_slice())])
            .collect(),
        _ => return None,
    };
    Some(
        view! {
            <div class="flow-split">
                {stem()}
                <div class="flow-lanes">
                    {lanes
                        .into_iter()
                        .enumerate()
                        .map(|(path, (name, steps))| {
                            let label = format!("{name} lane of {}", step.name);
                            let lane = Lane { parent: Some(step.key), path };
                            view! {
                                <div class="flow-branch">
                                    <span class="flow-branch-in" aria-hidden="true"></span>
                                    <span class="flow-branch-label">{name}</span>
                                    {lane_view(steps, lane, flow, &label)}
                                    <span class="flow-branch-out" aria-hidden="true"></span>
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
                {stem()}
            </div>
        }
        .into_any(),
    )
}

/// The short line between a branching step (or its lanes' join) and the fork. The fork
/// itself is drawn by each lane (`.flow-branch-in`, `.flow-branch-out`): its half of the
/// crossbar and its leg, so lanes keep their own widths and the lines still meet.
fn stem() -> impl IntoView {
    view! {
        <svg class="flow-connector flow-stem" width="16" height="12" viewBox="0 0 16 12" aria-hidden="true">
            <line x1="8" y1="0" x2="8" y2="12" />
        </svg>
    }
}

fn connector() -> impl IntoView {
    view! {
        <svg class="flow-connector" width="16" height="28" viewBox="0 0 16 28" aria-hidden="true">
            <line x1="8" y1="0" x2="8" y2="22" />
            <path d="M3 18 L8 25 L13 18" />
        </svg>
    }
}
