//! Ties a side-panel input to one part of the step being edited: read with `get`,
//! written with `put`, both plain functions matching the step's action.
use crate::domain::workflow::{Action, Step};
use leptos::prelude::*;

pub fn bind<T: Clone + Send + Sync + 'static>(
    edited: RwSignal<Step>,
    get: fn(&Action) -> T,
    put: fn(&mut Action, T),
) -> (Signal<T>, Callback<T>) {
    (
        Signal::derive(move || edited.with(|s| get(&s.action))),
        Callback::new(move |value: T| edited.update(|s| put(&mut s.action, value))),
    )
}

/// Ids as the selects hold them, and back.
pub fn id_text(id: i64) -> String {
    id.to_string()
}

pub fn text_id(text: &str) -> Option<i64> {
    text.parse().ok()
}
