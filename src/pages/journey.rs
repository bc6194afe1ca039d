//! `/journeys/{id}`: a placeholder until the builder exists.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// Says which journey was opened and that its builder is not built yet.
#[component]
pub fn JourneyPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    view! {
        <div class="page">
            <nav class="breadcrumbs" aria-label="Breadcrumb">
                <a href="/">"← Journeys"</a>
            </nav>
            <header class="page-header">
                <h1>"Journey"</h1>
            </header>
            <section class="placeholder">
                <p>"The visual builder for this journey comes next; it is not built yet."</p>
                <p class="muted">"Journey id: " <code>{id}</code></p>
            </section>
        </div>
    }
}
