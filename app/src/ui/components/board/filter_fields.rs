//! The filters the board and the list share: owner, status, value range, close dates and
//! contact. They edit a draft; the toolbar around them applies it to the URL.
use super::contact_picker::ContactPicker;
use crate::domain::board::{FilterInput, Named};
use crate::domain::contact::ContactSummary;
use crate::domain::opportunity::Status;
use leptos::prelude::*;

/// The id of the sentence saying why the filters could not be applied.
const FILTER_PROBLEM_ID: &str = "filter-problem";

/// Whether a filter problem about `field` is one the filter panel shows (so it opens).
pub fn in_filter_panel(field: &str) -> bool {
    field == "custom" || (field != "q" && FilterInput::KEYS.contains(&field))
}

/// Why the filters in the URL could not be applied: said once, above the toolbar, where
/// the open filter panel cannot cover it.
#[component]
pub fn FilterProblem(message: String) -> impl IntoView {
    view! {
        <p class="form-error filter-problem" id=FILTER_PROBLEM_ID role="alert">
            {format!("This filter could not be applied: {message}")}
        </p>
    }
}

/// How many filters (search aside) are set.
pub fn active_filters(filter: &FilterInput) -> usize {
    FilterInput::KEYS
        .iter()
        .filter(|k| **k != "q" && !filter.get(k).trim().is_empty())
        .count()
}

/// The filter panel's button text: "Filters", or "Filters (2)" when two are set.
pub fn filters_label(active: usize) -> String {
    if active == 0 {
        "Filters".to_string()
    } else {
        format!("Filters ({active})")
    }
}

#[component]
pub fn FilterFields(
    draft: RwSignal<FilterInput>,
    /// The filters as applied (what the selects start on).
    filter: FilterInput,
    users: Vec<Named>,
    /// The contact filtered by, to show by name.
    contact: Option<ContactSummary>,
    /// A filter that could not be applied: (field, what to fix).
    error: Option<(String, String)>,
) -> impl IntoView {
    let bind = move |key: &'static str| {
        (
            move || draft.with(|d| d.get(key).to_string()),
            move |ev: leptos::ev::Event| draft.update(|d| d.set(key, event_target_value(&ev))),
        )
    };
    let error = StoredValue::new(error);
    // A filter that is wrong is marked and points at the one sentence above the toolbar.
    let invalid = move |key: &str| error.with_value(|e| e.as_ref().is_some_and(|(f, _)| f == key));
    let problem = move |key: &str| invalid(key).then_some(FILTER_PROBLEM_ID);
    let filter_field =
        move |key: &'static str, label: &'static str, kind: &'static str, hint: &'static str| {
            let (value, on_input) = bind(key);
            view! {
                <div class="field">
                    <label for=format!("filter-{key}")>{label}</label>
                    <input
                        id=format!("filter-{key}")
                        name=key
                        type=kind
                        placeholder=hint
                        prop:value=value
                        on:input=on_input
                        aria-invalid=invalid(key).then_some("true")
                        aria-describedby=problem(key)
                    />
                </div>
            }
        };
    let (owner_value, owner_input) = bind("owner");
    let (status_value, status_input) = bind("status");
    view! {
        <div class="field">
            <label for="filter-owner">"Owner"</label>
            <select
                id="filter-owner"
                name="owner"
                prop:value=owner_value
                on:change=owner_input
                aria-invalid=invalid("owner").then_some("true")
                aria-describedby=problem("owner")
            >
                <option value="">"Anyone"</option>
                <option value="none" selected=filter.owner == "none">"Nobody"</option>
                {users
                    .into_iter()
                    .map(|u| {
                        let value = u.id.to_string();
                        let selected = filter.owner == value;
                        view! { <option value=value selected=selected>{u.name}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
        <div class="field">
            <label for="filter-status">"Status"</label>
            <select
                id="filter-status"
                name="status"
                prop:value=status_value
                on:change=status_input
                aria-invalid=invalid("status").then_some("true")
                aria-describedby=problem("status")
            >
                <option value="">"Open, Won and Lost"</option>
                {Status::ALL
                    .iter()
                    .map(|s| view! { <option value=s.key() selected=filter.status == s.key()>{s.label()}</option> })
                    .collect_view()}
            </select>
        </div>
        {filter_field("min", "Value from", "text", "0")}
        {filter_field("max", "Value to", "text", "Any")}
        {filter_field("from", "Closes from", "date", "")}
        {filter_field("to", "Closes by", "date", "")}
        <ContactPicker
            label="Contact"
            name="contact"
            initial=contact
            on_pick=Callback::new(move |id: Option<i64>| draft.update(|d| d.set("contact", id.map(|i| i.to_string()).unwrap_or_default())))
        />
    }
}
