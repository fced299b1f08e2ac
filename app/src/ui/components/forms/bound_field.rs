use leptos::prelude::*;

/// A labelled input bound to a signal (dialogs that send their form themselves), with
/// its error shown beneath it.
#[component]
pub fn BoundField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    /// The input's `type`.
    kind: &'static str,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_input: Callback<String>,
    #[prop(into)] error: Signal<Option<String>>,
    /// The id of a `<datalist>` of suggestions.
    #[prop(default = None)]
    list: Option<&'static str>,
    /// `decimal` for amounts, so phones show a number pad.
    #[prop(default = None)]
    inputmode: Option<&'static str>,
    /// A line under the input saying what it accepts.
    #[prop(default = None)]
    hint: Option<String>,
    /// Shown under the field's error (the person's input kept after a conflict).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let described_by = hint.is_some().then(|| hint_id.clone());
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                type=kind
                list=list
                inputmode=inputmode
                prop:value=value
                on:input=move |ev| on_input.run(event_target_value(&ev))
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described_by
            />
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id>{hint}</p> })}
            {move || error.get().map(|m| view! { <p class="field-error">{m}</p> })}
            {children.map(|c| c())}
        </div>
    }
}

/// A labelled text area bound to a signal, with its error shown beneath it; the label may
/// change with the form (a composer's "Note" or "Notes").
#[component]
pub fn BoundTextArea(
    #[prop(into)] id: String,
    #[prop(into)] label: Signal<String>,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_input: Callback<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <textarea
                id=id
                rows="3"
                prop:value=value
                on:input=move |ev| on_input.run(event_target_value(&ev))
                aria-invalid=move || error.with(Option::is_some).then_some("true")
            ></textarea>
            {move || error.get().map(|m| view! { <p class="field-error">{m}</p> })}
        </div>
    }
}
