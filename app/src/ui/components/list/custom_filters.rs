//! The filter panel's custom fields: text contains, a select or multi select's option,
//! a checkbox yes or no, and from–to ranges for numbers, money and dates. Each input is
//! named as in the URL (`cf.12`, `cf.12.min`), so the panel works as a plain form too.
use crate::domain::custom_field::{CustomField, FieldKind};
use crate::domain::list::custom::{is_range, url_key, Part};
use crate::domain::list::ListInput;
use leptos::prelude::*;

#[component]
pub fn CustomFilterFields(
    /// The draft whose `custom` part these inputs edit.
    draft: RwSignal<ListInput>,
    fields: Vec<CustomField>,
    /// A custom-field filter could not be applied (the sentence above the toolbar says why).
    invalid: bool,
) -> impl IntoView {
    if fields.is_empty() {
        return ().into_any();
    }
    // An input's value in the draft, and the handler that writes it back.
    let bind = move |key: &str| {
        let (read, write) = (key.to_string(), key.to_string());
        (
            move || draft.with(|d| d.get(&read).to_string()),
            move |ev: leptos::ev::Event| draft.update(|d| d.set(&write, event_target_value(&ev))),
        )
    };
    let input = move |field: &CustomField, part: Part, label: String| {
        let key = url_key(field.id, part);
        let id = key.replace('.', "-");
        let kind = match field.kind {
            FieldKind::Date => "date",
            _ => "text",
        };
        let numeric = field.kind.is_numeric();
        let (value, on_input) = bind(&key);
        view! {
            <div class="field">
                <label for=id.clone()>{label}</label>
                <input
                    id=id
                    name=key
                    type=kind
                    inputmode=numeric.then_some("decimal")
                    prop:value=value
                    on:input=on_input
                />
            </div>
        }
    };
    let choice = move |field: &CustomField, choices: Vec<(String, String)>| {
        let key = url_key(field.id, Part::Value);
        let id = key.replace('.', "-");
        let current = draft.with_untracked(|d| d.get(&key).to_string());
        let (value, on_change) = bind(&key);
        let options = choices
            .into_iter()
            .map(|(value, label)| {
                let selected = value == current;
                view! { <option value=value selected=selected>{label}</option> }
            })
            .collect_view();
        view! {
            <div class="field">
                <label for=id.clone()>{field.label.clone()}</label>
                <select id=id name=key prop:value=value on:change=on_change>
                    <option value="">"Any"</option>
                    {options}
                </select>
            </div>
        }
    };
    let rows = fields
        .iter()
        .map(|field| match field.kind {
            FieldKind::Text => {
                input(field, Part::Value, format!("{} contains", field.label)).into_any()
            }
            FieldKind::Checkbox => choice(
                field,
                vec![("yes".into(), "Yes".into()), ("no".into(), "No".into())],
            )
            .into_any(),
            FieldKind::SingleSelect | FieldKind::MultiSelect => choice(
                field,
                field
                    .options
                    .iter()
                    .map(|o| (o.clone(), o.clone()))
                    .collect(),
            )
            .into_any(),
            kind => {
                debug_assert!(is_range(kind));
                view! {
                    {input(field, Part::Min, format!("{} from", field.label))}
                    {input(field, Part::Max, format!("{} to", field.label))}
                }
                .into_any()
            }
        })
        .collect_view();
    view! {
        <div
            class="filter-custom"
            role="group"
            aria-labelledby="filter-custom-title"
            aria-describedby=invalid.then_some("filter-problem")
        >
            <h3 id="filter-custom-title" class="filter-custom-title">"Custom fields"</h3>
            <div class="filter-custom-fields">{rows}</div>
        </div>
    }
    .into_any()
}
