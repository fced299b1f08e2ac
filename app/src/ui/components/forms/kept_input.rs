use leptos::prelude::*;

/// Beside a field that shows a record's current value after a conflict: what the person
/// had entered, and a button to put it back into the field.
#[component]
pub fn KeptInput(
    /// The person's input, as it reads (a choice by its label).
    #[prop(into)]
    text: String,
    /// The field's label, naming the button for assistive tech.
    #[prop(into)]
    label: String,
    #[prop(into)] on_use: Callback<()>,
) -> impl IntoView {
    view! {
        <p class="kept-input">
            <span>{format!("Your change: {text}")}</span>
            <button
                type="button"
                class="button button-small"
                aria-label=format!("Use my change to {label}")
                on:click=move |_| on_use.run(())
            >
                "Use my change"
            </button>
        </p>
    }
}
