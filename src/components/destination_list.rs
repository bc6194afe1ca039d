//! The workspace's destinations as a table (name, type, enabled, URL,
//! headers with secrets masked), with Edit and Delete per row.
//! Presentational: it is given the rows and says which button was pressed.

use crate::api::destinations::DestinationView;
use leptos::prelude::*;

/// The table of destinations, or a short empty state.
#[component]
pub fn DestinationList(
    /// The rows, in order.
    #[prop(into)]
    destinations: Signal<Vec<DestinationView>>,
    /// Called with the row whose "Edit" is pressed.
    #[prop(into)]
    on_edit: Callback<DestinationView>,
    /// Called with the row whose "Delete" is pressed.
    #[prop(into)]
    on_delete: Callback<DestinationView>,
) -> impl IntoView {
    let empty = move || destinations.with(Vec::is_empty);
    view! {
        <Show
            when=move || !empty()
            fallback=|| view! {
                <div class="empty-state">
                    <h2>"No destinations yet"</h2>
                    <p>"Add an event destination (an HTTP endpoint receiving track or identify calls) or a list destination."</p>
                </div>
            }
        >
            <table class="journey-table destination-table" aria-label="Destinations">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Type"</th>
                        <th scope="col">"Enabled"</th>
                        <th scope="col">"URL"</th>
                        <th scope="col">"Headers"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || destinations.get() key=|d| serde_json::to_string(d).unwrap_or_default() let:d>
                        {row(d, on_edit, on_delete)}
                    </For>
                </tbody>
            </table>
        </Show>
    }
}

fn row(
    d: DestinationView,
    on_edit: Callback<DestinationView>,
    on_delete: Callback<DestinationView>,
) -> impl IntoView {
    let headers = if d.headers.is_empty() {
        "None".to_string()
    } else {
        d.headers
            .iter()
            .map(|h| format!("{}: {}", h.name, h.value.as_deref().unwrap_or("••••")))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let url = if d.url.is_empty() {
        "CSV download only".to_string()
    } else {
        d.url.clone()
    };
    let (edit, delete) = (d.clone(), d.clone());
    view! {
        <tr class="destination-row" data-destination-id=d.id.clone()>
            <th scope="row" class="journey-name">
                {d.name.clone()}
                {d.is_inbox().then(|| view! { " " <a class="badge badge-builtin" href="/inbox">"Built-in · Inbox"</a> })}
            </th>
            <td>{d.type_label()}</td>
            <td>
                <span class=if d.enabled { "badge badge-published" } else { "badge badge-draft" }>
                    {if d.enabled { "Enabled" } else { "Disabled" }}
                </span>
            </td>
            <td class="destination-url"><code>{url}</code></td>
            <td class="destination-headers">{headers}</td>
            <td class="row-actions">
                <button type="button" class="button edit-destination" on:click=move |_| on_edit.run(edit.clone())>
                    "Edit"
                </button>
                <button
                    type="button"
                    class="button danger-outline delete-destination"
                    disabled=d.is_inbox()
                    title=if d.is_inbox() { "The built-in inbox cannot be deleted" } else { "Delete" }
                    on:click=move |_| on_delete.run(delete.clone())
                >
                    "Delete"
                </button>
            </td>
        </tr>
    }
}
