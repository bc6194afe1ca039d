//! The overview's Settings tab: a journey's name and description, editable
//! for drafts and published journeys alike (the server accepts both on a
//! published journey), saved with the journey's version.

use crate::api::{self, ApiError};
use crate::format::char_counter;
use crate::input::keep_within_limit;
use cairn_domain::{Journey, JourneySpec, Limits};
use leptos::prelude::*;

/// The spec that changes only `journey`'s name and description.
pub fn renamed_spec(journey: &Journey, name: &str, description: &str) -> JourneySpec {
    JourneySpec {
        format_version: Default::default(),
        name: name.to_string(),
        description: description.to_string(),
        steps: journey.steps.clone(),
    }
}

/// The name and description form; `Save` sends `PUT /api/journeys/{id}`
/// with `If-Match`. Field errors show beside their field; a conflict asks
/// to reload.
#[component]
pub fn JourneySettingsForm(
    /// The journey as stored now.
    current: RwSignal<Journey>,
    /// Called with the journey as saved.
    on_saved: Callback<Journey>,
) -> impl IntoView {
    let max = Limits::default().journey_name_max;
    let name = RwSignal::new(current.with_untracked(|j| j.name.clone()));
    let description = RwSignal::new(current.with_untracked(|j| j.description.clone()));
    let error = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(false);
    let dirty =
        move || current.with(|j| j.name != name.get() || j.description != description.get());
    let save = Action::new_local(move |_: &()| async move {
        let journey = current.get_untracked();
        let spec = renamed_spec(
            &journey,
            &name.get_untracked(),
            &description.get_untracked(),
        );
        match api::save_journey(&journey.id, journey.version, &spec).await {
            Ok(j) => {
                error.set(None);
                saved.set(true);
                on_saved.run(j);
            }
            Err(e) => {
                saved.set(false);
                error.set(Some(e));
            }
        }
    });
    let busy = save.pending();
    let field_error = move |path: &'static str| {
        move || {
            error
                .with(|e| e.as_ref().and_then(|e| e.field_message(path)))
                .map(|m| view! { <p class="field-error" id=format!("settings-error-{path}")>{m}</p> })
        }
    };
    let described = move |path: &'static str, also: &'static str| {
        move || {
            let err = error.with(|e| e.as_ref().is_some_and(|e| e.field_message(path).is_some()));
            match (also.is_empty(), err) {
                (true, false) => None,
                (true, true) => Some(format!("settings-error-{path}")),
                (false, false) => Some(also.to_string()),
                (false, true) => Some(format!("{also} settings-error-{path}")),
            }
        }
    };
    let general = move || {
        error.get().and_then(|e| {
            if e.status() == Some(412) {
                Some("This journey was changed elsewhere since you opened it. Reload the page to see the latest version, then make your change again.".to_string())
            } else if e.concerns_any(&["name", "description"]) {
                None
            } else {
                Some(e.to_string())
            }
        })
    };
    view! {
        <form class="journey-settings" on:submit=move |ev| {
            ev.prevent_default();
            save.dispatch(());
        }>
            <div class="field">
                <div class="field-label">
                    <label for="settings-name">"Name"</label>
                    <span class="counter" id="settings-name-counter">
                        {move || char_counter(name.with(|n| n.chars().count()), max)}
                    </span>
                </div>
                <input type="text" id="settings-name" class="settings-name" maxlength=max.to_string()
                    prop:value=move || name.get()
                    aria-invalid=move || error.with(|e| e.as_ref().and_then(|e| e.field_message("name")).map(|_| "true"))
                    aria-describedby=described("name", "settings-name-counter")
                    on:input:target=move |ev| {
                        let kept = keep_within_limit(&ev.target(), max);
                        saved.set(false);
                        name.set(kept);
                    } />
                {field_error("name")}
            </div>
            <div class="field">
                <label for="settings-description">"Description"</label>
                <textarea id="settings-description" class="settings-description" rows="3"
                    prop:value=move || description.get()
                    aria-invalid=move || error.with(|e| e.as_ref().and_then(|e| e.field_message("description")).map(|_| "true"))
                    aria-describedby=described("description", "")
                    on:input:target=move |ev| {
                        saved.set(false);
                        description.set(ev.target().value());
                    }></textarea>
                {field_error("description")}
            </div>
            <div class="form-actions">
                <button type="submit" class="button primary save-settings" disabled=move || busy.get() || !dirty()>
                    {move || if busy.get() { "Saving…" } else { "Save" }}
                </button>
                <span class="save-status" role="status">{move || saved.get().then_some("Saved")}</span>
            </div>
            {move || general().map(|m| view! { <p class="action-error settings-error" role="alert">{m}</p> })}
        </form>
    }
}
