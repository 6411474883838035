//! The axum router's state, shared by the Leptos routes and the few plain handlers (calendar,
//! logo, event stream): Leptos options for pages and files, the app's state for the rest, and
//! the service worker made from the build being served.

use std::sync::Arc;

use app::backend::AppState;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;

/// The router's state: Leptos options for pages and files, our state for server functions.
#[derive(Clone, FromRef)]
pub struct ServerState {
    pub leptos_options: LeptosOptions,
    pub app: AppState,
    pub service_worker: Arc<crate::pwa::ServiceWorker>,
    /// `/open-data/v1/…`'s requests per client (`insights::REQUESTS_PER_MINUTE`).
    pub open_data_limiter: Arc<crate::insights::Limiter>,
}
