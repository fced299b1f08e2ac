//! The browser entry point: hydrates the page the server rendered.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // Lets end-to-end tests wait until clicks run the app's code.
    let _ = js_sys::Reflect::set(
        &js_sys::global(),
        &"__dealflowHydrated".into(),
        &true.into(),
    );
}
