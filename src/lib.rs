//! Cairn's single-page app: a Leptos (client-side rendered) app built by
//! Trunk and served by `cairn-server`.
//!
//! - [`api`]: the HTTP client for `/api/...` and its [`api::ApiError`].
//! - [`events_api`]: the client for estimates, the data's schema and write keys.
//! - [`components`]: presentational components (no fetching).
//! - [`pages`]: one module per route.
//! - [`format`](mod@format): how dates and counts read on screen.
//! - [`input`]: text inputs that stop at their character limit.

pub mod api;
pub mod builder;
pub mod clipboard;
pub mod components;
pub mod events_api;
pub mod format;
pub mod input;
pub mod pages;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::pages::journeys::JourneysPage;
use crate::pages::lazy::{
    builder_page, destinations_page, inbox_page, lazy_page, overview_page, settings_page,
};
use crate::pages::not_found::NotFound;

/// The whole app: the top bar and the routed pages.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <header class="topbar">
                <a class="brand" href="/" aria-label="Cairn, journey list">
                    <span class="brand-mark" aria-hidden="true">"◆"</span>
                    "Cairn"
                </a>
                <nav class="topnav" aria-label="Main">
                    <a href="/">"Journeys"</a>
                    <a href="/destinations">"Destinations"</a>
                    <a href="/settings">"Settings"</a>
                </nav>
            </header>
            <main class="content">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=JourneysPage />
                    <Route path=path!("/journeys/new") view=|| lazy_page(builder_page) />
                    <Route path=path!("/journeys/:id/builder") view=|| lazy_page(builder_page) />
                    <Route path=path!("/journeys/:id") view=|| lazy_page(overview_page) />
                    <Route path=path!("/settings") view=|| lazy_page(settings_page) />
                    <Route path=path!("/destinations") view=|| lazy_page(destinations_page) />
                    <Route path=path!("/inbox") view=|| lazy_page(inbox_page) />
                </Routes>
            </main>
        </Router>
    }
}
