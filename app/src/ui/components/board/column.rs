//! A stage column: its figures over every matching deal, then its cards, page by page.
use super::card::DealCard;
use super::state::BoardState;
use crate::domain::pipeline::{StageId, StageKind};
use leptos::prelude::*;

/// How close to the bottom (px) scrolling starts loading the next page.
const LOAD_AHEAD_PX: i32 = 400;

#[component]
pub fn BoardColumn(stage: StageId) -> impl IntoView {
    let state = expect_context::<BoardState>();
    let column = Memo::new(move |_| {
        state
            .columns
            .with(|cs| cs.iter().find(|c| c.stage.id == stage).cloned())
    });
    let title_id = format!("stage-{}-title", stage.0);
    let labelled_by = title_id.clone();
    let is_target = move || {
        state.grab.with(|g| {
            g.as_ref()
                .is_some_and(|g| g.over == stage && g.card.stage_id != Some(stage))
        })
    };
    let currency = state.currency;
    let on_scroll = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            if let Some(el) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            {
                if el.scroll_height() - el.scroll_top() - el.client_height() < LOAD_AHEAD_PX {
                    state.load_more(stage);
                }
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, LOAD_AHEAD_PX);
    };
    let Some(info) = state.stage(stage) else {
        return ().into_any();
    };
    let kind = info.kind;
    let totals = move || column.with(|c| c.as_ref().map(|c| c.totals).unwrap_or_default());
    let cards = move || column.with(|c| c.as_ref().map(|c| c.cards.clone()).unwrap_or_default());
    let is_empty = move || column.with(|c| c.as_ref().is_none_or(|c| c.cards.is_empty()));
    let more = move || {
        column.with(|c| {
            c.as_ref()
                .filter(|c| c.next.is_some())
                .map(|c| (c.totals.count - c.cards.len() as i64, c.loading))
        })
    };
    view! {
        <section
            class="board-column"
            class:column-won=kind == StageKind::Won
            class:column-lost=kind == StageKind::Lost
            class:drop-target=is_target
            id=format!("stage-{}", stage.0)
            data-drop-stage=stage.0
            aria-labelledby=labelled_by
        >
            <header class="column-head">
                <div class="column-title">
                    <h2 id=title_id>{info.name.clone()}</h2>
                    <span class="column-probability" title="Close probability">
                        {format!("{}%", info.probability.percent())}
                    </span>
                </div>
                <p class="column-figures">
                    <span class="column-count">
                        {move || {
                            let count = totals().count;
                            format!("{count} deal{}", if count == 1 { "" } else { "s" })
                        }}
                    </span>
                    <span class="column-total">{move || currency.format_minor(totals().total_minor)}</span>
                </p>
                <p class="column-weighted">{move || format!("Weighted {}", currency.format_minor(totals().weighted_minor))}</p>
            </header>
            <div class="column-body" on:scroll=on_scroll>
                <Show when=is_empty>
                    <p class="column-empty">"No deals in this stage yet"</p>
                </Show>
                <For each=cards key=|card| card.id let:card>
                    <DealCard card />
                </For>
                {move || {
                    more()
                        .map(|(remaining, loading)| {
                            view! {
                                <button
                                    type="button"
                                    class="button button-small column-more"
                                    disabled=loading
                                    on:click=move |_| state.load_more(stage)
                                >
                                    {if loading { "Loading…".to_string() } else { format!("Show more ({remaining} more)") }}
                                </button>
                            }
                        })
                }}
            </div>
        </section>
    }
    .into_any()
}
