//! Page renders never stall, even while routers are being built beside them.
mod common;

use axum::http::StatusCode;
use common::http::Client;
use common::on_each_engine;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Building a router generates the route list, which once raised a process-wide
/// "don't load resources" flag; any page whose resource first polled in that window
/// waited forever (leptos-rs/leptos#4773). The list is now generated once per process.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pages_render_while_other_routers_are_built() {
    on_each_engine(|store| async move {
        let client = Client::new(store.clone());
        let cookie = client.create_workspace("Acme").await;
        let stop = StopOnDrop(Arc::new(AtomicBool::new(false)));
        let builders = {
            let (store, stop) = (store.clone(), stop.0.clone());
            tokio::task::spawn_blocking(move || {
                while !stop.load(Ordering::Relaxed) {
                    drop(Client::new(store.clone()));
                }
            })
        };
        for _ in 0..150 {
            let reply = client.page("/", &cookie).await;
            assert_eq!(reply.status, StatusCode::OK);
            assert!(reply.body.contains("</html>"), "the page was cut short");
        }
        drop(stop);
        builders.await.unwrap();
    })
    .await;
}

/// Stops the router builders however the test ends, so a failure cannot leave a
/// thread spinning that the runtime would wait for.
struct StopOnDrop(Arc<AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}
