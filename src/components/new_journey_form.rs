//! The inline "New journey" form: a name (required, counted against the
//! workspace limit) and an optional description.
//!
//! Presentational: it hands a [`NewJourney`] to `on_submit` and shows the
//! `error` its owner passes back, next to the field the server named.

use cairn_domain::Limits;
use leptos::html::Input;
use leptos::prelude::*;

use crate::api::{ApiError, NewJourney};
use crate::format::char_counter;
use crate::input::keep_within_limit;

/// The fields the form shows errors beside; server issues about any other
/// path are shown above the form.
const FIELDS: [&str; 2] = ["name", "description"];

/// The create form. Pressing "Create" with a blank name shows an error
/// without calling `on_submit`.
#[component]
pub fn NewJourneyForm(
    /// Called with the trimmed name and description when "Create" is pressed.
    #[prop(into)]
    on_submit: Callback<NewJourney>,
    /// Called when "Cancel" (or Escape) is pressed.
    #[prop(into)]
    on_cancel: Callback<()>,
    /// True while the create request is in flight: "Create" is disabled.
    #[prop(into, optional)]
    pending: Signal<bool>,
    /// The last failure of the create request, if any.
    #[prop(into, optional)]
    error: Signal<Option<ApiError>>,
    /// The most characters a name may have.
    #[prop(default = Limits::default().journey_name_max)]
    name_max: usize,
) -> impl IntoView {
    let (name, set_name) = signal(String::new());
    let (description, set_description) = signal(String::new());
    // A problem found before sending (a blank name).
    let (blank_name, set_blank_name) = signal(false);

    let name_ref = NodeRef::<Input>::new();
    Effect::new(move || {
        if let Some(input) = name_ref.get() {
            let _ = input.focus();
        }
    });

    let name_error = move || {
        if blank_name.get() {
            Some("Give the journey a name.".to_string())
        } else {
            error.with(|e| e.as_ref().and_then(|e| e.field_message("name")))
        }
    };
    let description_error =
        move || error.with(|e| e.as_ref().and_then(|e| e.field_message("description")));
    let general_error = move || {
        error.with(|e| match e {
            Some(e) if !e.concerns_any(&FIELDS) => Some(e.to_string()),
            _ => None,
        })
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let trimmed = name.with_untracked(|n| n.trim().to_string());
        if trimmed.is_empty() {
            set_blank_name.set(true);
            if let Some(input) = name_ref.get_untracked() {
                let _ = input.focus();
            }
            return;
        }
        on_submit.run(NewJourney {
            name: trimmed,
            description: description.with_untracked(|d| d.trim().to_string()),
        });
    };

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            on_cancel.run(());
        }
    };

    view! {
        <section
            class="new-journey"
            role="dialog"
            aria-modal="false"
            aria-labelledby="new-journey-title"
            on:keydown=on_keydown
        >
            <h2 id="new-journey-title">"New journey"</h2>
            {move || {
                general_error()
                    .map(|message| {
                        view! {
                            <p class="form-error" role="alert">
                                {message}
                            </p>
                        }
                    })
            }}
            <form on:submit=submit novalidate>
                <div class="field">
                    <div class="field-label">
                        <label for="journey-name">"Name"</label>
                        <span class="counter" id="journey-name-counter">
                            {move || char_counter(name.with(|n| n.chars().count()), name_max)}
                        </span>
                    </div>
                    <input
                        id="journey-name"
                        name="name"
                        type="text"
                        autocomplete="off"
                        required
                        node_ref=name_ref
                        aria-describedby="journey-name-counter journey-name-error"
                        aria-invalid=move || if name_error().is_some() { "true" } else { "false" }
                        prop:value=name
                        on:input:target=move |ev| {
                            set_name.set(keep_within_limit(&ev.target(), name_max));
                            set_blank_name.set(false);
                        }
                    />
                    <p class="field-error" id="journey-name-error" aria-live="polite">
                        {name_error}
                    </p>
                </div>
                <div class="field">
                    <div class="field-label">
                        <label for="journey-description">"Description"</label>
                        <span class="optional">"Optional"</span>
                    </div>
                    <textarea
                        id="journey-description"
                        name="description"
                        rows="3"
                        aria-describedby="journey-description-error"
                        prop:value=description
                        on:input:target=move |ev| set_description.set(ev.target().value())
                    ></textarea>
                    <p class="field-error" id="journey-description-error" aria-live="polite">
                        {description_error}
                    </p>
                </div>
                <div class="form-actions">
                    <button type="submit" class="button primary" disabled=pending>
                        {move || if pending.get() { "Creating…" } else { "Create" }}
                    </button>
                    <button type="button" class="button" on:click=move |_| on_cancel.run(())>
                        "Cancel"
                    </button>
                    // Or sketch the steps first and name the journey when saving.
                    <a class="form-alt-link" href="/journeys/new">
                        "Start in the builder instead"
                    </a>
                </div>
            </form>
        </section>
    }
}
