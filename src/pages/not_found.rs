//! Any path no route matches.

use leptos::prelude::*;

/// "Page not found", with a way back to the list.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <div class="page">
            <header class="page-header">
                <h1>"Page not found"</h1>
            </header>
            <p>
                "Nothing lives at this address. " <a href="/">"Go to the journey list"</a> "."
            </p>
        </div>
    }
}
