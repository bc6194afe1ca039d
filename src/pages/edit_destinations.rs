//! "Edit Destinations" on the overview of a published journey: the one
//! change a published journey accepts (`cairn_domain::edit::check_edit`) is
//! to the destination lists of its Send steps. The editor is the builder's
//! Send-step destinations section on a copy of the journey, saved with
//! `PUT /api/journeys/{id}` and `If-Match`, as the builder saves.

use crate::api::{self, ApiError};
use crate::builder::panel::fields::StepCtx;
use crate::builder::panel::send::destinations_section;
use crate::builder::state::BuilderState;
use cairn_domain::step::StepId;
use cairn_domain::{Journey, Limits};
use leptos::prelude::*;

/// Edits the destinations of Send step `step` of `journey`, then saves.
#[component]
pub fn EditDestinations(
    /// The journey as stored.
    journey: Journey,
    /// The Send step.
    step: StepId,
    /// Called with the journey as saved.
    #[prop(into)]
    on_saved: Callback<Journey>,
    /// Called when "Cancel" is pressed.
    #[prop(into)]
    on_cancel: Callback<()>,
) -> impl IntoView {
    let state = BuilderState::new(Some(&journey), Limits::default());
    let step_memo = Memo::new(move |_| state.content.with(|c| c.steps.get(step).cloned()));
    // Only the destinations are edited here, which a published journey accepts.
    let ctx = StepCtx {
        state,
        id: step,
        step: step_memo,
        locked: Signal::stored(false),
    };
    let saving = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let save = move |_| {
        let Some(id) = state.id.get_untracked() else {
            return;
        };
        let version = state.version.get_untracked();
        let spec = state.content.get_untracked().spec();
        saving.set(true);
        leptos::task::spawn_local(async move {
            let r = api::save_journey(&id, version, &spec).await;
            saving.try_set(false);
            match r {
                Ok(j) => on_saved.run(j),
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
        });
    };
    let message = move || {
        error.get().map(|e| {
            if e.status() == Some(412) {
                "This journey was changed elsewhere since you opened it: reload the page and edit again.".to_string()
            } else {
                e.to_string()
            }
        })
    };
    view! {
        <div class="edit-destinations step-panel" role="group" aria-label="Edit destinations">
            {destinations_section(ctx)}
            {move || message().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            <div class="form-actions">
                <button
                    type="button"
                    class="button primary save-destinations"
                    disabled=move || saving.get() || !state.dirty.get()
                    on:click=save
                >
                    {move || if saving.get() { "Saving…" } else { "Save destinations" }}
                </button>
                <button type="button" class="button" on:click=move |_| state.undo() disabled=move || !state.can_undo.get()>
                    "Undo"
                </button>
                <button type="button" class="button" on:click=move |_| on_cancel.run(())>"Cancel"</button>
            </div>
        </div>
    }
}
