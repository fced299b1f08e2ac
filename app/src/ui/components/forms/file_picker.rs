//! `Add a file`, `Choose a CSV file`: the file input is the one control the keyboard and
//! assistive tech meet, named by its label, which is drawn as the button people click.
use leptos::html::Input;
use leptos::prelude::*;

#[component]
pub fn FilePicker(
    /// The input's id, which its label points at.
    id: &'static str,
    /// The control's name, shown on the button.
    #[prop(into)]
    label: Signal<&'static str>,
    /// The file types the chooser offers.
    #[prop(into)]
    accept: String,
    #[prop(into)] disabled: Signal<bool>,
    /// Drawn as the page's main action.
    #[prop(optional)]
    primary: bool,
    /// The input, for reading the chosen file.
    input: NodeRef<Input>,
    /// Runs when a file was chosen.
    on_pick: impl FnMut(leptos::ev::Event) + 'static,
) -> impl IntoView {
    view! {
        <span class="file-picker">
            <input node_ref=input id=id type="file" class="file-picker-input" accept=accept disabled=disabled on:change=on_pick />
            <label for=id class=if primary { "button button-primary" } else { "button" }>{label}</label>
        </span>
    }
}
