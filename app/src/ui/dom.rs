//! Small browser helpers for drag and drop and focus; they do nothing on the server.

/// Moves keyboard focus to the element with `id` once the browser has drawn the change.
pub fn focus_later(id: String) {
    #[cfg(feature = "hydrate")]
    leptos::prelude::request_animation_frame(move || {
        use wasm_bindgen::JsCast;
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(&id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// Whether the element with `id` has keyboard focus.
pub fn is_focused(id: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.active_element())
            .is_some_and(|el| el.id() == id)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = id;
        false
    }
}

/// The value of `attribute` on the nearest element under the point (x, y) that has it.
pub fn attribute_at_point(x: f64, y: f64, attribute: &str) -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let selector = format!("[{attribute}]");
        web_sys::window()?
            .document()?
            .element_from_point(x as f32, y as f32)?
            .closest(&selector)
            .ok()??
            .get_attribute(attribute)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = (x, y, attribute);
        None
    }
}

/// While dragging near the left or right edge of the element with `id`, scrolls it
/// that way, so columns out of sight can be reached.
pub fn scroll_near_edge(id: &str, x: f64) {
    #[cfg(feature = "hydrate")]
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    {
        const EDGE: f64 = 64.0;
        const STEP: i32 = 32;
        let rect = el.get_bounding_client_rect();
        if x > rect.right() - EDGE {
            el.set_scroll_left(el.scroll_left() + STEP);
        } else if x < rect.left() + EDGE {
            el.set_scroll_left(el.scroll_left() - STEP);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (id, x);
}

/// Scrolls the element with `id` into view, moving as little as possible.
pub fn reveal(id: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Nearest);
        options.set_inline(web_sys::ScrollLogicalPosition::Nearest);
        el.scroll_into_view_with_scroll_into_view_options(&options);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// Scrolls the element with `id` into view once the browser has drawn it.
pub fn reveal_later(id: String) {
    #[cfg(feature = "hydrate")]
    leptos::prelude::request_animation_frame(move || reveal(&id));
    #[cfg(not(feature = "hydrate"))]
    let _ = id;
}

/// While dragging near the top or bottom of the window, scrolls the page that way.
pub fn scroll_window_near_edge(y: f64) {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        const EDGE: f64 = 48.0;
        let height = window
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(0.0);
        if y < EDGE {
            window.scroll_by_with_x_and_y(0.0, -24.0);
        } else if y > height - EDGE {
            window.scroll_by_with_x_and_y(0.0, 24.0);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = y;
}

/// Milliseconds since the Unix epoch, in the browser or on the server.
pub fn now_ms() -> i64 {
    #[cfg(feature = "hydrate")]
    {
        js_sys_now()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or_default()
    }
}

#[cfg(feature = "hydrate")]
fn js_sys_now() -> i64 {
    leptos::prelude::window()
        .performance()
        .map(|p| (p.time_origin() + p.now()) as i64)
        .unwrap_or_default()
}
