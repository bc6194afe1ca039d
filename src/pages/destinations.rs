//! `/destinations`: the workspace's destinations, with the create / edit
//! form and delete (refused while a journey uses the destination: the
//! journeys are named).

use crate::api::destinations::{self as api, DeleteError, DestinationView};
use crate::api::ApiError;
use crate::components::destination_form::DestinationForm;
use crate::components::destination_list::DestinationList;
use cairn_domain::destination::DestinationSpec;
use leptos::prelude::*;

/// Which form is open.
#[derive(Debug, Clone, PartialEq)]
enum Editing {
    New,
    Existing(DestinationView),
}

/// The destinations page.
#[component]
pub fn DestinationsPage() -> impl IntoView {
    let destinations = LocalResource::new(api::list_destinations);
    let editing = RwSignal::new(None::<Editing>);
    let save_error = RwSignal::new(None::<ApiError>);
    let saving = RwSignal::new(false);
    let delete_error = RwSignal::new(None::<DeleteError>);
    let notice = RwSignal::new(None::<String>);

    let save = Callback::new(move |spec: DestinationSpec| {
        let target = editing.get_untracked();
        saving.set(true);
        leptos::task::spawn_local(async move {
            let result = match &target {
                Some(Editing::Existing(d)) => api::update_destination(&d.id, &spec).await,
                _ => api::create_destination(&spec).await,
            };
            saving.try_set(false);
            match result {
                Ok(d) => {
                    save_error.try_set(None);
                    editing.try_set(None);
                    notice.try_set(Some(format!("Saved “{}”.", d.name)));
                    destinations.refetch();
                }
                Err(e) => {
                    save_error.try_set(Some(e));
                }
            }
        });
    });
    let cancel = Callback::new(move |()| {
        editing.set(None);
        save_error.set(None);
    });
    let open = move |e: Editing| {
        save_error.set(None);
        delete_error.set(None);
        notice.set(None);
        editing.set(Some(e));
    };
    let on_edit = Callback::new(move |d: DestinationView| open(Editing::Existing(d)));
    let on_delete = Callback::new(move |d: DestinationView| {
        let confirmed = window()
            .confirm_with_message(&format!("Delete the destination “{}”?", d.name))
            .unwrap_or(false);
        if !confirmed {
            return;
        }
        delete_error.set(None);
        notice.set(None);
        leptos::task::spawn_local(async move {
            match api::delete_destination(&d.id).await {
                Ok(()) => {
                    notice.try_set(Some(format!("Deleted “{}”.", d.name)));
                    destinations.refetch();
                }
                Err(e) => {
                    delete_error.try_set(Some(e));
                }
            }
        });
    });
    let rows = Signal::derive(move || match destinations.get() {
        Some(Ok(list)) => list,
        _ => Vec::new(),
    });

    view! {
        <div class="page destinations-page">
            <header class="page-header">
                <div>
                    <h1>"Destinations"</h1>
                    <p class="page-subtitle">
                        "Where Send steps deliver: event destinations receive track or identify calls, list destinations receive users in batches. "
                        <a href="/inbox">"Open the request inbox"</a>
                    </p>
                </div>
                <Show when=move || editing.with(Option::is_none)>
                    <button type="button" class="button primary new-destination" on:click=move |_| open(Editing::New)>
                        "+ New Destination"
                    </button>
                </Show>
            </header>
            {move || notice.get().map(|n| view! { <p class="notice" role="status">{n}</p> })}
            {move || delete_error.get().map(delete_error_view)}
            {move || editing.get().map(|e| {
                let initial = match e {
                    Editing::New => None,
                    Editing::Existing(d) => Some(d),
                };
                view! {
                    <section class="new-journey destination-editor">
                        <DestinationForm initial on_submit=save on_cancel=cancel pending=saving error=save_error />
                    </section>
                }
            })}
            {move || match destinations.get() {
                None => view! { <p class="status-message" role="status">"Loading destinations…"</p> }.into_any(),
                Some(Err(e)) => view! {
                    <div class="load-error" role="alert">
                        <p>"The destinations could not be loaded. " {e.to_string()}</p>
                        <button type="button" class="button" on:click=move |_| destinations.refetch()>"Retry"</button>
                    </div>
                }
                .into_any(),
                Some(Ok(_)) => view! { <DestinationList destinations=rows on_edit on_delete /> }.into_any(),
            }}
        </div>
    }
}

/// A refused delete; for a destination in use, the journeys using it, linked.
pub fn delete_error_view(e: DeleteError) -> impl IntoView {
    view! {
        <div class="form-error delete-error" role="alert">
            <p>{e.error.to_string()}</p>
            {(!e.journeys.is_empty()).then(|| view! {
                <ul class="in-use-journeys">
                    {e.journeys.into_iter().map(|j| view! {
                        <li><a href=format!("/journeys/{}", j.id)>{j.name}</a></li>
                    }).collect_view()}
                </ul>
            })}
        </div>
    }
}
