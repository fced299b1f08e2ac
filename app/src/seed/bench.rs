//! `dealflow seed-bench --deals N`: one pipeline with N deals, each with its own contact,
//! spread over the stages, for measuring the board at scale.
use super::names::{COMPANIES, FIRST_NAMES, LAST_NAMES};
use super::sales_team;
use crate::domain::account::UserId;
use crate::domain::board::Pipeline;
use crate::domain::change::Actor;
use crate::domain::contact::NewContact;
use crate::domain::date::Date;
use crate::domain::deal::DealFields;
use crate::domain::opportunity::Status;
use crate::domain::pipeline::{default_stages, StageKind};
use crate::store::opportunities::create::{ContactChoice, NewOpportunity};
use crate::store::{Store, StoreError};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const TEAM: [(&str, &str); 8] = [
    ("Rep One", "rep1@bench.dealflow.example"),
    ("Rep Two", "rep2@bench.dealflow.example"),
    ("Rep Three", "rep3@bench.dealflow.example"),
    ("Rep Four", "rep4@bench.dealflow.example"),
    ("Rep Five", "rep5@bench.dealflow.example"),
    ("Rep Six", "rep6@bench.dealflow.example"),
    ("Rep Seven", "rep7@bench.dealflow.example"),
    ("Rep Eight", "rep8@bench.dealflow.example"),
];

/// Deals per transaction while seeding.
const CHUNK: usize = 2_000;

/// Creates a pipeline named "Benchmark (N deals)" and fills it; `progress` hears each chunk.
pub async fn seed_bench(
    store: &Store,
    admin: UserId,
    deals: usize,
    mut progress: impl FnMut(usize),
) -> Result<Pipeline, StoreError> {
    let mut rng = StdRng::seed_from_u64(100_000);
    let mut team = sales_team(store, &TEAM).await?;
    team.push(admin);
    let pipeline = store
        .create_pipeline(&format!("Benchmark ({deals} deals)"), &default_stages())
        .await?;
    let today = Date::from_unix_ms(store.now());
    let mut done = 0;
    while done < deals {
        let batch: Vec<NewOpportunity> = (done..(done + CHUNK).min(deals))
            .map(|i| {
                // 70% in open stages, 15% won, 15% lost.
                let roll: f64 = rng.gen();
                let stage = match roll {
                    r if r < 0.70 => pipeline.stages[rng.gen_range(0..4)].id,
                    r if r < 0.85 => pipeline.stages[4].id,
                    _ => pipeline.stages[5].id,
                };
                let status = match pipeline.stage(stage).map(|s| s.kind) {
                    Some(StageKind::Won) => Status::Won,
                    Some(StageKind::Lost) => Status::Lost,
                    _ if rng.gen_bool(0.05) => Status::Abandoned,
                    _ => Status::Open,
                };
                let (company, domain) = COMPANIES[i % COMPANIES.len()];
                let first = FIRST_NAMES[i % FIRST_NAMES.len()];
                let last = LAST_NAMES[(i / FIRST_NAMES.len()) % LAST_NAMES.len()];
                NewOpportunity {
                    fields: DealFields {
                        name: format!("{company} deal {i}"),
                        value_minor: rng.gen_range(1..=5_000) * 1_000,
                        source: None,
                        expected_close: Some(today.add_days(rng.gen_range(-90..=270))),
                    },
                    stage: Some(stage),
                    status,
                    contact: Some(ContactChoice::New(NewContact {
                        name: format!("{first} {last}"),
                        email: crate::domain::account::EmailAddress::parse(&format!(
                            "contact{i}@{domain}"
                        ))
                        .ok(),
                        phone: None,
                    })),
                    owner: Some(team[i % team.len()]),
                }
            })
            .collect();
        done += store
            .create_opportunities_in_bulk(Actor::System, &batch, CHUNK)
            .await?;
        progress(done);
    }
    Ok(pipeline)
}
