//! `Import JSON`: a workflow file exported here or elsewhere becomes a new draft, once
//! every pipeline, stage, user and custom field it names exists in this workspace.
use crate::ui::components::forms::FilePicker;
use leptos::html::Input;
use leptos::prelude::*;

#[component]
pub fn ImportWorkflow() -> impl IntoView {
    let input = NodeRef::<Input>::new();
    let pending = RwSignal::new(false);
    let navigate = leptos_router::hooks::use_navigate();
    let on_pick = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(file) = input.get().and_then(|i| i.files()).and_then(|f| f.get(0)) {
            pending.set(true);
            crate::ui::unsaved::spawn_saving(import_file(file, input, pending, navigate.clone()));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = &navigate;
    };
    view! {
        <FilePicker
            id="import-workflow"
            label=Signal::derive(move || if pending.get() { "Importing…" } else { "Import JSON" })
            accept=".json,application/json"
            disabled=pending
            input
            on_pick
        />
    }
}

/// Reads the chosen file, imports it and opens the new draft, or says why not.
#[cfg(feature = "hydrate")]
async fn import_file(
    file: web_sys::File,
    input: NodeRef<Input>,
    pending: RwSignal<bool>,
    navigate: impl Fn(&str, leptos_router::NavigateOptions),
) {
    use crate::api::workflows::import_workflow;
    use crate::ui::components::shell::Toast;
    let name = file.name();
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|t| t.as_string());
    let outcome = match text {
        Some(json) => import_workflow(json).await.map_err(|e| e.to_string()),
        None => Err("it could not be read. Choose the .json file you exported.".into()),
    };
    if let Some(el) = input.get_untracked() {
        el.set_value("");
    }
    match outcome {
        Ok(id) => {
            Toast::success(format!(
                "Imported {name} as a draft. Check it, then publish it."
            ));
            navigate(&format!("/automations/{}", id.0), Default::default());
        }
        Err(message) => Toast::error(format!("{name} was not imported: {message}")),
    }
    pending.set(false);
}
