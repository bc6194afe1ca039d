//! The journey list as a table, or its empty state. Presentational: it is
//! given the rows and says when "+ New Journey" is pressed or a row's **…**
//! menu item is chosen; it never fetches. A search box and a status filter
//! narrow the rows shown.

use cairn_domain::summary::{JourneySummary, StatusKind};
use leptos::prelude::*;

use crate::components::row_menu::{RowAction, RowMenu};
use crate::format::{format_local, step_usage};

/// Which statuses the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    /// Drafts and published journeys.
    #[default]
    All,
    /// Drafts only.
    Draft,
    /// Published journeys only.
    Published,
}

impl StatusFilter {
    /// Whether a journey with `status` passes.
    pub fn accepts(self, status: StatusKind) -> bool {
        match self {
            StatusFilter::All => true,
            StatusFilter::Draft => status == StatusKind::Draft,
            StatusFilter::Published => status == StatusKind::Published,
        }
    }

    fn value(self) -> &'static str {
        match self {
            StatusFilter::All => "all",
            StatusFilter::Draft => "draft",
            StatusFilter::Published => "published",
        }
    }

    fn from_value(v: &str) -> StatusFilter {
        match v {
            "draft" => StatusFilter::Draft,
            "published" => StatusFilter::Published,
            _ => StatusFilter::All,
        }
    }
}

/// Whether `journey` matches the search `query` (its name contains it,
/// ignoring case and surrounding spaces) and the status `filter`.
pub fn matches(journey: &JourneySummary, query: &str, filter: StatusFilter) -> bool {
    let query = query.trim().to_lowercase();
    filter.accepts(journey.status)
        && (query.is_empty() || journey.name.to_lowercase().contains(&query))
}

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
    /// Called with a row and the **…** menu item chosen on it; without it,
    /// rows have no menu.
    #[prop(optional, into)]
    on_action: Option<Callback<(JourneySummary, RowAction)>>,
) -> impl IntoView {
    let is_empty = move || journeys.with(|list| list.is_empty());
    let query = RwSignal::new(String::new());
    let filter = RwSignal::new(StatusFilter::All);
    let shown = Memo::new(move |_| {
        let q = query.get();
        let f = filter.get();
        journeys.with(|list| {
            list.iter()
                .filter(|j| matches(j, &q, f))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let none_match = move || shown.with(Vec::is_empty);
    view! {
        <Show when=move || !is_empty() fallback=move || view! { <EmptyState on_new /> }>
            <div class="list-filters" role="search">
                <input
                    type="search"
                    class="journey-search"
                    placeholder="Search by name"
                    aria-label="Search journeys by name"
                    prop:value=move || query.get()
                    on:input=move |ev| query.set(event_target_value(&ev))
                />
                <select
                    class="status-filter"
                    aria-label="Status"
                    prop:value=move || filter.get().value()
                    on:change=move |ev| filter.set(StatusFilter::from_value(&event_target_value(&ev)))
                >
                    <option value="all">"All"</option>
                    <option value="draft">"Draft"</option>
                    <option value="published">"Published"</option>
                </select>
            </div>
            <Show when=none_match>
                <p class="no-matches" role="status">"No journeys match the search."</p>
            </Show>
            <table class="journey-table" aria-label="Journeys" class:hidden=none_match>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col" class="num">
                            "Steps"
                        </th>
                        <th scope="col">"Last updated"</th>
                        {on_action.map(|_| view! {
                            <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        })}
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || shown.get()
                        key=|journey| (journey.id.clone(), journey.version)
                        let:journey
                    >
                        <JourneyRow journey on_action />
                    </For>
                </tbody>
            </table>
        </Show>
    }
}

/// One row of the table.
#[component]
fn JourneyRow(
    journey: JourneySummary,
    on_action: Option<Callback<(JourneySummary, RowAction)>>,
) -> impl IntoView {
    let menu = on_action.map(|cb| {
        let row = journey.clone();
        let open_href = format!("/journeys/{}", journey.id);
        view! {
            <td class="journey-actions">
                <RowMenu
                    name=journey.name.clone()
                    open_href
                    on_action=move |a: RowAction| cb.run((row.clone(), a))
                />
            </td>
        }
    });
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
            {menu}
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
