//! `/inbox`: what the built-in request inbox received, newest first, with
//! Refresh and Clear.

use crate::api::destinations as api;
use crate::api::ApiError;
use crate::components::inbox_list::InboxList;
use leptos::prelude::*;

/// How many received requests the page shows.
pub const SHOWN: u32 = 100;

/// The request inbox page.
#[component]
pub fn InboxPage() -> impl IntoView {
    let entries = LocalResource::new(|| api::list_inbox(SHOWN));
    let clear_error = RwSignal::new(None::<ApiError>);
    let clear = move |_| {
        let confirmed = window()
            .confirm_with_message("Forget everything the request inbox received?")
            .unwrap_or(false);
        if !confirmed {
            return;
        }
        leptos::task::spawn_local(async move {
            let r = api::clear_inbox().await;
            clear_error.try_set(r.err());
            entries.refetch();
        });
    };
    let rows = Signal::derive(move || match entries.get() {
        Some(Ok(list)) => list,
        _ => Vec::new(),
    });
    view! {
        <div class="page inbox-page">
            <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/destinations">"← Destinations"</a></nav>
            <header class="page-header">
                <div>
                    <h1>"Request inbox"</h1>
                    <p class="page-subtitle">
                        "The built-in event destination: every request it receives, newest first (the newest 500 are kept)."
                    </p>
                </div>
                <div class="header-actions">
                    <button type="button" class="button refresh-inbox" on:click=move |_| entries.refetch()>"Refresh"</button>
                    <button type="button" class="button danger-outline clear-inbox" on:click=clear>"Clear"</button>
                </div>
            </header>
            {move || clear_error.get().map(|e| view! { <p class="form-error" role="alert">{e.to_string()}</p> })}
            {move || match entries.get() {
                None => view! { <p class="status-message" role="status">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! {
                    <div class="load-error" role="alert">
                        <p>"The inbox could not be loaded. " {e.to_string()}</p>
                        <button type="button" class="button" on:click=move |_| entries.refetch()>"Retry"</button>
                    </div>
                }
                .into_any(),
                Some(Ok(_)) => view! { <InboxList entries=rows /> }.into_any(),
            }}
        </div>
    }
}
