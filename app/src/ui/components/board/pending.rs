//! Moves sent but not yet answered, kept in the tab's session storage: a reload that cut
//! one off finds it on the next board and finishes it, or tells the person it could not.
use super::state::BoardState;
use crate::api::opportunities::load_card;
use crate::domain::board::OpportunityId;
use crate::domain::pipeline::StageId;
use crate::ui::components::shell::Toast;
use serde::{Deserialize, Serialize};

/// A move on its way: the deal, the version it was moved from, and where it goes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingMove {
    pub deal: OpportunityId,
    pub name: String,
    pub from_version: i64,
    pub to: StageId,
    pub lost_reason: Option<String>,
    /// The page that sent it (when it loaded): its own moves are not an earlier page's.
    #[serde(default)]
    pub page: i64,
}

/// Notes that `pending` is on its way (replacing an earlier move of the same deal).
pub fn remember(pending: PendingMove) {
    let mut moves = stored();
    moves.retain(|m| m.deal != pending.deal);
    moves.push(pending);
    store(&moves);
}

/// The server answered the moves of `deal`.
pub fn forget(deal: OpportunityId) {
    let mut moves = stored();
    moves.retain(|m| m.deal != deal);
    store(&moves);
}

/// Finishes the moves to stages of this board that an earlier page sent but never heard
/// back about: a deal still as it was is moved again; one that changed meanwhile is left
/// as it is, and the person is told.
pub fn resume(state: BoardState) {
    let (mine, others): (Vec<_>, Vec<_>) = stored()
        .into_iter()
        .partition(|m| m.page != this_page() && state.stage(m.to).is_some());
    if mine.is_empty() {
        return;
    }
    store(&others);
    leptos::task::spawn_local_scoped(async move {
        for pending in mine {
            let Ok(card) = load_card(pending.deal.0).await else {
                continue;
            };
            let stage = state.stage(pending.to).map(|s| s.name).unwrap_or_default();
            if card.stage_id == Some(pending.to) {
                continue;
            }
            if card.version == pending.from_version {
                Toast::success(format!(
                    "The page reloaded before {} was saved in {stage}; saving it now.",
                    pending.name
                ));
                state.move_card(card, pending.to, pending.lost_reason);
            } else {
                Toast::error(format!(
                    "Moving {} to {stage} was not saved before the page reloaded, and the deal has changed since. Move it again if it still applies.",
                    pending.name
                ));
            }
        }
    });
}

#[cfg(feature = "hydrate")]
const KEY: &str = "dealflow.moves-in-flight";

fn stored() -> Vec<PendingMove> {
    #[cfg(feature = "hydrate")]
    {
        session_storage()
            .and_then(|s| s.get_item(KEY).ok().flatten())
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        Vec::new()
    }
}

fn store(moves: &[PendingMove]) {
    #[cfg(feature = "hydrate")]
    if let Some(storage) = session_storage() {
        let _ = match moves {
            [] => storage.remove_item(KEY),
            _ => match serde_json::to_string(moves) {
                Ok(text) => storage.set_item(KEY, &text),
                Err(_) => Ok(()),
            },
        };
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = moves;
}

/// When this page loaded, in milliseconds: one number per page load.
pub fn this_page() -> i64 {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.performance())
            .map(|p| p.time_origin() as i64)
            .unwrap_or_default()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0
    }
}

#[cfg(feature = "hydrate")]
fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}
