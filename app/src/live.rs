//! Live updates: committed deal and pipeline changes, fanned out to every open board.
//!
//! One process fans out in memory. `ChangeFeed` is the seam for running several
//! processes: an implementation can publish through PostgreSQL NOTIFY and feed its
//! local subscribers from LISTEN, and nothing else changes.
use crate::domain::account::UserId;
use crate::domain::board::{BoardChange, Card};
use crate::domain::pipeline::PipelineId;
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;

pub trait ChangeFeed: Send + Sync {
    fn publish(&self, change: BoardChange);
    /// Changes from now on. A subscriber that falls far behind is told it lagged.
    fn subscribe(&self) -> broadcast::Receiver<Arc<BoardChange>>;
    /// Ends every subscription (the server is stopping), so open streams finish.
    fn close(&self);

    fn pipeline_changed(&self, id: PipelineId) {
        self.publish(BoardChange::Pipeline(id));
    }

    fn deal_changed(
        &self,
        before: Option<Card>,
        after: Option<Card>,
        followers: Vec<UserId>,
        by: String,
    ) {
        self.publish(BoardChange::Deal {
            before: before.map(Box::new),
            after: after.map(Box::new),
            followers,
            by,
        });
    }
}

/// The in-process feed: a broadcast channel.
pub struct MemoryFeed {
    sender: Mutex<Option<broadcast::Sender<Arc<BoardChange>>>>,
}

impl Default for MemoryFeed {
    fn default() -> Self {
        MemoryFeed {
            sender: Mutex::new(Some(broadcast::channel(1024).0)),
        }
    }
}

impl ChangeFeed for MemoryFeed {
    fn publish(&self, change: BoardChange) {
        if let Some(sender) = self.sender.lock().ok().and_then(|s| s.clone()) {
            // No subscribers is normal (no board open); nothing to do then.
            let _ = sender.send(Arc::new(change));
        }
    }

    fn subscribe(&self) -> broadcast::Receiver<Arc<BoardChange>> {
        match self.sender.lock().ok().and_then(|s| s.clone()) {
            Some(sender) => sender.subscribe(),
            // Closed: a receiver whose sender is gone ends at once.
            None => broadcast::channel(1).1,
        }
    }

    fn close(&self) {
        if let Ok(mut sender) = self.sender.lock() {
            sender.take();
        }
    }
}

/// Whether `viewer` may see a change: people limited to their own deals see only
/// deals they own or follow (before or after the change).
pub fn visible_to(change: &BoardChange, viewer: UserId, only_assigned: bool) -> bool {
    match change {
        BoardChange::Pipeline(_) => true,
        BoardChange::Deal {
            before,
            after,
            followers,
            ..
        } => {
            !only_assigned
                || followers.contains(&viewer)
                || [before, after]
                    .into_iter()
                    .flatten()
                    .any(|card| card.owner.as_ref().is_some_and(|o| o.id == viewer.0))
        }
    }
}
