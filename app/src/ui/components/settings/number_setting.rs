use leptos::prelude::*;
use std::ops::RangeInclusive;

/// A whole-number setting: its label, the range it accepts, what it means beneath it,
/// and the server's word on it when refused.
#[component]
pub fn NumberSetting(
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    range: RangeInclusive<u32>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                type="number"
                min=range.start().to_string()
                max=range.end().to_string()
                inputmode="numeric"
                prop:value=value
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=hint_id.clone()
            />
            <p class="hint" id=hint_id>{hint}</p>
            {move || error.get().map(|m| view! { <p class="field-error">{m}</p> })}
        </div>
    }
}
