//! What the built-in request inbox received, newest first: time, method and
//! path, headers (secrets masked) and the body as indented JSON.
//! Presentational: it is given the entries.

use crate::api::destinations::InboxEntry;
use crate::format::format_local;
use chrono::{DateTime, Utc};
use leptos::prelude::*;

/// The received requests, or a short empty state.
#[component]
pub fn InboxList(
    /// The entries, newest first.
    #[prop(into)]
    entries: Signal<Vec<InboxEntry>>,
) -> impl IntoView {
    view! {
        <Show
            when=move || entries.with(|e| !e.is_empty())
            fallback=|| view! {
                <div class="empty-state inbox-empty">
                    <h2>"Nothing received yet"</h2>
                    <p>"Send a test event to the Request inbox from a Send step's Event tester, then refresh."</p>
                </div>
            }
        >
            <ol class="inbox-list">
                <For each=move || entries.get() key=|e| e.id let:entry>
                    {entry_view(entry)}
                </For>
            </ol>
        </Show>
    }
}

fn received(at: &str) -> String {
    DateTime::parse_from_rfc3339(at)
        .map(|t| format_local(t.with_timezone(&Utc)))
        .unwrap_or_else(|_| at.to_string())
}

fn entry_view(e: InboxEntry) -> impl IntoView {
    let body = e.pretty_body();
    view! {
        <li class="inbox-entry" data-entry-id=e.id>
            <header class="inbox-entry-head">
                <span class="method">{e.method.clone()}</span>
                <code class="path">{e.path.clone()}</code>
                <time class="muted" datetime=e.received_at.clone()>{received(&e.received_at)}</time>
            </header>
            <details class="inbox-headers">
                <summary>{format!("Headers ({})", e.headers.len())}</summary>
                <table class="kv-table">
                    <tbody>
                        {e.headers
                            .into_iter()
                            .map(|(k, v)| view! { <tr><th scope="row">{k}</th><td>{v}</td></tr> })
                            .collect_view()}
                    </tbody>
                </table>
            </details>
            <pre class="inbox-body">{body}</pre>
        </li>
    }
}
