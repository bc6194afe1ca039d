//! The event tester of a Send step's event destination: choose track or
//! identify, see the payload that will be sent (with an editable test user
//! id), press **Send Event**, and read the event lifecycle: the status line,
//! the response's headers, body and time, or what went wrong (DNS, refused
//! connection, TLS, timeout...), and the request as sent (secrets masked).
//!
//! It reads the server through [`Destinations`] (the context's client), so
//! tests mount it with canned answers. [`TestLifecycle`] only draws a result.

use crate::api::destinations::{
    pretty, DestinationView, Destinations, Outcome, PreviewView, TestRequest, TestResult,
};
use crate::api::ApiError;
use crate::builder::state::BuilderState;
use cairn_domain::payload::test_user_id;
use cairn_domain::step::{CallType, StepId};
use leptos::prelude::*;

/// `track` or `identify`, as the API spells them.
pub fn call_name(call: CallType) -> &'static str {
    match call {
        CallType::Track => "track",
        CallType::Identify => "identify",
    }
}

/// The call type named `name` (`track`, `identify`).
pub fn parse_call(name: &str) -> Option<CallType> {
    match name {
        "track" => Some(CallType::Track),
        "identify" => Some(CallType::Identify),
        _ => None,
    }
}

/// What the marketer reads for an outcome's error kind.
pub fn error_title(kind: &str) -> &'static str {
    match kind {
        "timeout" => "Timed out",
        "connection_refused" => "Connection refused",
        "dns" => "DNS lookup failed",
        "tls" => "TLS error",
        "connection" => "Connection failed",
        "blocked_address" => "Blocked: private network address",
        "invalid_url" => "Invalid URL",
        _ => "Request failed",
    }
}

/// A body for reading: indented when it is JSON, as received otherwise.
fn readable(body: &str) -> String {
    serde_json::from_str::<serde_json::Value>(body)
        .map(|v| pretty(&v))
        .unwrap_or_else(|_| body.to_string())
}

fn took(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else {
        format!("{ms:.1} ms")
    }
}

fn header_table(class: &'static str, headers: Vec<(String, String)>) -> impl IntoView {
    view! {
        <table class=format!("kv-table {class}")>
            <tbody>
                {headers
                    .into_iter()
                    .map(|(k, v)| view! { <tr><th scope="row">{k}</th><td>{v}</td></tr> })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// The event lifecycle of one test: the status line (or the error), the
/// response, the time taken, and the request sent.
#[component]
pub fn TestLifecycle(
    /// The tester's answer.
    result: TestResult,
    /// Show a link to the request inbox (the destination is the built-in inbox).
    #[prop(optional)]
    inbox_link: bool,
) -> impl IntoView {
    let TestResult {
        request, outcome, ..
    } = result;
    let outcome_view = match outcome {
        Outcome::Response {
            ok,
            status_line,
            headers,
            body,
            body_truncated,
            location,
            took_ms,
            ..
        } => view! {
            <p class="status-line" class:ok=ok class:fail=!ok role="status">
                {status_line}
            </p>
            <p class="took">{format!("Took {}", took(took_ms))}</p>
            {location.map(|l| view! { <p class="redirect">"Redirect to " <code>{l}</code> " (not followed)"</p> })}
            <h5 class="result-heading">"Response headers"</h5>
            {header_table("response-headers", headers)}
            <h5 class="result-heading">"Response body"</h5>
            <pre class="response-body">{if body.is_empty() { "(empty)".to_string() } else { readable(&body) }}</pre>
            {body_truncated.then(|| view! { <p class="hint">"Only the first 64 KiB of the body were read."</p> })}
        }
        .into_any(),
        Outcome::Error {
            error,
            message,
            took_ms,
        } => view! {
            <p class="status-line fail" role="status" data-error=error.clone()>
                {error_title(&error)}
            </p>
            <p class="error-message">{message}</p>
            <p class="took">{format!("After {}", took(took_ms))}</p>
        }
        .into_any(),
    };
    view! {
        <div class="tester-result">
            {outcome_view}
            {inbox_link.then(|| view! {
                <p class="inbox-link"><a href="/inbox">"See it in the request inbox"</a></p>
            })}
            <h5 class="result-heading">"Request sent"</h5>
            <p class="request-line"><code>{format!("{} {}", request.method, request.url)}</code></p>
            {header_table("request-headers", request.headers)}
            <pre class="request-body">{pretty(&request.body)}</pre>
        </div>
    }
}

/// The event tester for one event destination of Send step `step_id`.
#[component]
pub fn EventTester(
    /// The destination (an event destination).
    destination: DestinationView,
    /// The Send step's key (the property or trait sent).
    #[prop(into)]
    key: Signal<String>,
    /// The journey's id, once saved (for `computation_id`).
    #[prop(into)]
    journey_id: Signal<Option<String>>,
    /// The Send step.
    step_id: StepId,
    /// The call type the step sends, preselected.
    #[prop(default = CallType::Track)]
    call: CallType,
) -> impl IntoView {
    let client = Destinations::from_context();
    let dest_id = destination.id.clone();
    let event_type = RwSignal::new(call);
    let user_id = RwSignal::new(test_user_id(&mut crate::builder::state::BrowserRng));
    let request = Memo::new(move |_| TestRequest {
        event_type: event_type.get(),
        user_id: Some(user_id.get()),
        key: Some(key.get()).filter(|k| !k.is_empty()),
        journey_id: journey_id.get(),
        step_id: journey_id.with(Option::is_some).then_some(step_id),
    });
    let preview = {
        let client = client.clone();
        let id = dest_id.clone();
        LocalResource::new(move || {
            let (client, id, req) = (client.clone(), id.clone(), request.get());
            async move { client.0.preview(id, req).await }
        })
    };
    let sending = RwSignal::new(false);
    let result = RwSignal::new(None::<Result<TestResult, ApiError>>);
    let send = move |_| {
        if sending.get_untracked() {
            return;
        }
        sending.set(true);
        let (client, id, req) = (client.clone(), dest_id.clone(), request.get_untracked());
        leptos::task::spawn_local(async move {
            let r = client.0.test(id, req).await;
            sending.try_set(false);
            result.try_set(Some(r));
        });
    };
    let inbox = destination.is_inbox();
    let suffix = destination.id.clone();
    let type_id = format!("tester-type-{suffix}");
    let user_input_id = format!("tester-user-{suffix}");
    let preview_view = move || match preview.get() {
        None => view! { <p class="status-message">"Building the payload…"</p> }.into_any(),
        Some(Err(e)) => view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
        Some(Ok(PreviewView { payload, .. })) => {
            view! { <pre class="payload-preview">{pretty(&payload)}</pre> }.into_any()
        }
    };
    view! {
        <section class="event-tester" aria-label=format!("Event tester for {}", destination.name)>
            <h4 class="tester-title">"Event tester"</h4>
            <p class="hint">
                "Sends one real test event to " <strong>{destination.name.clone()}</strong>
                {if destination.url.is_empty() { String::new() } else { format!(" at {}", destination.url) }}
                "."
            </p>
            <div class="field">
                <div class="field-label"><label for=type_id.clone()>"Event type"</label></div>
                <select
                    id=type_id
                    class="tester-event-type"
                    on:change:target=move |ev| {
                        if let Some(c) = parse_call(&ev.target().value()) {
                            event_type.set(c);
                        }
                    }
                >
                    {[CallType::Track, CallType::Identify]
                        .into_iter()
                        .map(|c| view! {
                            <option value=call_name(c) prop:selected=move || event_type.get() == c>{call_name(c)}</option>
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <div class="field-label"><label for=user_input_id.clone()>"Test user id"</label></div>
                <input
                    type="text"
                    id=user_input_id
                    class="tester-user-id"
                    autocomplete="off"
                    maxlength="200"
                    prop:value=user_id
                    on:change:target=move |ev| user_id.set(ev.target().value())
                />
            </div>
            <h5 class="result-heading">"Payload"</h5>
            {preview_view}
            <div class="tester-actions">
                <button type="button" class="button primary send-event" disabled=sending on:click=send>
                    {move || if sending.get() { "Sending…" } else { "Send Event" }}
                </button>
                {inbox.then(|| view! { <a class="inbox-link" href="/inbox">"Open the request inbox"</a> })}
            </div>
            {move || result.get().map(|r| match r {
                Ok(r) => view! { <TestLifecycle result=r inbox_link=inbox /> }.into_any(),
                Err(e) => view! { <p class="form-error tester-error" role="alert">{e.to_string()}</p> }.into_any(),
            })}
        </section>
    }
}

/// The journey id the tester names, from the builder (`None` until saved).
pub fn journey_id_of(state: BuilderState) -> Signal<Option<String>> {
    Signal::derive(move || state.id.get())
}
