//! `/settings`: the workspace's sources and their write keys, with how to
//! point a Segment library at Cairn.

use crate::api::ApiError;
use crate::clipboard::{copy_text, CopyState};
use crate::events_api::{self, NewWriteKey, WriteKey};
use leptos::prelude::*;

/// The settings route: loads the write keys, then shows [`WriteKeys`].
#[component]
pub fn SettingsPage() -> impl IntoView {
    let keys = RwSignal::new(None::<Result<Vec<WriteKey>, ApiError>>);
    leptos::task::spawn_local(async move {
        keys.set(Some(events_api::write_keys().await));
    });
    let origin = window().location().origin().unwrap_or_default();
    view! {
        <section class="page settings-page">
            <header class="page-header">
                <h1>"Settings"</h1>
            </header>
            {move || match keys.get() {
                None => view! { <p class="loading" role="status">"Loading write keys…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="error-banner" role="alert">{e.to_string()}</p> }.into_any(),
                Some(Ok(list)) => view! { <WriteKeys keys=list origin=origin.clone() /> }.into_any(),
            }}
        </section>
    }
}

/// The sources' write keys: a list with copy buttons and a form that creates one.
#[component]
pub fn WriteKeys(keys: Vec<WriteKey>, origin: String) -> impl IntoView {
    let keys = RwSignal::new(keys);
    let name = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let new = NewWriteKey {
            name: name.get_untracked().trim().to_string(),
        };
        leptos::task::spawn_local(async move {
            match events_api::create_write_key(&new).await {
                Ok(key) => {
                    keys.update(|k| k.push(key));
                    name.set(String::new());
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let name_error = move || {
        error.with(|e| {
            e.as_ref()
                .map(|e| e.field_message("name").unwrap_or_else(|| e.to_string()))
        })
    };
    let example = format!(
        "analytics.write_key = \"<write key>\"\nanalytics.host = \"{origin}\"\nanalytics.track(\"user_42\", \"Order Completed\", {{\"revenue\": 42}})"
    );
    view! {
        <section class="settings-section" aria-labelledby="write-keys-title">
            <h2 id="write-keys-title">"Sources and write keys"</h2>
            <p class="section-hint">
                "Cairn receives events the way Segment does ("
                <code>"/v1/track"</code> ", " <code>"/v1/identify"</code> ", "
                <code>"/v1/batch"</code>
                "). Point a Segment library at " <code class="ingest-host">{origin.clone()}</code>
                " and give it a write key; nothing else changes."
            </p>
            <pre class="code-example" aria-label="Example with analytics-python">{example}</pre>
            <Show
                when=move || keys.with(|k| !k.is_empty())
                fallback=|| view! { <p class="empty-note">"No write keys yet: create one for each source."</p> }
            >
                <ul class="write-keys">
                    <For each=move || keys.get() key=|k| k.key.clone() let(k)>
                        <li class="write-key">
                            <span class="write-key-name">{k.name.clone()}</span>
                            <code class="write-key-value">{k.key.clone()}</code>
                            <span class="write-key-created">
                                {crate::format::format_local_rfc3339(&k.created_at)}
                            </span>
                            <CopyButton text=k.key.clone() label=format!("Copy the write key of {}", k.name) />
                        </li>
                    </For>
                </ul>
            </Show>
            <form class="write-key-form" on:submit=create novalidate>
                <label for="write-key-name">"New source"</label>
                <input
                    id="write-key-name"
                    type="text"
                    placeholder="e.g. Website"
                    maxlength="100"
                    prop:value=name
                    aria-invalid=move || error.with(Option::is_some).to_string()
                    aria-describedby="write-key-name-error"
                    on:input:target=move |ev| name.set(ev.target().value())
                />
                <button type="submit" class="button primary" disabled=busy>
                    "Create write key"
                </button>
                <p class="field-error" id="write-key-name-error" role="alert">{name_error}</p>
            </form>
        </section>
    }
}

/// A button that copies `text` to the clipboard and says whether it could
/// (without a Clipboard API it says to select the key and copy it by hand).
#[component]
pub fn CopyButton(text: String, label: String) -> impl IntoView {
    let copy = RwSignal::new(CopyState::Idle);
    let text = StoredValue::new(text);
    view! {
        <button
            type="button"
            class="button secondary copy-button"
            aria-label=label
            title=move || (copy.get() == CopyState::Failed)
                .then_some("This page cannot write the clipboard: select the key and press Ctrl+C")
            on:click=move |_| {
                let text = text.get_value();
                leptos::task::spawn_local(async move {
                    let state = if copy_text(text).await {
                        CopyState::Copied
                    } else {
                        CopyState::Failed
                    };
                    copy.try_set(state);
                });
            }
        >
            {move || match copy.get() {
                CopyState::Idle => "Copy",
                CopyState::Copied => "Copied",
                CopyState::Failed => "Select and copy",
            }}
        </button>
    }
}
