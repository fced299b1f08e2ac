//! The pipeline board as both sides see it: stages, cards, column totals, and the filters
//! kept in the URL (checked here so the server and a live update agree on what matches).
use super::account::UserId;
use super::date::Date;
use super::money::{parse_amount, weighted};
use super::opportunity::Status;
use super::pipeline::{PipelineId, Probability, StageId, StageKind};
use super::text::search_text;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OpportunityId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ContactId(pub i64);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stage {
    pub id: StageId,
    pub pipeline_id: PipelineId,
    pub name: String,
    pub kind: StageKind,
    pub probability: Probability,
    pub position: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pipeline {
    pub id: PipelineId,
    pub name: String,
    /// In board order: open stages, then Closed Won and Closed Lost.
    pub stages: Vec<Stage>,
}

impl Pipeline {
    pub fn stage(&self, id: StageId) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }
}

/// A user or contact shown by name on a card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub id: i64,
    pub name: String,
}

/// What a board card shows, and what a move must send back (`version`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Card {
    pub id: OpportunityId,
    pub version: i64,
    pub name: String,
    pub value_minor: i64,
    pub status: Status,
    pub pipeline_id: Option<PipelineId>,
    pub stage_id: Option<StageId>,
    pub contact: Option<Named>,
    pub owner: Option<Named>,
    pub expected_close: Option<Date>,
    /// When the deal entered its stage (Unix ms), from the change log.
    pub stage_entered_at: i64,
}

impl Card {
    pub fn days_in_stage(&self, now_ms: i64) -> i64 {
        (now_ms - self.stage_entered_at).max(0) / 86_400_000
    }
}

/// A column's figures over every matching deal, not only the cards loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ColumnTotals {
    pub count: i64,
    pub total_minor: i64,
    pub weighted_minor: i64,
}

impl ColumnTotals {
    pub fn of(count: i64, total_minor: i64, probability: Probability) -> ColumnTotals {
        ColumnTotals {
            count,
            total_minor,
            weighted_minor: weighted(total_minor, probability.percent()),
        }
    }
}

/// Where the next page of a column starts: after this card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    pub stage_entered_at: i64,
    pub id: OpportunityId,
}

impl Cursor {
    pub fn after(card: &Card) -> Cursor {
        Cursor {
            stage_entered_at: card.stage_entered_at,
            id: card.id,
        }
    }
}

/// One page of a column: newest arrivals in the stage first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnPage {
    pub cards: Vec<Card>,
    pub next: Option<Cursor>,
}

pub const CARDS_PER_PAGE: usize = 50;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    pub stage: Stage,
    pub totals: ColumnTotals,
    pub page: ColumnPage,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum OwnerFilter {
    Nobody,
    User(UserId),
}

/// The board's filters. The default hides abandoned deals, as DOMAIN.md asks.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BoardFilter {
    pub owner: Option<OwnerFilter>,
    /// `None`: every status but Abandoned.
    pub status: Option<Status>,
    pub value_min: Option<i64>,
    pub value_max: Option<i64>,
    pub close_from: Option<Date>,
    pub close_to: Option<Date>,
    pub contact: Option<ContactId>,
    /// Part of the deal's name, any case.
    pub search: Option<String>,
}

/// The filters as typed (and as kept in the URL query), before they are checked.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FilterInput {
    pub owner: String,
    pub status: String,
    pub min: String,
    pub max: String,
    pub from: String,
    pub to: String,
    pub contact: String,
    pub q: String,
}

impl FilterInput {
    pub const KEYS: [&'static str; 8] = [
        "owner", "status", "min", "max", "from", "to", "contact", "q",
    ];

    pub fn get(&self, key: &str) -> &str {
        match key {
            "owner" => &self.owner,
            "status" => &self.status,
            "min" => &self.min,
            "max" => &self.max,
            "from" => &self.from,
            "to" => &self.to,
            "contact" => &self.contact,
            _ => &self.q,
        }
    }

    pub fn set(&mut self, key: &str, value: String) {
        let slot = match key {
            "owner" => &mut self.owner,
            "status" => &mut self.status,
            "min" => &mut self.min,
            "max" => &mut self.max,
            "from" => &mut self.from,
            "to" => &mut self.to,
            "contact" => &mut self.contact,
            _ => &mut self.q,
        };
        *slot = value;
    }

    /// Checks every filter; an error names the filter and says what to type.
    pub fn parse(&self, currency_digits: u32) -> Result<BoardFilter, (&'static str, String)> {
        let id = |key: &'static str, raw: &str| -> Result<Option<i64>, (&'static str, String)> {
            let raw = raw.trim();
            if raw.is_empty() {
                return Ok(None);
            }
            raw.parse::<i64>()
                .map(Some)
                .map_err(|_| (key, format!("'{raw}' is not a valid choice.")))
        };
        let owner = match self.owner.trim() {
            "none" => Some(OwnerFilter::Nobody),
            raw => id("owner", raw)?.map(|i| OwnerFilter::User(UserId(i))),
        };
        let status = match self.status.trim() {
            "" => None,
            raw => Some(Status::from_key(raw).ok_or_else(|| {
                (
                    "status",
                    format!("'{raw}' is not a status. Choose Open, Won, Lost or Abandoned."),
                )
            })?),
        };
        let amount = |key: &'static str, raw: &str| {
            if raw.trim().is_empty() {
                Ok(None)
            } else {
                parse_amount(raw, currency_digits)
                    .map(Some)
                    .map_err(|e| (key, e.to_string()))
            }
        };
        let date = |key: &'static str, raw: &str| {
            Date::parse_optional(raw).map_err(|e| (key, e.to_string()))
        };
        let filter = BoardFilter {
            owner,
            status,
            value_min: amount("min", &self.min)?,
            value_max: amount("max", &self.max)?,
            close_from: date("from", &self.from)?,
            close_to: date("to", &self.to)?,
            contact: id("contact", &self.contact)?.map(ContactId),
            search: Some(search_text(&self.q).map_err(|e| ("q", e))?.to_string())
                .filter(|q| !q.is_empty()),
        };
        if let (Some(min), Some(max)) = (filter.value_min, filter.value_max) {
            if min > max {
                return Err((
                    "max",
                    "The highest value is below the lowest. Swap them or clear one.".into(),
                ));
            }
        }
        if let (Some(from), Some(to)) = (filter.close_from, filter.close_to) {
            if from > to {
                return Err(("to", "The end date is before the start date.".into()));
            }
        }
        Ok(filter)
    }
}

impl BoardFilter {
    /// Whether `card` belongs on a board with these filters (contact filter: primary contact).
    pub fn matches(&self, card: &Card) -> bool {
        let status_ok = match self.status {
            None => card.status != Status::Abandoned,
            Some(status) => card.status == status,
        };
        let owner_ok = match self.owner {
            None => true,
            Some(OwnerFilter::Nobody) => card.owner.is_none(),
            Some(OwnerFilter::User(id)) => card.owner.as_ref().is_some_and(|o| o.id == id.0),
        };
        let close_ok = match (card.expected_close, self.close_from, self.close_to) {
            (_, None, None) => true,
            (None, _, _) => false,
            (Some(d), from, to) => from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t),
        };
        status_ok
            && owner_ok
            && close_ok
            && self.value_min.is_none_or(|m| card.value_minor >= m)
            && self.value_max.is_none_or(|m| card.value_minor <= m)
            && self
                .contact
                .is_none_or(|c| card.contact.as_ref().is_some_and(|k| k.id == c.0))
            && self
                .search
                .as_ref()
                .is_none_or(|q| card.name.to_lowercase().contains(&q.to_lowercase()))
    }
}

/// What a board hears from the server as other people work: a deal changed (its card
/// before and after, either absent when it entered or left the board), or a pipeline's
/// stages changed and the board should reload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BoardChange {
    Deal {
        before: Option<Box<Card>>,
        after: Option<Box<Card>>,
        /// Who follows the deal: people limited to their own deals see it too.
        followers: Vec<UserId>,
        /// Who made the change, for the message on screen.
        by: String,
    },
    Pipeline(PipelineId),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card() -> Card {
        Card {
            id: OpportunityId(1),
            version: 1,
            name: "Acme Robotics renewal".into(),
            value_minor: 500_000,
            status: Status::Open,
            pipeline_id: Some(PipelineId(1)),
            stage_id: Some(StageId(2)),
            contact: Some(Named {
                id: 4,
                name: "Ann Lee".into(),
            }),
            owner: Some(Named {
                id: 7,
                name: "Dana Scully".into(),
            }),
            expected_close: Date::parse("2026-06-30").ok(),
            stage_entered_at: 0,
        }
    }

    fn input(pairs: &[(&str, &str)]) -> FilterInput {
        let mut input = FilterInput::default();
        for (k, v) in pairs {
            input.set(k, v.to_string());
        }
        input
    }

    #[test]
    fn filters_match_cards() {
        let cases: &[(&[(&str, &str)], bool)] = &[
            (&[], true),
            (&[("q", "ROBOTICS")], true),
            (&[("q", "globex")], false),
            (&[("owner", "7")], true),
            (&[("owner", "8")], false),
            (&[("owner", "none")], false),
            (&[("status", "open")], true),
            (&[("status", "won")], false),
            (&[("min", "5,000"), ("max", "5000")], true),
            (&[("min", "5000.01")], false),
            (&[("from", "2026-06-01"), ("to", "2026-06-30")], true),
            (&[("to", "2026-06-29")], false),
            (&[("contact", "4")], true),
            (&[("contact", "5")], false),
        ];
        for (pairs, expected) in cases {
            let filter = input(pairs).parse(2).unwrap();
            assert_eq!(filter.matches(&card()), *expected, "{pairs:?}");
        }
    }

    #[test]
    fn abandoned_deals_show_only_when_asked_for() {
        let abandoned = Card {
            status: Status::Abandoned,
            ..card()
        };
        assert!(!BoardFilter::default().matches(&abandoned));
        assert!(input(&[("status", "abandoned")])
            .parse(2)
            .unwrap()
            .matches(&abandoned));
    }

    #[test]
    fn bad_filters_name_the_field() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[("min", "lots")], "min"),
            (&[("min", "10"), ("max", "5")], "max"),
            (&[("from", "2026-02-30")], "from"),
            (&[("from", "2026-03-02"), ("to", "2026-03-01")], "to"),
            (&[("status", "closed")], "status"),
            (&[("owner", "dana")], "owner"),
            (&[("min", "1,2,3")], "min"),
            (&[("max", "1.000.000,5,0")], "max"),
            (&[("max", "900,000,000.01")], "max"),
            (&[("q", "globex\0")], "q"),
            (&[("q", &*"x".repeat(201))], "q"),
        ];
        for (pairs, field) in cases {
            assert_eq!(input(pairs).parse(2).unwrap_err().0, *field, "{pairs:?}");
        }
    }

    #[test]
    fn column_totals_weight_by_probability() {
        let totals = ColumnTotals::of(3, 90_000, Probability::for_open_stage(25).unwrap());
        assert_eq!(totals.weighted_minor, 22_500);
    }
}
