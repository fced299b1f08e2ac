use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub enum FieldKind {
    #[default]
    Text,
    Email,
    Password,
}

impl FieldKind {
    fn input_type(self) -> &'static str {
        match self {
            FieldKind::Text => "text",
            FieldKind::Email => "email",
            FieldKind::Password => "password",
        }
    }
}

/// A labelled input whose error is shown beneath it and announced with it.
#[component]
pub fn Field(
    label: &'static str,
    name: &'static str,
    #[prop(optional)] kind: FieldKind,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional)] hint: &'static str,
    #[prop(into, optional)] error: Signal<Option<String>>,
    #[prop(optional, into)] value: String,
) -> impl IntoView {
    let id = format!("field-{name}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = described_by(&id, !hint.is_empty(), error);
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                name=name
                type=kind.input_type()
                autocomplete=(!autocomplete.is_empty()).then_some(autocomplete)
                value=value
                required=true
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=described_by
            />
            {(!hint.is_empty()).then(|| view! { <p class="hint" id=hint_id>{hint}</p> })}
            {move || {
                error.get().map(|message| view! { <p class="field-error" id=error_id.clone()>{message}</p> })
            }}
        </div>
    }
}

/// The `aria-describedby` of the input `id`: its hint (`{id}-hint`) when it has one, and
/// its error (`{id}-error`) while there is one.
pub fn described_by(
    id: &str,
    has_hint: bool,
    error: Signal<Option<String>>,
) -> impl Fn() -> Option<String> + Clone + Send + Sync + 'static {
    let (hint_id, error_id) = (format!("{id}-hint"), format!("{id}-error"));
    move || {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(hint_id.clone());
        }
        if error.with(Option::is_some) {
            ids.push(error_id.clone());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}
