//! `dealflow seed-demo` and the first-run page's demo option: a sales team, three
//! pipelines, the companies they sell to and their people, a few hundred deals with a
//! year of moves, wins and losses, two custom fields, and the notes, calls, tasks and
//! meetings logged along the way. All of it goes through the store like anyone's work.
use super::names::{
    address, logged, meeting, phone, pick, task, COMPANIES, FIRST_NAMES, LAST_NAMES, LOST_REASONS,
    PRODUCTS, SOURCES,
};
use super::sales_team;
use crate::domain::account::{EmailAddress, UserId};
use crate::domain::activity::{ActivityDetails, ActivityTarget, MeetingStatus};
use crate::domain::board::{Card, ContactId, Pipeline};
use crate::domain::change::Actor;
use crate::domain::company::{CompanyFields, CompanyId};
use crate::domain::contact::ContactFields;
use crate::domain::currency::Currency;
use crate::domain::custom_field::{CustomField, FieldEntity, NewCustomField};
use crate::domain::date::Date;
use crate::domain::deal::DealFields;
use crate::domain::links::LinkChange;
use crate::domain::opportunity::Status;
use crate::domain::pipeline::{closed_stages, default_stages, Probability, StageKind, StagePlan};
use crate::store::opportunities::create::{ContactChoice, NewOpportunity};
use crate::store::opportunities::edit::{DealUpdate, FieldEdit};
use crate::store::opportunities::service::StandingChange;
use crate::store::{Store, StoreError};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};

const DAY_MS: i64 = 86_400_000;
const HOUR_MS: i64 = 3_600_000;
const DEALS: usize = 320;
const TEAM: [(&str, &str); 4] = [
    ("Ana Ortiz", "ana.ortiz@demo.dealflow.example"),
    ("Ben Carter", "ben.carter@demo.dealflow.example"),
    ("Chloe Park", "chloe.park@demo.dealflow.example"),
    ("Dev Patel", "dev.patel@demo.dealflow.example"),
];

/// What the demo added.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub pipelines: usize,
    pub deals: usize,
    pub contacts: usize,
    /// The companies the deals are with (found again when the demo was added before).
    pub companies: usize,
    pub activities: usize,
}

fn plan(open: &[(&str, i64)]) -> Result<Vec<StagePlan>, StoreError> {
    let mut stages = Vec::new();
    for (name, percent) in open {
        stages.push(StagePlan {
            name: name.to_string(),
            kind: StageKind::Open,
            probability: Probability::for_open_stage(*percent)
                .map_err(|e| StoreError::Refused(e.to_string()))?,
        });
    }
    stages.extend(closed_stages());
    Ok(stages)
}

/// Fills the workspace with demo data, recorded as `admin` and the demo team's work.
pub async fn seed_demo(store: &Store, admin: UserId) -> Result<DemoSummary, StoreError> {
    let now = store.now();
    let year_ago = now - 365 * DAY_MS;
    let mut team = sales_team(store, &TEAM).await?;
    team.push(admin);

    let past = store.as_of(year_ago);
    let pipelines = [
        past.create_pipeline("Sales Pipeline", &default_stages())
            .await?,
        past.create_pipeline(
            "Renewals",
            &plan(&[
                ("Upcoming", 30),
                ("In discussion", 55),
                ("Contract sent", 85),
            ])?,
        )
        .await?,
        past.create_pipeline(
            "Partnerships",
            &plan(&[("Intro call", 10), ("Pilot", 40), ("Agreement", 70)])?,
        )
        .await?,
    ];
    let mut demo = Demo {
        store,
        since: year_ago,
        now,
        rng: StdRng::seed_from_u64(2026),
        companies: vec![None; COMPANIES.len()],
        people: Vec::new(),
        fields: define_fields(store).await?,
        currency: store
            .workspace()
            .await?
            .map_or(Currency::DEFAULT, |w| w.currency),
        summary: DemoSummary::default(),
    };
    for i in 0..DEALS {
        let pipeline = &pipelines[match i % 10 {
            0..=5 => 0,
            6..=8 => 1,
            _ => 2,
        }];
        let owner = *team.choose(&mut demo.rng).unwrap_or(&admin);
        demo.deal(pipeline, owner).await?;
    }
    demo.summary.pipelines = pipelines.len();
    demo.summary.companies = demo.companies.iter().flatten().count();
    Ok(demo.summary)
}

/// The demo as it is written: the clock, the dice, and what exists so far.
struct Demo<'a> {
    store: &'a Store,
    /// When the team started using Dealflow: pipelines and companies date from then.
    since: i64,
    now: i64,
    rng: StdRng,
    /// Each of `COMPANIES` once it has a deal.
    companies: Vec<Option<CompanyId>>,
    /// The people created, where they work (`COMPANIES` index) and the pipelines they have
    /// a deal in: one per pipeline, the duplicate rule.
    people: Vec<(ContactId, usize, Vec<i64>)>,
    /// "Seats" and "Segment", in that order.
    fields: Vec<CustomField>,
    currency: Currency,
    summary: DemoSummary,
}

impl Demo<'_> {
    /// One deal: its company and contact, custom fields, history and perhaps activities.
    async fn deal(&mut self, pipeline: &Pipeline, owner: UserId) -> Result<(), StoreError> {
        let at_company = self.rng.gen_range(0..COMPANIES.len());
        let created =
            self.now - self.rng.gen_range(2..=360) * DAY_MS - self.rng.gen_range(0..DAY_MS);
        let then = self.store.as_of(created);
        let company = self.company(at_company).await?;
        let source = Some(pick(&SOURCES, &mut self.rng).to_string());
        let contact = self
            .contact(&then, pipeline, (at_company, company), owner, &source)
            .await?;
        let product = pick(&PRODUCTS, &mut self.rng);
        let value_minor = self.rng.gen_range(10..=1_200) * 10_000;
        let close = Date::from_unix_ms(created + self.rng.gen_range(20..=120) * DAY_MS);
        let new = NewOpportunity {
            fields: DealFields {
                name: format!("{} {product}", COMPANIES[at_company].0),
                value_minor,
                source,
                expected_close: Some(close),
            },
            stage: pipeline.stages.first().map(|s| s.id),
            status: Status::Open,
            contact: Some(ContactChoice::Existing(contact)),
            owner: Some(owner),
        };
        let actor = Actor::User(owner);
        let card = then.create_opportunity(actor, new).await?;
        let linked = LinkChange::Company {
            company,
            linked: true,
        };
        let mut card = then.change_link(actor, card.id, linked).await?;
        let mut fields = self.field_edits(value_minor, product);
        let mut at = created;
        for standing in history(pipeline, &mut self.rng) {
            at += self.rng.gen_range(2..=21) * DAY_MS;
            if at > self.now - HOUR_MS {
                break;
            }
            // The owner fills in the custom fields as the deal first moves on.
            let update = DealUpdate {
                fields: std::mem::take(&mut fields),
                standing,
            };
            card = self
                .store
                .as_of(at)
                .update_opportunity(actor, card.id, card.version, update)
                .await?;
        }
        self.summary.deals += 1;
        if self.rng.gen_bool(0.33) {
            let open = card.status == Status::Open;
            let until = if open { self.now } else { at };
            let company = COMPANIES[at_company].0;
            self.activities(&card, owner, company, (created, until))
                .await?;
        }
        Ok(())
    }

    /// Seats and segment of a deal worth `value_minor`, as its owner fills them in ("50
    /// seats" says how many). A value that a field defined otherwise before refuses is left out.
    fn field_edits(&mut self, value_minor: i64, product: &str) -> Vec<FieldEdit> {
        let rng = &mut self.rng;
        let (segment, seats) = if value_minor < 1_500_000 {
            ("SMB", rng.gen_range(5..=40))
        } else if value_minor < 6_000_000 {
            ("Mid-market", rng.gen_range(40..=250))
        } else {
            ("Enterprise", rng.gen_range(250..=2_000))
        };
        let seats: u32 = product
            .strip_suffix(" seats")
            .and_then(|n| n.parse().ok())
            .unwrap_or(seats);
        let typed = [seats.to_string(), segment.to_string()];
        let currency = self.currency;
        self.fields
            .iter()
            .zip(typed)
            .filter_map(|(field, raw)| {
                let value = field.parse_value(&raw, currency).ok()?;
                Some(FieldEdit::Custom {
                    key: field.key.clone(),
                    label: field.label.clone(),
                    text: value.as_ref().map(|v| field.display(v, currency)),
                    value,
                })
            })
            .collect()
    }

    /// The company at `COMPANIES[at]`: created on first use, or found when the demo was
    /// added before.
    async fn company(&mut self, at: usize) -> Result<CompanyId, StoreError> {
        if let Some(id) = self.companies[at] {
            return Ok(id);
        }
        let (name, domain) = COMPANIES[at];
        let found = self.store.search_companies(name, 20).await?;
        let id = match found.into_iter().find(|c| c.name == name) {
            Some(known) => CompanyId(known.id),
            None => {
                let fields = CompanyFields {
                    name: name.to_string(),
                    domain: Some(domain.to_string()),
                    phone: Some(phone(&mut self.rng)),
                    address: Some(address(&mut self.rng)),
                };
                self.store
                    .as_of(self.since)
                    .save_company(None, &fields)
                    .await?
            }
        };
        self.companies[at] = Some(id);
        Ok(id)
    }

    /// The deal's contact: now and then someone at the company with no deal in this
    /// pipeline yet, else a new person there (`then` is when the deal is created).
    async fn contact(
        &mut self,
        then: &Store,
        pipeline: &Pipeline,
        (at, company): (usize, CompanyId),
        owner: UserId,
        source: &Option<String>,
    ) -> Result<ContactId, StoreError> {
        let reuse = self
            .people
            .iter()
            .position(|(_, works_at, deals)| *works_at == at && !deals.contains(&pipeline.id.0))
            .filter(|_| self.rng.gen_bool(0.5));
        if let Some(known) = reuse {
            self.people[known].2.push(pipeline.id.0);
            return Ok(self.people[known].0);
        }
        let first = pick(&FIRST_NAMES, &mut self.rng);
        let last = pick(&LAST_NAMES, &mut self.rng);
        let email = format!("{first}.{last}{}@{}", self.people.len(), COMPANIES[at].1);
        let fields = ContactFields {
            first_name: first.to_string(),
            last_name: last.to_string(),
            email: EmailAddress::parse(&email.to_lowercase()).ok(),
            phone: Some(phone(&mut self.rng)),
            company: Some(company.0),
            owner: Some(owner),
            source: source.clone(),
            tags: Vec::new(),
        };
        let id = then
            .save_contact(Actor::System, None, &fields, &serde_json::Map::new())
            .await?;
        self.people.push((id, at, vec![pipeline.id.0]));
        self.summary.contacts += 1;
        Ok(id)
    }

    /// What the owner logged on a deal between `from` and `until` (past tasks are done),
    /// and on an open deal perhaps a task or a meeting coming up.
    async fn activities(
        &mut self,
        card: &Card,
        owner: UserId,
        company: &str,
        (from, until): (i64, i64),
    ) -> Result<(), StoreError> {
        let rng = &mut self.rng;
        let mut planned = Vec::new();
        if until - from > 3 * HOUR_MS {
            for _ in 0..rng.gen_range(1..=3) {
                let at = rng.gen_range(from + HOUR_MS..until - HOUR_MS);
                planned.push((at, logged(Date::from_unix_ms(at), owner, company, rng)));
            }
        }
        if card.status == Status::Open {
            let at = (self.now - rng.gen_range(HOUR_MS..3 * DAY_MS)).max(from + HOUR_MS);
            if rng.gen_bool(0.7) {
                let due = Date::from_unix_ms(self.now + rng.gen_range(1..=21) * DAY_MS);
                planned.push((at, task(due, owner, false, rng)));
            }
            if rng.gen_bool(0.2) {
                let day = Date::from_unix_ms(self.now + rng.gen_range(2..=14) * DAY_MS);
                planned.push((at, meeting(day, MeetingStatus::Scheduled, company, rng)));
            }
        }
        planned.sort_by_key(|(at, _)| *at);
        let target = ActivityTarget::Opportunity(card.id.0);
        for (at, details) in planned {
            let then = self.store.as_of(at);
            let id = then
                .add_activity(Actor::User(owner), target, &details)
                .await?;
            if let ActivityDetails::Task { done: true, .. } = details {
                then.set_task_done(id, true).await?;
            }
            self.summary.activities += 1;
        }
        Ok(())
    }
}

/// The demo's deal fields (label, type, options), defined unless their key exists already.
async fn define_fields(store: &Store) -> Result<Vec<CustomField>, StoreError> {
    const FIELDS: [(&str, &str, &str); 2] = [
        ("Seats", "number", ""),
        ("Segment", "single_select", "SMB\nMid-market\nEnterprise"),
    ];
    let defined = store.custom_fields(FieldEntity::Opportunity).await?;
    let mut keys = Vec::new();
    for (label, kind, options) in FIELDS {
        let new = NewCustomField::parse("opportunity", label, kind, options)
            .map_err(|(_, problem)| StoreError::Refused(problem))?;
        if !defined.iter().any(|f| f.key == new.key) {
            store.add_custom_field(&new).await?;
        }
        keys.push(new.key);
    }
    let defined = store.custom_fields(FieldEntity::Opportunity).await?;
    Ok(keys
        .iter()
        .filter_map(|key| defined.iter().find(|f| &f.key == key).cloned())
        .collect())
}

/// The changes a deal goes through: some steps forward, then perhaps won, lost or abandoned.
fn history(pipeline: &Pipeline, rng: &mut StdRng) -> Vec<StandingChange> {
    let open: Vec<_> = pipeline
        .stages
        .iter()
        .filter(|s| s.kind == StageKind::Open)
        .collect();
    let steps = rng.gen_range(0..open.len());
    let mut changes: Vec<StandingChange> = open[1..=steps]
        .iter()
        .map(|s| StandingChange {
            stage: Some(s.id),
            ..Default::default()
        })
        .collect();
    let status = match rng.gen::<f64>() {
        r if r < 0.28 => Status::Won,
        r if r < 0.45 => Status::Lost,
        r if r < 0.5 => Status::Abandoned,
        _ => return changes,
    };
    changes.push(StandingChange {
        status: Some(status),
        lost_reason: match status {
            Status::Lost => LOST_REASONS.choose(rng).map(|r| r.to_string()),
            _ => None,
        },
        ..Default::default()
    });
    changes
}
