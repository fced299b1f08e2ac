//! The board's state in the browser: columns of cards, the move in progress, and the
//! operations that keep it right: optimistic moves, live changes, paging, fresh totals.
use super::card::card_dom_id;
use super::pending::{self, PendingMove};
use crate::api::opportunities::{
    load_card, load_column_page, load_column_totals, move_opportunity, BoardView,
};
use crate::domain::board::{
    BoardFilter, Card, ColumnTotals, Cursor, FilterInput, Named, OpportunityId, Pipeline, Stage,
};
use crate::domain::currency::Currency;
use crate::domain::money::weighted;
use crate::domain::opportunity::Status;
use crate::domain::pipeline::{StageId, StageKind};
use crate::ui::components::shell::Toast;
use crate::ui::dom::{focus_later, is_focused, now_ms};
use crate::ui::unsaved::spawn_saving;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq)]
pub struct ColumnState {
    pub stage: Stage,
    pub totals: ColumnTotals,
    pub cards: Vec<Card>,
    pub next: Option<Cursor>,
    pub loading: bool,
}

/// A card picked up, by keyboard or pointer, and the column it would drop into.
#[derive(Debug, Clone, PartialEq)]
pub struct Grab {
    pub card: Card,
    pub over: StageId,
    pub by_pointer: bool,
}

#[derive(Clone, Copy)]
pub struct BoardState {
    pub pipeline: StoredValue<Pipeline>,
    pub pipelines: StoredValue<Vec<Pipeline>>,
    pub users: StoredValue<Vec<Named>>,
    pub me: i64,
    pub currency: Currency,
    /// The change log's mark the board was read at (`BoardView::as_of`).
    pub as_of: i64,
    filter_input: StoredValue<FilterInput>,
    filter: StoredValue<BoardFilter>,
    pub columns: RwSignal<Vec<ColumnState>>,
    pub grab: RwSignal<Option<Grab>>,
    /// Where the pointer is while dragging, for the floating card.
    pub pointer: RwSignal<(f64, f64)>,
    /// Read out by screen readers: each step of a keyboard move, and its outcome.
    pub announcement: RwSignal<String>,
    /// A drop on Closed Lost waiting for its reason.
    pub lost: RwSignal<Option<(Card, StageId)>>,
    totals_request: StoredValue<u64>,
    /// Deals with a move being saved, and the next move each one waits to send.
    moving: StoredValue<HashMap<OpportunityId, Option<NextMove>>>,
    reload: Callback<()>,
}

/// The status a card will show once the server applies the rules; shown at once.
fn predicted_status(current: Status, kind: StageKind) -> Status {
    match (kind, current) {
        (StageKind::Won, _) => Status::Won,
        (StageKind::Lost, _) => Status::Lost,
        (StageKind::Open, Status::Won | Status::Lost) => Status::Open,
        (StageKind::Open, other) => other,
    }
}

/// A move waiting to be sent: the stage, and the lost reason when it is Closed Lost.
type NextMove = (StageId, Option<String>);

fn remove_from(columns: &mut [ColumnState], id: OpportunityId) {
    for column in columns.iter_mut() {
        column.cards.retain(|c| c.id != id);
    }
}

impl BoardState {
    pub fn new(
        view: BoardView,
        filter_input: FilterInput,
        filter: BoardFilter,
        reload: Callback<()>,
    ) -> Option<BoardState> {
        let pipeline = view.pipeline?;
        let columns = view
            .columns
            .into_iter()
            .map(|c| ColumnState {
                stage: c.stage,
                totals: c.totals,
                cards: c.page.cards,
                next: c.page.next,
                loading: false,
            })
            .collect();
        Some(BoardState {
            pipeline: StoredValue::new(pipeline),
            pipelines: StoredValue::new(view.pipelines),
            users: StoredValue::new(view.users),
            me: view.me,
            currency: view.currency,
            as_of: view.as_of,
            filter_input: StoredValue::new(filter_input),
            filter: StoredValue::new(filter),
            columns: RwSignal::new(columns),
            grab: RwSignal::new(None),
            pointer: RwSignal::new((0.0, 0.0)),
            announcement: RwSignal::new(String::new()),
            lost: RwSignal::new(None),
            totals_request: StoredValue::new(0),
            moving: StoredValue::new(HashMap::new()),
            reload,
        })
    }

    pub fn stages(&self) -> Vec<Stage> {
        self.pipeline.with_value(|p| p.stages.clone())
    }

    /// The board's copy of a deal's card, if it is shown (tracked: reruns on changes).
    pub fn card(&self, id: OpportunityId) -> Option<Card> {
        self.columns.with(|columns| {
            columns
                .iter()
                .flat_map(|c| c.cards.iter())
                .find(|c| c.id == id)
                .cloned()
        })
    }

    pub fn stage(&self, id: StageId) -> Option<Stage> {
        self.pipeline.with_value(|p| p.stage(id).cloned())
    }

    pub fn reload(&self) {
        self.reload.run(());
    }

    /// Puts `card` where it belongs on this board (or takes it off), unless the board
    /// already shows a newer version of it.
    pub fn place(self, card: Card) {
        // A newer version is drawn afresh; keep keyboard focus on it if it had it.
        let dom_id = card_dom_id(&card);
        if is_focused(&dom_id) {
            focus_later(dom_id);
        }
        let pipeline = self.pipeline.with_value(|p| p.id);
        let visible =
            card.pipeline_id == Some(pipeline) && self.filter.with_value(|f| f.matches(&card));
        self.columns.update(|columns| {
            let shown = columns
                .iter()
                .flat_map(|c| c.cards.iter())
                .find(|c| c.id == card.id);
            if shown.is_some_and(|c| c.version > card.version) {
                return;
            }
            remove_from(columns, card.id);
            let Some(column) = columns
                .iter_mut()
                .find(|c| visible && Some(c.stage.id) == card.stage_id)
            else {
                return;
            };
            let key = (card.stage_entered_at, card.id.0);
            let at = column
                .cards
                .iter()
                .position(|c| (c.stage_entered_at, c.id.0) < key);
            match at {
                Some(at) => column.cards.insert(at, card),
                // Past the loaded cards: it arrives with the next page instead.
                None if column.next.is_none() => column.cards.push(card),
                None => {}
            }
        });
    }

    /// Takes a deal off the board (it was deleted or moved out of sight).
    pub fn remove(self, id: OpportunityId) {
        self.columns.update(|columns| remove_from(columns, id));
    }

    /// Moves `card` to stage `to` at once, then asks the server; a refusal puts the card
    /// where the server says it is, with the reason.
    pub fn move_card(self, card: Card, to: StageId, lost_reason: Option<String>) {
        let Some(target) = self.stage(to) else { return };
        if card.stage_id == Some(to) {
            return;
        }
        let predicted = Card {
            stage_id: Some(to),
            status: predicted_status(card.status, target.kind),
            stage_entered_at: now_ms(),
            ..card.clone()
        };
        self.adjust_totals(&card, -1);
        self.adjust_totals(&predicted, 1);
        self.place(predicted);
        pending::remember(PendingMove {
            deal: card.id,
            name: card.name.clone(),
            from_version: card.version,
            to,
            lost_reason: lost_reason.clone(),
            page: pending::this_page(),
        });
        // One request per deal at a time: a second move made before the first is saved
        // waits for it, then goes with the version the first one produced.
        let busy = self.moving.with_value(|m| m.contains_key(&card.id));
        self.moving.update_value(|m| {
            m.insert(card.id, Some((to, lost_reason)));
        });
        if !busy {
            // Leaving the page asks first until the moves are answered.
            spawn_saving(self.send_moves(card));
        }
    }

    /// Sends the waiting moves of `card`'s deal one after another.
    async fn send_moves(self, mut card: Card) {
        let take_next = |id| {
            self.moving
                .try_update_value(|m| m.get_mut(&id).and_then(Option::take))
                .flatten()
        };
        while let Some((to, lost_reason)) = take_next(card.id) {
            let result =
                move_opportunity(card.id.0, card.version, Some(to.0), None, lost_reason).await;
            match result {
                Ok(saved) => {
                    let stage = self.stage(to).map(|s| s.name).unwrap_or_default();
                    self.announcement
                        .set(format!("{} is now in {stage}.", saved.name));
                    self.place(saved.clone());
                    card = saved;
                }
                Err(err) => {
                    let current = load_card(card.id.0).await.unwrap_or(card.clone());
                    // Refused because an earlier page's cut-off request for this same
                    // move got through after all: nothing to tell.
                    if current.stage_id != Some(to) {
                        Toast::error(err.to_string());
                        self.announcement.set(err.to_string());
                    }
                    self.place(current);
                    break;
                }
            }
        }
        pending::forget(card.id);
        self.moving.update_value(|m| {
            m.remove(&card.id);
        });
        self.refresh_totals();
    }

    /// Shifts the figures of the card's column by one card, until the server's arrive.
    fn adjust_totals(self, card: &Card, sign: i64) {
        self.columns.update(|columns| {
            if let Some(column) = columns
                .iter_mut()
                .find(|c| Some(c.stage.id) == card.stage_id)
            {
                let totals = &mut column.totals;
                totals.count += sign;
                totals.total_minor += sign * card.value_minor;
                totals.weighted_minor =
                    weighted(totals.total_minor, column.stage.probability.percent());
            }
        });
    }

    /// Fetches every column's totals again, shortly, once for a burst of changes.
    pub fn refresh_totals(self) {
        let request = self.totals_request.get_value() + 1;
        self.totals_request.set_value(request);
        set_timeout(
            // The board may have been left (and its state disposed) meanwhile: then the
            // `try_` reads find nothing and the request is dropped.
            move || {
                if self.totals_request.try_get_value() != Some(request) {
                    return;
                }
                let (Some(pipeline), Some(filter)) = (
                    self.pipeline.try_with_value(|p| p.id.0),
                    self.filter_input.try_get_value(),
                ) else {
                    return;
                };
                spawn_local(async move {
                    let Ok(fresh) = load_column_totals(pipeline, filter).await else {
                        return;
                    };
                    if self.totals_request.try_get_value() != Some(request) {
                        return;
                    }
                    self.columns.try_update(|columns| {
                        for column in columns.iter_mut() {
                            if let Some((_, totals)) =
                                fresh.iter().find(|(id, _)| *id == column.stage.id)
                            {
                                column.totals = *totals;
                            }
                        }
                    });
                });
            },
            Duration::from_millis(250),
        );
    }

    /// Loads the next page of a column, if there is one and it is not already coming.
    pub fn load_more(self, stage: StageId) {
        let mut cursor = None;
        self.columns.update(|columns| {
            if let Some(column) = columns
                .iter_mut()
                .find(|c| c.stage.id == stage && !c.loading)
            {
                cursor = column.next;
                column.loading = cursor.is_some();
            }
        });
        let Some(after) = cursor else { return };
        let filter = self.filter_input.get_value();
        spawn_local(async move {
            let page = load_column_page(stage.0, filter, after).await;
            self.columns.update(|columns| {
                let Some(column) = columns.iter_mut().find(|c| c.stage.id == stage) else {
                    return;
                };
                column.loading = false;
                match page {
                    Ok(page) => {
                        let known: Vec<_> = column.cards.iter().map(|c| c.id).collect();
                        column
                            .cards
                            .extend(page.cards.into_iter().filter(|c| !known.contains(&c.id)));
                        column.next = page.next;
                    }
                    Err(err) => Toast::error(err.to_string()),
                }
            });
        });
    }

    /// Drops a card on a stage: Closed Lost first asks why.
    pub fn drop_on(self, card: Card, to: StageId) {
        match self.stage(to) {
            Some(stage) if card.stage_id != Some(to) && stage.kind == StageKind::Lost => {
                self.lost.set(Some((card, to)))
            }
            Some(_) => self.move_card(card, to, None),
            None => {}
        }
    }
}
