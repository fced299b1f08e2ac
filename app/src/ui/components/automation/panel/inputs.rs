//! The side panel's inputs: text (with the merge-field picker where templates are
//! allowed), choices, yes/no, each with its label, required mark, hint and the engine's
//! words for what is wrong, under the field.
use crate::ui::components::forms::described_by;
use leptos::prelude::*;

/// Where a field's problem is read from: the error of the last save, by field name.
pub type FieldError = Signal<Option<String>>;

#[component]
pub fn TextInput(
    id: &'static str,
    label: &'static str,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] set: Callback<String>,
    #[prop(optional)] required: bool,
    #[prop(optional)] hint: &'static str,
    #[prop(optional)] multiline: bool,
    /// The merge fields this step may use: offered for insertion when not empty.
    #[prop(optional)]
    merge: Vec<String>,
    #[prop(into, optional)] error: FieldError,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = described_by(id, !hint.is_empty(), error);
    let input = if multiline {
        view! {
            <textarea
                id=id
                rows="4"
                prop:value=value
                on:input=move |ev| set.run(event_target_value(&ev))
                aria-required=required.then_some("true")
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described.clone()
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id
                type="text"
                autocomplete="off"
                prop:value=value
                on:input=move |ev| set.run(event_target_value(&ev))
                aria-required=required.then_some("true")
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described.clone()
            />
        }
        .into_any()
    };
    let picker = (!merge.is_empty()).then(|| {
        let insert = move |ev: leptos::ev::Event| {
            let field = event_target_value(&ev);
            if !field.is_empty() {
                set.run(format!("{}{{{{{field}}}}}", value.get_untracked()));
                crate::ui::dom::focus_later(id.to_string());
            }
        };
        view! {
            <select class="merge-picker" aria-label=format!("Insert a merge field into {label}") on:change=insert prop:value="">
                <option value="">"Insert merge field…"</option>
                {merge.into_iter().map(|f| view! { <option value=f.clone()>{format!("{{{{{f}}}}}")}</option> }).collect_view()}
            </select>
        }
    });
    view! {
        <div class="field">
            <div class="field-label">
                <label for=id>{label}</label>
                {required.then(|| view! { <span class="required" aria-hidden="true">"*"</span> })}
            </div>
            {input}
            {picker}
            {(!hint.is_empty()).then(|| view! { <p class="hint" id=hint_id>{hint}</p> })}
            {move || error.get().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
        </div>
    }
}

#[component]
pub fn SelectInput(
    id: &'static str,
    label: &'static str,
    /// `(value, label)` pairs.
    options: Vec<(String, String)>,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] set: Callback<String>,
    #[prop(optional)] required: bool,
    #[prop(optional)] hint: &'static str,
    #[prop(into, optional)] error: FieldError,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <div class="field-label">
                <label for=id>{label}</label>
                {required.then(|| view! { <span class="required" aria-hidden="true">"*"</span> })}
            </div>
            <select
                id=id
                on:change=move |ev| set.run(event_target_value(&ev))
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=(!hint.is_empty()).then(|| hint_id.clone())
            >
                {options
                    .into_iter()
                    .map(|(v, l)| {
                        let selected = {
                            let v = v.clone();
                            move || value.with(|c| *c == v)
                        };
                        view! { <option value=v selected=selected>{l}</option> }
                    })
                    .collect_view()}
            </select>
            {(!hint.is_empty()).then(|| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
            {move || error.get().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
        </div>
    }
}

#[component]
pub fn CheckInput(
    id: &'static str,
    label: &'static str,
    #[prop(into)] checked: Signal<bool>,
    #[prop(into)] set: Callback<bool>,
    #[prop(optional)] hint: &'static str,
) -> impl IntoView {
    view! {
        <div class="field">
            <label class="checkbox" for=id>
                <input id=id type="checkbox" prop:checked=checked on:change=move |ev| set.run(event_target_checked(&ev)) />
                <span>{label}</span>
            </label>
            {(!hint.is_empty()).then(|| view! { <p class="hint">{hint}</p> })}
        </div>
    }
}
