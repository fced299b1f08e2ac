//! The review of an import: every row of the file planned as the job would plan it,
//! writing nothing, with the reasons rows fail or are skipped grouped and counted, the
//! values of name columns that match nothing, and the contacts and companies to create.
use super::chunk::EMPTY_ROW;
use super::pass::{lookups_for, typed, Pass, TypedRow};
use super::reader::chunks;
use super::ImportJobs;
use crate::domain::import::report::{Outcome, RowSample};
use crate::domain::import::tally::{ReasonTally, UnmatchedTally};
use crate::domain::import::{ImportOptions, ImportReview, Mapping};
use crate::store::imports::plan::{NewRecord, Planned, RecordRef};
use crate::store::{Store, StoreError};
use std::collections::HashSet;
use std::hash::{Hash, Hasher};

/// The contacts and companies rows create, each once however many rows name it (as
/// hashes: a review of a million rows may name a million of them).
#[derive(Default)]
struct NewRecords {
    contacts: HashSet<u64>,
    companies: HashSet<u64>,
}

fn hashed(record: &NewRecord) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (record.by, &record.key).hash(&mut hasher);
    hasher.finish()
}

impl NewRecords {
    fn note(&mut self, contact: Option<&RecordRef>, company: Option<&RecordRef>) {
        let new = |r: Option<&RecordRef>| r.and_then(RecordRef::new_record).map(hashed);
        self.contacts.extend(new(contact));
        self.companies.extend(new(company));
    }
}

impl ImportJobs {
    /// Plans every row of the file with `mapping` and `options`, writing nothing, and
    /// keeps the result on the import.
    pub async fn review(
        &self,
        store: &Store,
        id: i64,
        mapping: Mapping,
        options: ImportOptions,
    ) -> Result<ImportReview, StoreError> {
        let record = store.import_record(id).await?;
        let pass = Pass::read(store, &record, &mapping, options).await?;
        let invalid = |m| StoreError::invalid("mapping", m);
        mapping
            .check(
                &record.summary.headers,
                &pass.workspace.fields,
                options.mode,
            )
            .map_err(invalid)?;
        mapping.check_values(&pass.workspace).map_err(invalid)?;
        let mut planner = pass.planner();
        let mut review = ImportReview::default();
        let (mut failed, mut skipped) = (ReasonTally::default(), ReasonTally::default());
        let mut unmatched = UnmatchedTally::new(&mapping, &pass.workspace);
        let mut created = NewRecords::default();
        let mut conn = store.pool().acquire().await?;
        let mut file = chunks(self.file(id), record.shape.clone(), 0);
        while let Some(chunk) = file.recv().await {
            let chunk = chunk.map_err(|p| StoreError::Refused(p.to_string()))?;
            let rows = typed(&chunk, &pass);
            let found = lookups_for(&mut conn, &rows, pass.viewer).await?;
            for (TypedRow { row, values, label }, (_, cells)) in rows.into_iter().zip(&chunk) {
                let mut note = |outcome, deal: String, reason: Option<String>| {
                    match (outcome, &reason) {
                        (Outcome::Fail, Some(why)) => failed.note(row, why),
                        (Outcome::Skip, Some(why)) => skipped.note(row, why),
                        _ => {}
                    }
                    review.note(outcome, || RowSample { row, deal, reason });
                };
                let Some(values) = values else {
                    note(Outcome::Skip, label, Some(EMPTY_ROW.into()));
                    continue;
                };
                unmatched.note(cells, &pass.workspace);
                let values = match values {
                    Ok(values) => values,
                    Err(reason) => {
                        note(Outcome::Fail, label, Some(reason));
                        continue;
                    }
                };
                let (outcome, reason) = match planner.plan(row, &values, &found) {
                    Planned::Create(deal) => {
                        created.note(deal.contact.as_ref(), deal.company.as_ref());
                        (Outcome::Create, None)
                    }
                    Planned::Update(plan) => {
                        created.note(plan.primary_contact.as_ref(), plan.company.as_ref());
                        (Outcome::Update, None)
                    }
                    Planned::AfterPending(first) => (
                        Outcome::Update,
                        Some(format!("updates the deal row {first} creates")),
                    ),
                    Planned::Skip(reason) => (Outcome::Skip, Some(reason)),
                    Planned::Fail(reason) => (Outcome::Fail, Some(reason)),
                };
                note(outcome, values.label(), reason);
            }
        }
        drop(conn);
        review.failure_reasons = failed.finish();
        review.skip_reasons = skipped.finish();
        review.unmatched = unmatched.finish(&mapping, &record.summary.headers, &pass.workspace);
        review.new_contacts = created.contacts.len() as u64;
        review.new_companies = created.companies.len() as u64;
        store
            .save_import_review(id, &mapping, &options, &review)
            .await?;
        Ok(review)
    }
}
