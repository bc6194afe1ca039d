//! Pages whose code is downloaded when first visited.
//!
//! Built with the `split` feature (`scripts/build_app.sh`, used by
//! `make app`), each function below marked `#[lazy]` becomes a split point:
//! `wasm-split-cli` moves the code only it reaches into its own `.wasm` file,
//! fetched the first time the route is opened. The journey list, the page
//! most visits start on, stays in the main module, so the initial download
//! holds only what it needs. Without the feature (tests, `cargo check`) the
//! same functions are ordinary async functions and everything is in one
//! module.

use leptos::prelude::*;

use crate::pages::builder::BuilderPage;
use crate::pages::destinations::DestinationsPage;
use crate::pages::inbox::InboxPage;
use crate::pages::overview::OverviewPage;
use crate::pages::settings::SettingsPage;

/// Renders a lazily loaded page: its view as soon as its code is loaded
/// (at once when it already is), "Loading…" until then.
pub fn lazy_page<Fut>(load: fn() -> Fut) -> impl IntoView
where
    Fut: std::future::Future<Output = AnyView> + Send + 'static,
{
    view! {
        <Suspense fallback=|| view! { <p class="status-message" role="status">"Loading…"</p> }>
            {Suspend::new(load())}
        </Suspense>
    }
}

/// The builder (`/journeys/new`, `/journeys/{id}/builder`).
#[cfg_attr(feature = "split", leptos::lazy)]
pub async fn builder_page() -> AnyView {
    view! { <BuilderPage /> }.into_any()
}

/// A journey's overview (`/journeys/{id}`).
#[cfg_attr(feature = "split", leptos::lazy)]
pub async fn overview_page() -> AnyView {
    view! { <OverviewPage /> }.into_any()
}

/// Workspace settings (`/settings`).
#[cfg_attr(feature = "split", leptos::lazy)]
pub async fn settings_page() -> AnyView {
    view! { <SettingsPage /> }.into_any()
}

/// Destinations (`/destinations`).
#[cfg_attr(feature = "split", leptos::lazy)]
pub async fn destinations_page() -> AnyView {
    view! { <DestinationsPage /> }.into_any()
}

/// The request inbox (`/inbox`).
#[cfg_attr(feature = "split", leptos::lazy)]
pub async fn inbox_page() -> AnyView {
    view! { <InboxPage /> }.into_any()
}
