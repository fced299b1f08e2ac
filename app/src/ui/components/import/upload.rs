//! Choosing a CSV file, by the file picker or by dropping it on the zone, and sending it
//! with a progress bar. The file goes as the request body, so the server streams it to
//! disk; once it has read the file's shape, the page moves on to mapping its columns.
use super::progress::ProgressBar;
use crate::domain::file::human_size;
use crate::domain::import::MAX_FILE_BYTES;
use crate::ui::components::forms::FilePicker;
use leptos::prelude::*;

#[component]
pub fn UploadZone() -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    let sending = RwSignal::new(None::<(f64, String)>);
    let problem = RwSignal::new(None::<String>);
    let over = RwSignal::new(false);
    let navigate = leptos_router::hooks::use_navigate();
    let open = Callback::new(move |id: i64| {
        navigate(&format!("/opportunities/import/{id}"), Default::default())
    });
    #[cfg(feature = "hydrate")]
    let send = move |file: web_sys::File| send_file(file, sending, problem, open);
    #[cfg(not(feature = "hydrate"))]
    let send = move |_: ()| {
        let _ = (&sending, &problem, &open);
    };
    let picked = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(el) = input.get() {
            if let Some(file) = el.files().and_then(|list| list.get(0)) {
                send(file);
            }
            el.set_value("");
        }
    };
    let dropped = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        over.set(false);
        #[cfg(feature = "hydrate")]
        if let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            send(file);
        }
    };
    #[cfg(not(feature = "hydrate"))]
    let _ = send;
    let limit = human_size(MAX_FILE_BYTES);
    view! {
        <section
            class="card upload-zone"
            class:upload-zone-over=over
            aria-labelledby="upload-heading"
            on:dragover=move |ev: leptos::ev::DragEvent| {
                ev.prevent_default();
                over.set(true);
            }
            on:dragleave=move |_| over.set(false)
            on:drop=dropped
        >
            <h2 id="upload-heading">"Upload a CSV file"</h2>
            <p class="field-hint">
                {format!("Drop the file here or choose it. Up to 1,048,576 rows and {limit}; comma, semicolon or tab separated; UTF-8, UTF-16 or Windows-1252.")}
            </p>
            <FilePicker
                id="choose-csv"
                label="Choose a CSV file"
                accept=".csv,.tsv,.txt,text/csv,text/plain"
                disabled=Signal::derive(move || sending.get().is_some())
                primary=true
                input
                on_pick=picked
            />
            {move || {
                sending
                    .get()
                    .map(|(share, name)| {
                        let percent = (share * 100.0).round() as u32;
                        let label = if percent >= 100 { format!("Reading {name}…") } else { format!("Uploading {name}: {percent}%") };
                        view! { <ProgressBar name="Upload" percent label /> }
                    })
            }}
            {move || problem.get().map(|p| view! { <p class="form-error" role="alert">{p}</p> })}
        </section>
    }
}

/// Sends `file` to `POST /api/imports`, reporting progress, then opens the new import.
#[cfg(feature = "hydrate")]
fn send_file(
    file: web_sys::File,
    sending: RwSignal<Option<(f64, String)>>,
    problem: RwSignal<Option<String>>,
    open: Callback<i64>,
) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let name = file.name();
    if file.size() as u64 > MAX_FILE_BYTES {
        problem.set(Some(format!(
            "{name} is larger than 512 MB. Split it into smaller files and import each."
        )));
        return;
    }
    let Ok(request) = web_sys::XmlHttpRequest::new() else {
        return;
    };
    let encoded: String = form_urlencoded::byte_serialize(name.as_bytes()).collect();
    if request
        .open("POST", &format!("/api/imports?name={encoded}"))
        .is_err()
    {
        return;
    }
    let _ = request.set_request_header("Content-Type", "text/csv");
    problem.set(None);
    sending.set(Some((0.0, name.clone())));
    let progress_name = name.clone();
    let on_progress =
        Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |ev: web_sys::ProgressEvent| {
            if ev.length_computable() && ev.total() > 0.0 {
                sending.set(Some((ev.loaded() / ev.total(), progress_name.clone())));
            }
        });
    if let Ok(upload) = request.upload() {
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    on_progress.forget();
    let done_request = request.clone();
    let on_done = Closure::<dyn FnMut()>::new(move || {
        let status = done_request.status().unwrap_or(0);
        let text = done_request
            .response_text()
            .ok()
            .flatten()
            .unwrap_or_default();
        if status == 201 {
            let id = serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|v| v.get("id").and_then(serde_json::Value::as_i64));
            if let Some(id) = id {
                open.run(id);
                return;
            }
        }
        sending.set(None);
        problem.set(Some(match (status, text.trim()) {
            (0, _) => {
                "Dealflow could not be reached. Check your connection and try again.".to_string()
            }
            (_, "") => "The file could not be uploaded. Try again.".to_string(),
            (_, message) => message.to_string(),
        }));
    });
    request.set_onloadend(Some(on_done.as_ref().unchecked_ref()));
    on_done.forget();
    if request.send_with_opt_blob(Some(&file)).is_err() {
        sending.set(None);
        problem.set(Some("The file could not be sent. Choose it again.".into()));
    }
}
