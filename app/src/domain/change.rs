//! The opportunity change log: who or what made a change, and what kind of change it was.
use super::account::UserId;
use serde::{Deserialize, Serialize};

/// Who or what changed a deal. Every change-log event and system note names one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Actor {
    User(UserId),
    Import {
        batch: i64,
    },
    ApiKey {
        key: i64,
    },
    Workflow {
        run: i64,
        step: i64,
    },
    /// Dealflow itself, e.g. the demo and benchmark data it generates.
    System,
}

impl Actor {
    /// The columns an actor is stored in: kind, id, step.
    pub fn columns(self) -> (&'static str, Option<i64>, Option<i64>) {
        match self {
            Actor::User(id) => ("user", Some(id.0), None),
            Actor::Import { batch } => ("import", Some(batch), None),
            Actor::ApiKey { key } => ("api_key", Some(key), None),
            Actor::Workflow { run, step } => ("workflow", Some(run), Some(step)),
            Actor::System => ("system", None, None),
        }
    }

    pub fn from_columns(kind: &str, id: Option<i64>, step: Option<i64>) -> Option<Actor> {
        Some(match (kind, id, step) {
            ("user", Some(id), _) => Actor::User(UserId(id)),
            ("import", Some(batch), _) => Actor::Import { batch },
            ("api_key", Some(key), _) => Actor::ApiKey { key },
            ("workflow", Some(run), Some(step)) => Actor::Workflow { run, step },
            ("system", _, _) => Actor::System,
            _ => return None,
        })
    }
}

/// What a change-log event records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventKind {
    Created,
    StageChanged,
    StatusChanged,
    FieldChanged,
    OwnerChanged,
    FollowersChanged,
    Deleted,
}

impl EventKind {
    pub const ALL: [EventKind; 7] = [
        EventKind::Created,
        EventKind::StageChanged,
        EventKind::StatusChanged,
        EventKind::FieldChanged,
        EventKind::OwnerChanged,
        EventKind::FollowersChanged,
        EventKind::Deleted,
    ];

    pub fn key(self) -> &'static str {
        match self {
            EventKind::Created => "created",
            EventKind::StageChanged => "stage_changed",
            EventKind::StatusChanged => "status_changed",
            EventKind::FieldChanged => "field_changed",
            EventKind::OwnerChanged => "owner_changed",
            EventKind::FollowersChanged => "followers_changed",
            EventKind::Deleted => "deleted",
        }
    }

    pub fn from_key(key: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// "a moment ago", "5 minutes ago", "3 hours ago", "2 days ago": how long since `then_ms`.
pub fn time_ago(then_ms: i64, now_ms: i64) -> String {
    let minutes = (now_ms - then_ms).max(0) / 60_000;
    let plural = |n: i64, unit: &str| format!("{n} {unit}{} ago", if n == 1 { "" } else { "s" });
    match minutes {
        0 => "a moment ago".to_string(),
        1..=59 => plural(minutes, "minute"),
        60..=1439 => plural(minutes / 60, "hour"),
        _ => plural(minutes / 1440, "day"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actors_round_trip_through_their_columns() {
        let actors = [
            Actor::User(UserId(7)),
            Actor::Import { batch: 3 },
            Actor::ApiKey { key: 9 },
            Actor::Workflow { run: 11, step: 2 },
            Actor::System,
        ];
        for actor in actors {
            let (kind, id, step) = actor.columns();
            assert_eq!(Actor::from_columns(kind, id, step), Some(actor));
        }
        assert_eq!(Actor::from_columns("user", None, None), None);
    }

    #[test]
    fn event_kinds_round_trip() {
        for kind in EventKind::ALL {
            assert_eq!(EventKind::from_key(kind.key()), Some(kind));
        }
    }

    #[test]
    fn times_read_naturally() {
        let now = 1_000_000_000;
        assert_eq!(time_ago(now - 20_000, now), "a moment ago");
        assert_eq!(time_ago(now - 60_000, now), "1 minute ago");
        assert_eq!(time_ago(now - 5 * 60_000, now), "5 minutes ago");
        assert_eq!(time_ago(now - 3 * 3_600_000, now), "3 hours ago");
        assert_eq!(time_ago(now - 49 * 3_600_000, now), "2 days ago");
    }
}
