//! The browser entry point: hydrates the page the server rendered.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Hydration waits for a lazy route's chunk (the automation screens) when the page
    // is one, so it runs as a task (as `leptos::mount::hydrate_lazy` does).
    let _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        let body = leptos::prelude::document()
            .body()
            .expect("the server's page has a body");
        leptos::mount::hydrate_from_async(body, app::App)
            .await
            .forget();
        // Lets end-to-end tests wait until clicks run the app's code.
        let _ = js_sys::Reflect::set(
            &js_sys::global(),
            &"__dealflowHydrated".into(),
            &true.into(),
        );
    });
}
