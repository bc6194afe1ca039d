//! The create / edit form of a destination: name, type, enabled, URL,
//! headers (secret values never shown: kept unless replaced), timeout and,
//! for list destinations, the batch size.
//!
//! Presentational: it hands a [`DestinationSpec`] to `on_submit` and shows
//! the `error` its owner passes back, each issue beside the field its `path`
//! names (`url`, `headers[1].value`, ...).

use crate::api::destinations::DestinationView;
use crate::api::ApiError;
use cairn_domain::destination::{
    is_sensitive_header, DestinationSpec, DestinationType, Header, DEFAULT_BATCH_SIZE,
    DEFAULT_TIMEOUT_MS, MASK, NAME_MAX,
};
use leptos::prelude::*;

/// One header row being edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderRow {
    /// A stable key for the row.
    pub key: u32,
    /// The header name.
    pub name: String,
    /// The value typed (empty for a stored secret that is kept).
    pub value: String,
    /// Whether the value is a secret.
    pub secret: bool,
    /// The masked stored value (`••••5678`) of a stored secret.
    pub kept: Option<String>,
}

impl HeaderRow {
    fn of(key: u32, h: &Header) -> HeaderRow {
        let value = h.value.clone().unwrap_or_default();
        let masked = value.starts_with(MASK) || h.value.is_none();
        if (h.secret || is_sensitive_header(&h.name)) && masked {
            HeaderRow {
                key,
                name: h.name.clone(),
                value: String::new(),
                secret: true,
                kept: Some(value),
            }
        } else {
            HeaderRow {
                key,
                name: h.name.clone(),
                value,
                secret: h.secret,
                kept: None,
            }
        }
    }

    /// The header sent: a kept secret goes without a value (the server keeps it).
    pub fn header(&self) -> Header {
        let name = self.name.trim().to_string();
        match (&self.kept, self.value.is_empty()) {
            (Some(_), true) => Header {
                name,
                value: None,
                secret: true,
            },
            _ => Header {
                name,
                value: Some(self.value.clone()),
                secret: self.secret,
            },
        }
    }
}

/// The fields of the form, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormValues {
    /// The name.
    pub name: String,
    /// Event or list.
    pub kind: DestinationType,
    /// Enabled.
    pub enabled: bool,
    /// The URL.
    pub url: String,
    /// The headers.
    pub headers: Vec<HeaderRow>,
    /// The timeout, as typed.
    pub timeout_ms: String,
    /// The batch size, as typed.
    pub batch_size: String,
}

impl FormValues {
    /// The values of a stored destination, or of a new event destination.
    pub fn of(d: Option<&DestinationView>) -> FormValues {
        match d {
            None => FormValues {
                name: String::new(),
                kind: DestinationType::Event,
                enabled: true,
                url: String::new(),
                headers: Vec::new(),
                timeout_ms: DEFAULT_TIMEOUT_MS.to_string(),
                batch_size: DEFAULT_BATCH_SIZE.to_string(),
            },
            Some(d) => FormValues {
                name: d.name.clone(),
                kind: d.kind,
                enabled: d.enabled,
                url: d.url.clone(),
                headers: d
                    .headers
                    .iter()
                    .enumerate()
                    .map(|(i, h)| HeaderRow::of(i as u32, h))
                    .collect(),
                timeout_ms: d.timeout_ms.to_string(),
                batch_size: d.batch_size.unwrap_or(DEFAULT_BATCH_SIZE).to_string(),
            },
        }
    }

    /// The spec to send, or the fields that are not numbers.
    pub fn spec(&self) -> Result<DestinationSpec, Vec<(&'static str, String)>> {
        let mut bad = Vec::new();
        let timeout_ms = self.timeout_ms.trim().parse::<u64>().unwrap_or_else(|_| {
            bad.push((
                "timeout_ms",
                "Enter the timeout in milliseconds".to_string(),
            ));
            0
        });
        let batch_size = match self.kind {
            DestinationType::Event => None,
            DestinationType::List => {
                Some(self.batch_size.trim().parse::<u32>().unwrap_or_else(|_| {
                    bad.push(("batch_size", "Enter a number of users".to_string()));
                    0
                }))
            }
        };
        if !bad.is_empty() {
            return Err(bad);
        }
        Ok(DestinationSpec {
            name: self.name.trim().to_string(),
            kind: self.kind,
            enabled: self.enabled,
            url: self.url.trim().to_string(),
            headers: self.headers.iter().map(HeaderRow::header).collect(),
            timeout_ms,
            batch_size,
        })
    }
}

/// The DOM id of the error shown for `path` (`headers[1].value` →
/// `dest-error-headers-1--value`).
pub fn error_dom_id(path: &str) -> String {
    let mut id = String::from("dest-error-");
    id.extend(
        path.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }),
    );
    id
}

/// The create / edit form. `initial` is the stored destination (`None`: new).
#[component]
pub fn DestinationForm(
    /// The destination edited, `None` for a new one.
    initial: Option<DestinationView>,
    /// Called with the settings when "Save" is pressed.
    #[prop(into)]
    on_submit: Callback<DestinationSpec>,
    /// Called when "Cancel" is pressed.
    #[prop(into)]
    on_cancel: Callback<()>,
    /// True while the request is in flight.
    #[prop(into, optional)]
    pending: Signal<bool>,
    /// The last failure of the request.
    #[prop(into, optional)]
    error: Signal<Option<ApiError>>,
) -> impl IntoView {
    let inbox = initial.as_ref().is_some_and(DestinationView::is_inbox);
    let editing = initial.is_some();
    let values = RwSignal::new(FormValues::of(initial.as_ref()));
    let next_key = StoredValue::new(values.with_untracked(|v| v.headers.len() as u32));
    // Problems found before sending (numbers that are not numbers).
    let local = RwSignal::new(Vec::<(&'static str, String)>::new());

    let message_at = move |path: &str| -> Option<String> {
        local
            .with(|l| l.iter().find(|(p, _)| *p == path).map(|(_, m)| m.clone()))
            .or_else(|| error.with(|e| e.as_ref().and_then(|e| e.field_message(path))))
    };
    let error_at = move |path: String| {
        move || {
            message_at(&path).map(|m| {
                view! { <p class="field-error" id=error_dom_id(&path)>{m}</p> }
            })
        }
    };
    let invalid_at =
        move |path: &'static str| move || message_at(path).map(|_| "true").unwrap_or("false");
    let general = move || {
        error.with(|e| {
            let e = e.as_ref()?;
            let shown = e.issues().iter().any(|i| !i.path.is_empty());
            (!shown || e.issues().is_empty()).then(|| e.to_string())
        })
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        match values.with_untracked(FormValues::spec) {
            Ok(spec) => {
                local.set(Vec::new());
                on_submit.run(spec);
            }
            Err(bad) => local.set(bad),
        }
    };
    let set = move |f: fn(&mut FormValues, String)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            values.update(|vals| f(vals, v));
        }
    };
    let is_list = move || values.with(|v| v.kind == DestinationType::List);
    let add_header = move |_| {
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        values.update(|v| {
            v.headers.push(HeaderRow {
                key,
                name: String::new(),
                value: String::new(),
                secret: false,
                kept: None,
            })
        });
    };

    view! {
        <form class="destination-form" on:submit=submit novalidate>
            <h2>{if editing { "Edit destination" } else { "New destination" }}</h2>
            {move || general().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            <div class="field">
                <div class="field-label"><label for="destination-name">"Name"</label></div>
                <input
                    id="destination-name"
                    type="text"
                    autocomplete="off"
                    maxlength=NAME_MAX.to_string()
                    prop:value=move || values.with(|v| v.name.clone())
                    aria-invalid=invalid_at("name")
                    aria-describedby=error_dom_id("name")
                    on:input=set(|v, s| v.name = s)
                />
                {error_at("name".into())}
            </div>
            <div class="field">
                <div class="field-label"><label for="destination-type">"Type"</label></div>
                <select
                    id="destination-type"
                    disabled=inbox
                    aria-describedby=error_dom_id("type")
                    on:change=set(|v, s| {
                        v.kind = if s == "list" { DestinationType::List } else { DestinationType::Event }
                    })
                >
                    <option value="event" prop:selected=move || !is_list()>
                        "Event destination: track or identify calls"
                    </option>
                    <option value="list" prop:selected=is_list>
                        "List destination: users added in batches, and a CSV"
                    </option>
                </select>
                {error_at("type".into())}
            </div>
            <div class="field check-field">
                <label class="check">
                    <input
                        type="checkbox"
                        id="destination-enabled"
                        prop:checked=move || values.with(|v| v.enabled)
                        on:change:target=move |ev| {
                            let on = ev.target().checked();
                            values.update(|v| v.enabled = on);
                        }
                    />
                    "Enabled: journeys send to it"
                </label>
            </div>
            <div class="field">
                <div class="field-label">
                    <label for="destination-url">"URL"</label>
                    {move || is_list().then(|| view! { <span class="optional">"Optional: empty means CSV only"</span> })}
                </div>
                <input
                    id="destination-url"
                    type="url"
                    autocomplete="off"
                    placeholder="https://hooks.example.com/cairn"
                    disabled=inbox
                    prop:value=move || values.with(|v| v.url.clone())
                    aria-invalid=invalid_at("url")
                    aria-describedby=error_dom_id("url")
                    on:input=set(|v, s| v.url = s)
                />
                {inbox.then(|| view! { <p class="hint">"The request inbox is served by Cairn itself: its URL cannot change."</p> })}
                {error_at("url".into())}
            </div>
            <fieldset class="headers-field">
                <legend>"Headers"</legend>
                <p class="hint">
                    "Sent with every request. Secret values (an Authorization token, say) are stored but never shown again: leave one empty to keep it."
                </p>
                <For
                    each=move || values.with(|v| v.headers.iter().map(|h| h.key).collect::<Vec<_>>())
                    key=|k| *k
                    let:key
                >
                    {header_row(values, key, message_at)}
                </For>
                {error_at("headers".into())}
                <button type="button" class="link-button add-header" on:click=add_header>"+ Add header"</button>
            </fieldset>
            <div class="field">
                <div class="field-label"><label for="destination-timeout">"Timeout (ms)"</label></div>
                <input
                    id="destination-timeout"
                    type="number"
                    min="100"
                    max="30000"
                    step="100"
                    prop:value=move || values.with(|v| v.timeout_ms.clone())
                    aria-invalid=invalid_at("timeout_ms")
                    aria-describedby=error_dom_id("timeout_ms")
                    on:input=set(|v, s| v.timeout_ms = s)
                />
                {error_at("timeout_ms".into())}
            </div>
            <Show when=is_list>
                <div class="field">
                    <div class="field-label"><label for="destination-batch">"Batch size (users per request)"</label></div>
                    <input
                        id="destination-batch"
                        type="number"
                        min="1"
                        max="10000"
                        prop:value=move || values.with(|v| v.batch_size.clone())
                        aria-invalid=invalid_at("batch_size")
                        aria-describedby=error_dom_id("batch_size")
                        on:input=set(|v, s| v.batch_size = s)
                    />
                    {error_at("batch_size".into())}
                </div>
            </Show>
            <div class="form-actions">
                <button type="submit" class="button primary save-destination" disabled=pending>
                    {move || if pending.get() { "Saving…" } else { "Save" }}
                </button>
                <button type="button" class="button" on:click=move |_| on_cancel.run(())>"Cancel"</button>
            </div>
        </form>
    }
}

fn header_row(
    values: RwSignal<FormValues>,
    key: u32,
    message_at: impl Fn(&str) -> Option<String> + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let index = move || values.with(|v| v.headers.iter().position(|h| h.key == key));
    let read = move |f: fn(&HeaderRow) -> String| {
        move || {
            values.with(|v| {
                v.headers
                    .iter()
                    .find(|h| h.key == key)
                    .map(f)
                    .unwrap_or_default()
            })
        }
    };
    let update = move |f: &dyn Fn(&mut HeaderRow)| {
        values.update(|v| {
            if let Some(h) = v.headers.iter_mut().find(|h| h.key == key) {
                f(h);
            }
        })
    };
    let kept = move || {
        values.with(|v| {
            v.headers
                .iter()
                .find(|h| h.key == key)
                .and_then(|h| h.kept.clone())
        })
    };
    let secret = move || {
        values.with(|v| {
            v.headers
                .iter()
                .find(|h| h.key == key)
                .is_some_and(|h| h.secret)
        })
    };
    let path = move |field: &str| format!("headers[{}].{field}", index().unwrap_or(0));
    let message = move |field: &'static str| move || message_at(&path(field));
    view! {
        <div class="header-row" data-header=key>
            <input
                type="text"
                class="header-name"
                aria-label="Header name"
                placeholder="Authorization"
                autocomplete="off"
                prop:value=read(|h| h.name.clone())
                aria-invalid=move || message("name")().map(|_| "true").unwrap_or("false")
                aria-describedby=move || error_dom_id(&path("name"))
                on:input=move |ev| {
                    let s = event_target_value(&ev);
                    update(&|h| h.name = s.clone());
                }
            />
            <input
                type=move || if secret() { "password" } else { "text" }
                class="header-value"
                aria-label="Header value"
                autocomplete="off"
                placeholder=move || match kept() {
                    Some(m) => format!("{m} (kept; type to replace)"),
                    None => "Value".to_string(),
                }
                prop:value=read(|h| h.value.clone())
                aria-invalid=move || message("value")().map(|_| "true").unwrap_or("false")
                aria-describedby=move || error_dom_id(&path("value"))
                on:input=move |ev| {
                    let s = event_target_value(&ev);
                    update(&|h| h.value = s.clone());
                }
            />
            <label class="check header-secret">
                <input
                    type="checkbox"
                    class="header-secret-box"
                    disabled=move || kept().is_some()
                    prop:checked=secret
                    on:change:target=move |ev| {
                        let on = ev.target().checked();
                        update(&|h| h.secret = on);
                    }
                />
                "Secret"
            </label>
            <button
                type="button"
                class="icon-button remove-header"
                aria-label="Remove header"
                on:click=move |_| values.update(|v| v.headers.retain(|h| h.key != key))
            >
                "✕"
            </button>
            {move || message("name")().map(|m| view! { <p class="field-error" id=error_dom_id(&path("name"))>{m}</p> })}
            {move || message("value")().map(|m| view! { <p class="field-error" id=error_dom_id(&path("value"))>{m}</p> })}
        </div>
    }
}
