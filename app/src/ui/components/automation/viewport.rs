//! The canvas's viewport in the browser: dragging its background pans it, and `Fit to
//! screen` finds the zoom at which the whole flow shows. Nothing happens on the server.
use leptos::html::Div;
use leptos::prelude::*;

/// A drag on the canvas background that scrolls the viewport with the pointer.
#[derive(Clone, Copy)]
pub struct Pan {
    viewport: NodeRef<Div>,
    /// Where the drag started: pointer position and the scroll offsets then.
    from: StoredValue<Option<(i32, i32, i32, i32)>>,
}

impl Pan {
    pub fn new(viewport: NodeRef<Div>) -> Pan {
        Pan {
            viewport,
            from: StoredValue::new(None),
        }
    }

    /// Starts panning when the press is on the background, not on a node or a control.
    pub fn start(self, ev: &leptos::ev::PointerEvent) {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let on_control = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| {
                    el.closest("button, a, input, select, textarea")
                        .ok()
                        .flatten()
                })
                .is_some();
            if on_control || ev.button() != 0 {
                return;
            }
            if let Some(el) = self.viewport.get_untracked() {
                let _ = el.set_pointer_capture(ev.pointer_id());
                self.from.set_value(Some((
                    ev.client_x(),
                    ev.client_y(),
                    el.scroll_left(),
                    el.scroll_top(),
                )));
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, self.viewport);
    }

    pub fn drag(self, ev: &leptos::ev::PointerEvent) {
        #[cfg(feature = "hydrate")]
        if let (Some((x, y, left, top)), Some(el)) =
            (self.from.get_value(), self.viewport.get_untracked())
        {
            el.set_scroll_left(left - (ev.client_x() - x));
            el.set_scroll_top(top - (ev.client_y() - y));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    }

    pub fn stop(self) {
        self.from.set_value(None);
    }
}

/// The zoom (at most 100%) at which `content`, drawn now at `current`, fits `viewport`.
pub fn fit_scale(viewport: NodeRef<Div>, content: NodeRef<Div>, current: f64) -> f64 {
    #[cfg(feature = "hydrate")]
    if let (Some(view), Some(flow)) = (viewport.get_untracked(), content.get_untracked()) {
        let natural_width = f64::from(flow.scroll_width()) / current;
        let natural_height = f64::from(flow.scroll_height()) / current;
        if natural_width > 0.0 && natural_height > 0.0 {
            let width = f64::from(view.client_width()) - 32.0;
            let height = f64::from(view.client_height()) - 32.0;
            let scale = (width / natural_width)
                .min(height / natural_height)
                .min(1.0);
            return (scale * 100.0).floor().max(25.0) / 100.0;
        }
    }
    let _ = (viewport, content);
    current
}

/// Scrolls the viewport so the middle of the flow (where the triggers are) is in view.
pub fn centre(viewport: NodeRef<Div>) {
    #[cfg(feature = "hydrate")]
    if let Some(el) = viewport.get_untracked() {
        el.set_scroll_left((el.scroll_width() - el.client_width()) / 2);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = viewport;
}
