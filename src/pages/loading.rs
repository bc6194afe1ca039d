//! The states of a journey being fetched, shared by the builder and the overview.

use crate::api::ApiError;
use cairn_domain::Journey;
use leptos::prelude::*;

/// Shows "Loading journey…", the error with Retry and a way back, or `ready(journey)`.
pub fn with_journey(
    journey: LocalResource<Result<Journey, ApiError>>,
    ready: impl Fn(Journey) -> AnyView + Send + Sync + 'static,
) -> impl IntoView {
    move || {
        match journey.get() {
        None => view! { <p class="status-message" role="status">"Loading journey…"</p> }.into_any(),
        Some(Err(e)) => view! {
            <div class="load-error" role="alert">
                <p>"The journey could not be loaded. " {e.to_string()}</p>
                <button type="button" class="button" on:click=move |_| journey.refetch()>"Retry"</button>
                <a class="button" href="/">"Back to journeys"</a>
            </div>
        }
        .into_any(),
        Some(Ok(j)) => ready(j),
    }
    }
}
