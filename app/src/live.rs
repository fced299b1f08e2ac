//! Live updates: committed deal and pipeline changes, fanned out to every open board,
//! and the signal that someone's access changed, so their open streams check it again.
//!
//! One process fans out in memory. `ChangeFeed` is the seam for running several
//! processes: an implementation can publish through PostgreSQL NOTIFY and feed its
//! local subscribers from LISTEN, and nothing else changes. The feed never decides who
//! may see what: each stream asks the database before it sends anything.
use crate::domain::account::UserId;
use crate::domain::board::{BoardChange, Card};
use crate::domain::pipeline::PipelineId;
use std::sync::{Arc, Mutex};
use tokio::sync::broadcast;

/// What travels through the feed.
#[derive(Debug, Clone, PartialEq)]
pub enum FeedEvent {
    /// A committed change, for the boards that may see it.
    Board(BoardChange),
    /// A session ended, or a user was deactivated or given other rights: open streams
    /// look their person up again at once instead of at their next check.
    AccessChanged,
}

pub trait ChangeFeed: Send + Sync {
    fn publish(&self, event: FeedEvent);
    /// Events from now on. A subscriber that falls far behind is told it lagged.
    fn subscribe(&self) -> broadcast::Receiver<Arc<FeedEvent>>;
    /// Ends every subscription (the server is stopping), so open streams finish.
    fn close(&self);

    fn pipeline_changed(&self, id: PipelineId) {
        self.publish(FeedEvent::Board(BoardChange::Pipeline(id)));
    }

    fn deal_changed(
        &self,
        before: Option<Card>,
        after: Option<Card>,
        followers: Vec<UserId>,
        by: String,
    ) {
        self.publish(FeedEvent::Board(BoardChange::Deal {
            before: before.map(Box::new),
            after: after.map(Box::new),
            followers,
            by,
        }));
    }

    fn access_changed(&self) {
        self.publish(FeedEvent::AccessChanged);
    }
}

/// The in-process feed: a broadcast channel.
pub struct MemoryFeed {
    sender: Mutex<Option<broadcast::Sender<Arc<FeedEvent>>>>,
}

impl Default for MemoryFeed {
    fn default() -> Self {
        MemoryFeed {
            sender: Mutex::new(Some(broadcast::channel(1024).0)),
        }
    }
}

impl ChangeFeed for MemoryFeed {
    fn publish(&self, event: FeedEvent) {
        if let Some(sender) = self.sender.lock().ok().and_then(|s| s.clone()) {
            // No subscribers is normal (no board open); nothing to do then.
            let _ = sender.send(Arc::new(event));
        }
    }

    fn subscribe(&self) -> broadcast::Receiver<Arc<FeedEvent>> {
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

/// The part of a change `viewer` may be sent. People limited to their own deals see
/// only deals they own or follow after the change; a deal that was theirs before and
/// is not any more reaches them as a removal, without what it became.
pub fn visible_to(
    change: &BoardChange,
    viewer: UserId,
    only_assigned: bool,
) -> Option<BoardChange> {
    let BoardChange::Deal {
        before,
        after,
        followers,
        by,
    } = change
    else {
        return Some(change.clone());
    };
    let owned = |card: &Option<Box<Card>>| {
        card.as_ref()
            .is_some_and(|c| c.owner.as_ref().is_some_and(|o| o.id == viewer.0))
    };
    if !only_assigned || (after.is_some() && (owned(after) || followers.contains(&viewer))) {
        return Some(change.clone());
    }
    owned(before).then(|| BoardChange::Deal {
        before: before.clone(),
        after: None,
        followers: Vec::new(),
        by: by.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::board::{Named, OpportunityId};
    use crate::domain::opportunity::Status;

    const ME: UserId = UserId(7);

    fn card(owner: Option<i64>) -> Option<Box<Card>> {
        Some(Box::new(Card {
            id: OpportunityId(1),
            version: 1,
            name: "ZZSECRET deal".into(),
            value_minor: 500_000,
            status: Status::Open,
            pipeline_id: Some(PipelineId(1)),
            stage_id: None,
            contact: None,
            owner: owner.map(|id| Named {
                id,
                name: format!("User {id}"),
            }),
            expected_close: None,
            stage_entered_at: 0,
        }))
    }

    fn deal(before: Option<i64>, after: Option<Option<i64>>, followers: &[i64]) -> BoardChange {
        BoardChange::Deal {
            before: card(before),
            after: after.and_then(card),
            followers: followers.iter().map(|id| UserId(*id)).collect(),
            by: "Dana".into(),
        }
    }

    #[test]
    fn people_limited_to_their_deals_get_only_their_part_of_each_change() {
        let removal = |before| BoardChange::Deal {
            before: card(Some(before)),
            after: None,
            followers: Vec::new(),
            by: "Dana".into(),
        };
        let cases = [
            // (change, what a limited viewer gets)
            (
                deal(Some(1), Some(Some(7)), &[]),
                Some(deal(Some(1), Some(Some(7)), &[])),
            ),
            (
                deal(Some(1), Some(Some(1)), &[7]),
                Some(deal(Some(1), Some(Some(1)), &[7])),
            ),
            (deal(Some(1), Some(Some(1)), &[]), None),
            (deal(Some(1), Some(None), &[2]), None),
            (deal(Some(7), Some(Some(1)), &[]), Some(removal(7))),
            (deal(Some(7), None, &[7]), Some(removal(7))),
        ];
        for (change, want) in cases {
            assert_eq!(visible_to(&change, ME, true), want, "{change:?}");
            assert_eq!(visible_to(&change, ME, false), Some(change.clone()));
        }
        let pipeline = BoardChange::Pipeline(PipelineId(3));
        assert_eq!(visible_to(&pipeline, ME, true), Some(pipeline));
    }
}
