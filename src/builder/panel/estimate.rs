//! The entry step's estimate: how many users the entry condition lets in,
//! counted by the server over the workspace's real events
//! (`POST /api/estimate`), refreshed shortly after the condition stops
//! changing, with a Preview of matching users.

use super::fields::StepCtx;
use crate::events_api::{self, value_text, Estimate, EstimateRequest};
use crate::format::{millis, thousands};
use cairn_domain::step::Step;
use leptos::leptos_dom::helpers::{set_timeout_with_handle, TimeoutHandle};
use leptos::prelude::*;
use std::time::Duration;

/// How long the condition must stay unchanged before it is counted.
pub const DEBOUNCE: Duration = Duration::from_millis(350);

/// What the estimate box shows.
#[derive(Debug, Clone, PartialEq)]
enum Shown {
    /// Counting (the last result, if any, stays visible, dimmed).
    Counting,
    /// The count.
    Ready(Estimate),
    /// The condition cannot be counted yet (the server said why).
    Incomplete(String),
    /// The server could not be asked.
    Failed(String),
}

/// The estimate box of an entry step (drafts only: a published journey's
/// counts come from running it).
#[component]
pub fn EntryEstimate(ctx: StepCtx) -> impl IntoView {
    let request = Memo::new(move |_| {
        ctx.step.with(|s| match s {
            Some(Step::EntryCondition {
                condition,
                use_historical_data,
                ..
            }) => Some(EstimateRequest {
                condition: condition.clone(),
                use_historical_data: *use_historical_data,
            }),
            _ => None,
        })
    });
    let shown = RwSignal::new(Shown::Counting);
    let last = RwSignal::new(None::<Estimate>);
    let preview_open = RwSignal::new(false);
    let timer = StoredValue::new(None::<TimeoutHandle>);
    // Each request gets a number; only the answer to the latest is shown.
    let generation = StoredValue::new(0u64);

    Effect::new(move |_| {
        let Some(req) = request.get() else { return };
        if ctx.locked.get() {
            return;
        }
        shown.set(Shown::Counting);
        if let Some(t) = timer.get_value() {
            t.clear();
        }
        let handle = set_timeout_with_handle(
            move || {
                generation.update_value(|g| *g += 1);
                let mine = generation.get_value();
                leptos::task::spawn_local(async move {
                    let result = events_api::estimate(&req).await;
                    if generation.try_get_value() != Some(mine) {
                        return;
                    }
                    match result {
                        Ok(e) => {
                            last.set(Some(e.clone()));
                            shown.set(Shown::Ready(e));
                        }
                        Err(e) if e.status() == Some(422) => {
                            let why = e
                                .issues()
                                .first()
                                .map(|i| i.message.clone())
                                .filter(|m| !m.is_empty())
                                .unwrap_or_else(|| e.to_string());
                            shown.set(Shown::Incomplete(why));
                        }
                        Err(e) => shown.set(Shown::Failed(e.to_string())),
                    }
                });
            },
            DEBOUNCE,
        )
        .ok();
        timer.set_value(handle);
    });
    on_cleanup(move || {
        if let Some(t) = timer.try_get_value().flatten() {
            t.clear();
        }
    });

    let counting = move || shown.with(|s| *s == Shown::Counting);
    let count_text = move || {
        last.with(|e| match e {
            Some(e) => format!(
                "{} {}",
                thousands(e.count),
                if e.count == 1 { "user" } else { "users" }
            ),
            None => "Counting…".to_string(),
        })
    };
    let detail = move || match shown.get() {
        Shown::Counting => last
            .with(|e| e.as_ref().map(|e| e.meaning.clone()))
            .unwrap_or_default(),
        Shown::Ready(e) => e.meaning,
        Shown::Incomplete(why) => format!("Complete the condition to see an estimate: {why}"),
        Shown::Failed(why) => format!("The estimate is unavailable: {why}"),
    };
    let took = move || match shown.get() {
        Shown::Ready(e) => format!(
            "Counted over {} profiles in {}",
            thousands(e.total_profiles),
            millis(e.took_ms)
        ),
        _ => String::new(),
    };
    let has_problem = move || matches!(shown.get(), Shown::Incomplete(_) | Shown::Failed(_));
    let sample = move || match shown.get() {
        Shown::Ready(e) => e.sample,
        _ => Vec::new(),
    };
    let can_preview = move || !sample().is_empty();

    let body = move || {
        if ctx.locked.get() {
            return view! {
                <p class="estimate-detail">
                    "A published journey's counts come from running it, not from an estimate."
                </p>
            }
            .into_any();
        }
        view! {
            <p
                class="estimate-count"
                class:stale=counting
                class:hidden=has_problem
                aria-busy=move || counting().to_string()
            >
                {count_text}
            </p>
            <p class="estimate-detail" class:field-error=has_problem>{detail}</p>
            <p class="estimate-took">{took}</p>
            <button
                type="button"
                class="button secondary preview-users"
                aria-expanded=move || preview_open.get().to_string()
                disabled=move || !can_preview()
                on:click=move |_| preview_open.update(|o| *o = !*o)
            >
                {move || if preview_open.get() { "Hide preview" } else { "Preview" }}
            </button>
            <Show when=move || preview_open.get() && can_preview()>
                <ul class="preview-list" aria-label="Matching users">
                    {move || sample().into_iter().map(user_row).collect_view()}
                </ul>
            </Show>
        }
        .into_any()
    };

    view! {
        <section class="panel-section estimate" aria-labelledby="estimate-title" aria-live="polite">
            <h3 class="section-title" id="estimate-title">"Estimated entries"</h3>
            {body}
        </section>
    }
}

/// One matching user: id, then its traits.
fn user_row(user: events_api::SampleUser) -> impl IntoView {
    let traits = user
        .traits
        .iter()
        .map(|(k, v)| format!("{k}: {}", value_text(v)))
        .collect::<Vec<_>>()
        .join(" · ");
    view! {
        <li class="preview-user">
            <span class="preview-user-id">{user.user_id}</span>
            <span class="preview-user-traits">{traits}</span>
        </li>
    }
}
