//! The journey list as a table, or its empty state. Presentational: it is
//! given the rows and says when "+ New Journey" is pressed; it never fetches.

use cairn_domain::summary::{JourneySummary, StatusKind};
use leptos::prelude::*;

use crate::format::{format_local, step_usage};

/// Lists `journeys` in a table (name, status, steps, last updated), or shows
/// the empty state with a "+ New Journey" button when there are none.
#[component]
pub fn JourneyList(
    /// The rows to show, in order.
    #[prop(into)]
    journeys: Signal<Vec<JourneySummary>>,
    /// Called when the empty state's "+ New Journey" is pressed.
    #[prop(into)]
    on_new: Callback<()>,
) -> impl IntoView {
    let is_empty = move || journeys.with(|list| list.is_empty());
    view! {
        <Show when=move || !is_empty() fallback=move || view! { <EmptyState on_new /> }>
            <table class="journey-table" aria-label="Journeys">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col" class="num">
                            "Steps"
                        </th>
                        <th scope="col">"Last updated"</th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || journeys.get()
                        key=|journey| (journey.id.clone(), journey.version)
                        let:journey
                    >
                        <JourneyRow journey />
                    </For>
                </tbody>
            </table>
        </Show>
    }
}

/// One row of the table.
#[component]
fn JourneyRow(journey: JourneySummary) -> impl IntoView {
    let href = format!("/journeys/{}", journey.id);
    let updated = format_local(journey.updated_at);
    let updated_iso = journey.updated_at.to_rfc3339();
    let steps = step_usage(journey.step_count, journey.step_limit);
    let steps_label = format!(
        "{} of {} steps used",
        journey.step_count, journey.step_limit
    );
    view! {
        <tr class="journey-row" data-journey-id=journey.id.clone()>
            <th scope="row" class="journey-name">
                <a href=href>{journey.name}</a>
            </th>
            <td>
                <StatusBadge status=journey.status />
            </td>
            <td class="num journey-steps" aria-label=steps_label>
                {steps}
            </td>
            <td class="journey-updated">
                <time datetime=updated_iso>{updated}</time>
            </td>
        </tr>
    }
}

/// A coloured pill saying "Draft" or "Published".
#[component]
pub fn StatusBadge(
    /// The status to show.
    status: StatusKind,
) -> impl IntoView {
    let class = match status {
        StatusKind::Draft => "badge badge-draft",
        StatusKind::Published => "badge badge-published",
    };
    view! { <span class=class>{status.label()}</span> }
}

/// What the list shows before the first journey exists.
#[component]
fn EmptyState(on_new: Callback<()>) -> impl IntoView {
    view! {
        <section class="empty-state" aria-labelledby="empty-state-title">
            <h2 id="empty-state-title">"No journeys yet"</h2>
            <p>
                "A journey guides people from one step to the next. "
                "Create your first one to get started."
            </p>
            <button type="button" class="button primary" on:click=move |_| on_new.run(())>
                "+ New Journey"
            </button>
        </section>
    }
}
