//! `/`: the journey list, with loading and error states and the create form.

use cairn_domain::summary::JourneySummary;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;

use crate::api::{self, ApiError, NewJourney};
use crate::components::journey_list::JourneyList;
use crate::components::new_journey_form::NewJourneyForm;
use crate::components::row_menu::RowAction;
use crate::pages::journey_actions::{JourneyActionDialogs, JourneyActions, Target};

/// The journey list page: fetches `GET /api/journeys`, shows the rows, and
/// creates journeys with the inline form, then opens the new one's builder.
#[component]
pub fn JourneysPage() -> impl IntoView {
    let journeys = LocalResource::new(api::list_journeys);
    let (form_open, set_form_open) = signal(false);
    let create_error = RwSignal::new(None::<ApiError>);

    let create = Action::new_local(|new: &NewJourney| {
        let new = new.clone();
        async move { api::create_journey(&new).await }
    });
    // React to each finished create: open the new journey's builder, or
    // show why not. (Back from the builder returns to the list, with it.)
    let navigate = use_navigate();
    Effect::new(move || match create.value().get() {
        Some(Ok(created)) => {
            set_form_open.set(false);
            create_error.set(None);
            navigate(
                &format!("/journeys/{}/builder", created.id),
                NavigateOptions::default(),
            );
        }
        Some(Err(e)) => create_error.set(Some(e)),
        None => {}
    });

    let open_form = Callback::new(move |()| {
        create_error.set(None);
        set_form_open.set(true);
    });
    let close_form = Callback::new(move |()| set_form_open.set(false));
    let submit = Callback::new(move |new: NewJourney| {
        create_error.set(None);
        create.dispatch(new);
    });

    // The rows' … menus: clone and delete refetch the list when done.
    let actions = JourneyActions::new();
    let refetch = Callback::new(move |()| journeys.refetch());
    let on_deleted = Callback::new(move |_: String| journeys.refetch());
    let on_action = Callback::new(move |(row, action): (JourneySummary, RowAction)| {
        let target = Target {
            id: row.id,
            name: row.name,
            published: row.status == cairn_domain::summary::StatusKind::Published,
        };
        actions.run(target, action, Some(refetch));
    });

    // The loaded rows; empty while loading or failed.
    let rows = Signal::derive(move || match journeys.get() {
        Some(Ok(list)) => list,
        _ => Vec::<JourneySummary>::new(),
    });
    let has_rows = move || rows.with(|list| !list.is_empty());
    // Which of the three states the list is in; a memo so that a refetch
    // with new rows updates the table instead of rebuilding it.
    let load_state = Memo::new(move |_| match journeys.get() {
        None => LoadState::Loading,
        Some(Err(e)) => LoadState::Failed(e.to_string()),
        Some(Ok(_)) => LoadState::Ready,
    });

    view! {
        <div class="page">
            <header class="page-header">
                <div>
                    <h1>"Journeys"</h1>
                    <p class="page-subtitle">"Build the paths your customers take."</p>
                </div>
                <Show when=move || has_rows() && !form_open.get()>
                    <button type="button" class="button primary" on:click=move |_| open_form.run(())>
                        "+ New Journey"
                    </button>
                </Show>
            </header>

            <Show when=move || form_open.get()>
                <NewJourneyForm
                    on_submit=submit
                    on_cancel=close_form
                    pending=create.pending()
                    error=create_error
                />
            </Show>

            {move || match load_state.get() {
                LoadState::Loading => {
                    view! {
                        <p class="status-message" role="status">
                            "Loading journeys…"
                        </p>
                    }
                        .into_any()
                }
                LoadState::Failed(message) => {
                    view! {
                        <div class="load-error" role="alert">
                            <p>"The journeys could not be loaded. " {message}</p>
                            <button type="button" class="button" on:click=move |_| journeys.refetch()>
                                "Retry"
                            </button>
                        </div>
                    }
                        .into_any()
                }
                LoadState::Ready => {
                    view! {
                        // With no journeys yet, the open form replaces the empty state.
                        <Show when=move || has_rows() || !form_open.get()>
                            <JourneyList journeys=rows on_new=open_form on_action />
                        </Show>
                    }
                        .into_any()
                }
            }}
            <JourneyActionDialogs actions on_deleted />
        </div>
    }
}

/// Where the list's fetch stands.
#[derive(Debug, Clone, PartialEq, Eq)]
enum LoadState {
    Loading,
    Failed(String),
    Ready,
}
