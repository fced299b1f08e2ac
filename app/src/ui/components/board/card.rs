//! A deal card: what a rep needs at a glance, picked up by pointer (drag, or long-press on
//! touch) or keyboard (Space, arrows, Space; Escape cancels), or moved from its menu.
use super::state::{BoardState, Grab};
use crate::domain::account::initials;
use crate::domain::board::Card;
use crate::domain::opportunity::Status;
use crate::domain::pipeline::StageId;
use crate::ui::dom::{attribute_at_point, focus_later, now_ms, reveal, scroll_near_edge};
use leptos::ev::{KeyboardEvent, PointerEvent};
use leptos::prelude::*;
use std::time::Duration;

/// A pointer pressed on a card that may turn into a drag.
#[derive(Clone, Copy)]
struct Press {
    x: f64,
    y: f64,
    touch: bool,
}

const MOUSE_DRAG_PX: f64 = 5.0;
const TOUCH_SLOP_PX: f64 = 10.0;
const LONG_PRESS: Duration = Duration::from_millis(350);

pub fn card_dom_id(card: &Card) -> String {
    format!("deal-{}", card.id.0)
}

#[component]
pub fn DealCard(card: Card) -> impl IntoView {
    let state = expect_context::<BoardState>();
    let name_id = format!("deal-{}-name", card.id.0);
    let dom_id = card_dom_id(&card);
    let labelled_by = name_id.clone();
    let id = card.id;
    // The card as the board holds it now: its element stays while its version changes,
    // so keyboard focus stays on it while moves are saved.
    let initial = card.clone();
    let latest = Memo::new(move |_| state.card(id).unwrap_or_else(|| initial.clone()));
    let grabbed = move || {
        state
            .grab
            .with(|g| g.as_ref().is_some_and(|g| g.card.id == id))
    };
    let press = StoredValue::new(None::<Press>);

    let stage_name = move |stage| state.stage(stage).map(|s| s.name).unwrap_or_default();
    let on_key = {
        move |ev: KeyboardEvent| {
            let card = latest.get_untracked();
            // Keys inside the card's menu belong to the menu.
            if ev.target() != ev.current_target() {
                return;
            }
            let Some(from) = card.stage_id else { return };
            let stages = state.stages();
            let current = state.grab.get_untracked().filter(|g| g.card.id == card.id);
            match (ev.key().as_str(), current) {
                (" ", None) => {
                    ev.prevent_default();
                    state.grab.set(Some(Grab {
                        card: card.clone(),
                        over: from,
                        by_pointer: false,
                    }));
                    state.announcement.set(format!(
                        "Picked up {}, in {}. Press Left or Right to choose a stage, Space to drop, Escape to cancel.",
                        card.name,
                        stage_name(from)
                    ));
                }
                (" ", Some(grab)) => {
                    ev.prevent_default();
                    state.grab.set(None);
                    if grab.over == from {
                        state.announcement.set(format!(
                            "{} dropped back in {}.",
                            card.name,
                            stage_name(from)
                        ));
                    } else {
                        state.announcement.set(format!(
                            "{} dropped in {}.",
                            card.name,
                            stage_name(grab.over)
                        ));
                        state.drop_on(card.clone(), grab.over);
                        focus_later(card_dom_id(&card));
                    }
                }
                ("ArrowLeft" | "ArrowRight", Some(grab)) => {
                    ev.prevent_default();
                    let at = stages.iter().position(|s| s.id == grab.over).unwrap_or(0);
                    let to = if ev.key() == "ArrowLeft" {
                        at.saturating_sub(1)
                    } else {
                        (at + 1).min(stages.len() - 1)
                    };
                    let stage = &stages[to];
                    state.grab.set(Some(Grab {
                        over: stage.id,
                        ..grab
                    }));
                    reveal(&format!("stage-{}", stage.id.0));
                    state.announcement.set(format!(
                        "Over {}, stage {} of {}.",
                        stage.name,
                        to + 1,
                        stages.len()
                    ));
                }
                ("Escape", Some(_)) => {
                    ev.prevent_default();
                    state.grab.set(None);
                    state.announcement.set(format!(
                        "Move cancelled. {} stays in {}.",
                        card.name,
                        stage_name(from)
                    ));
                }
                _ => {}
            }
        }
    };

    let start_drag = move || {
        let card = latest.get_untracked();
        if let Some(from) = card.stage_id {
            state.grab.set(Some(Grab {
                card: card.clone(),
                over: from,
                by_pointer: true,
            }));
        }
    };
    let on_pointer_down = {
        move |ev: PointerEvent| {
            if ev.button() != 0 || in_menu(&ev) {
                return;
            }
            let touch = ev.pointer_type() != "mouse";
            press.set_value(Some(Press {
                x: f64::from(ev.client_x()),
                y: f64::from(ev.client_y()),
                touch,
            }));
            state
                .pointer
                .set((f64::from(ev.client_x()), f64::from(ev.client_y())));
            // Touch pointers stay with the card by themselves; a mouse is captured once
            // a drag starts, so a plain click still reaches the deal's link.
            if touch {
                set_timeout(
                    move || {
                        if press.get_value().is_some() {
                            start_drag();
                        }
                    },
                    LONG_PRESS,
                );
            }
        }
    };
    let on_pointer_move = move |ev: PointerEvent| {
        let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
        let dragging = || {
            state
                .grab
                .with_untracked(|g| g.as_ref().is_some_and(|g| g.by_pointer && g.card.id == id))
        };
        if !dragging() {
            let Some(p) = press.get_value() else { return };
            let moved = (x - p.x).hypot(y - p.y);
            if p.touch && moved > TOUCH_SLOP_PX {
                // A swipe, not a long-press: let the page scroll.
                press.set_value(None);
                return;
            }
            if p.touch || moved <= MOUSE_DRAG_PX {
                return;
            }
            start_drag();
            capture(&ev);
        }
        state.pointer.set((x, y));
        scroll_near_edge("board", x);
        if let Some(stage) =
            attribute_at_point(x, y, "data-drop-stage").and_then(|s| s.parse().ok())
        {
            state.grab.update(|g| {
                if let Some(g) = g.as_mut() {
                    g.over = StageId(stage);
                }
            });
        }
    };
    let on_pointer_up = {
        move |_: PointerEvent| {
            let card = latest.get_untracked();
            press.set_value(None);
            let Some(grab) = state
                .grab
                .get_untracked()
                .filter(|g| g.card.id == card.id && g.by_pointer)
            else {
                return;
            };
            state.grab.set(None);
            if Some(grab.over) != card.stage_id {
                state.announcement.set(format!(
                    "{} dropped in {}.",
                    card.name,
                    stage_name(grab.over)
                ));
                state.drop_on(card.clone(), grab.over);
            }
        }
    };
    let on_pointer_cancel = move |_: PointerEvent| {
        press.set_value(None);
        if state
            .grab
            .with_untracked(|g| g.as_ref().is_some_and(|g| g.by_pointer && g.card.id == id))
        {
            state.grab.set(None);
        }
    };

    let currency = state.currency;
    view! {
        <article
            id=dom_id
            class="deal-card"
            class:grabbed=grabbed
            tabindex="0"
            aria-labelledby=labelled_by
            aria-roledescription="deal card"
            aria-describedby="board-drag-help"
            on:keydown=on_key
            on:pointerdown=on_pointer_down
            on:pointermove=on_pointer_move
            on:pointerup=on_pointer_up
            on:pointercancel=on_pointer_cancel
        >
            {move || {
                let card = latest.get();
                let days = card.days_in_stage(now_ms());
                let status_badge = match card.status {
                    Status::Open => None,
                    Status::Won => Some(("badge badge-ok", "Won")),
                    Status::Lost => Some(("badge badge-danger", "Lost")),
                    Status::Abandoned => Some(("badge badge-muted", "Abandoned")),
                };
                view! {
                    <div class="deal-card-top">
                        <h3 class="deal-name" id=name_id.clone()>
                            <a class="deal-link" href=format!("/opportunities/{}", card.id.0) draggable="false">
                                {card.name.clone()}
                            </a>
                        </h3>
                        <super::move_menu::MoveMenu card=card.clone() />
                    </div>
                    <p class="deal-value">{currency.format_minor(card.value_minor)}</p>
                    {card.contact.as_ref().map(|c| view! { <p class="deal-contact">{c.name.clone()}</p> })}
                    <div class="deal-meta">
                        {card
                            .owner
                            .as_ref()
                            .map(|o| {
                                view! {
                                    <span class="avatar avatar-small" title=format!("Owner: {}", o.name)>
                                        <span aria-hidden="true">{initials(&o.name)}</span>
                                        <span class="visually-hidden">{format!("Owner: {}", o.name)}</span>
                                    </span>
                                }
                            })}
                        {card.expected_close.map(|d| view! { <span title="Expected close date">{format!("Closes {d}")}</span> })}
                        <span>{format!("{days} day{} in stage", if days == 1 { "" } else { "s" })}</span>
                        {status_badge.map(|(class, label)| view! { <span class=class>{label}</span> })}
                    </div>
                }
            }}
        </article>
    }
}

fn capture(ev: &PointerEvent) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        if let Some(el) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let _ = el.set_pointer_capture(ev.pointer_id());
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}

/// Whether the pointer went down on the card's menu (which handles its own clicks).
fn in_menu(ev: &PointerEvent) -> bool {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        ev.target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest(".move-menu").ok().flatten())
            .is_some()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = ev;
        false
    }
}
