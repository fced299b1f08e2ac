//! Tags an import adds to its rows' contacts: a chunk's contacts read in one query, those
//! that gain a tag written in a few statements, with a `tag_added` outbox row per new
//! tag (Contact Tag Added), as a tag added on a profile has.
use super::super::{Engine, StoreError};
use super::batch::{insert_values, update_contacts, ContactColumn, Param};
use super::lookup::select_in;
use crate::domain::change::Actor;
use crate::domain::tag::{find_tag, stored_tags};
use sqlx::{Any, Transaction};
use std::collections::BTreeMap;

/// Adds each (contact, tags) pair's tags that its contact lacks, in any case; `false`
/// when every contact had them all.
pub(super) async fn add_contact_tags<'t>(
    tx: &mut Transaction<'_, Any>,
    (engine, actor): (Engine, Actor),
    wanted: impl Iterator<Item = (i64, &'t [String])>,
    now: i64,
) -> Result<bool, StoreError> {
    let mut asked: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for (contact, tags) in wanted {
        let list = asked.entry(contact).or_default();
        for tag in tags {
            if find_tag(list, tag).is_none() {
                list.push(tag.clone());
            }
        }
    }
    let ids: Vec<String> = asked.keys().map(i64::to_string).collect();
    let stored: Vec<(i64, String)> = select_in(
        tx,
        "SELECT id, tags FROM contacts WHERE id IN ({in})",
        &ids,
        true,
    )
    .await?;
    let (actor_kind, actor_id, actor_step) = actor.columns();
    let mut joined = BTreeMap::new();
    let mut outbox = Vec::new();
    for (contact, tags) in stored {
        let mut tags = stored_tags(&tags);
        let had = tags.len();
        for tag in asked.get(&contact).into_iter().flatten() {
            if find_tag(&tags, tag).is_some() {
                continue;
            }
            tags.push(tag.clone());
            let detail = serde_json::json!({ "field": "tags", "before": null, "after": tag });
            outbox.extend([
                Param::Text(Some("contact".into())),
                Param::Int(Some(contact)),
                Param::Text(Some("tag_added".into())),
                Param::Text(Some(detail.to_string())),
                Param::Text(Some(actor_kind.to_string())),
                Param::Int(actor_id),
                Param::Int(actor_step),
                Param::Int(Some(now)),
            ]);
        }
        if tags.len() > had {
            joined.insert(contact, Param::Text(Some(tags.join(","))));
        }
    }
    let changed = !joined.is_empty();
    let change = ContactColumn {
        column: "tags",
        only_when: "1 = 1",
    };
    update_contacts(tx, engine, change, joined, now).await?;
    insert_values(
        tx,
        engine,
        "INSERT INTO workflow_events (subject, subject_id, kind, detail, actor_kind, actor_id, actor_step, at)",
        8,
        outbox,
    )
    .await?;
    Ok(changed)
}
