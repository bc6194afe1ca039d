//! `/journeys/new` and `/journeys/{id}/builder`: the journey builder.
//!
//! The page owns what is between the builder and the server: loading,
//! Save as Draft (with conflict handling), Publish, the local draft that
//! keeps unsaved changes in the browser, undo/redo keys and the warning
//! before leaving with unsaved changes.

use crate::api;
use crate::builder::canvas::Canvas;
use crate::builder::dialogs::DeleteDialog;
use crate::builder::leave_guard::LeaveGuard;
use crate::builder::panel::StepPanel;
use crate::builder::persist::{self, LocalDraft};
use crate::builder::schema::SchemaCtx;
use crate::builder::state::{BuilderState, Content, EditKey};
use crate::builder::warnings::{BuilderWarnings, PublishedWarnings};
use crate::pages::loading::with_journey;
use crate::pages::publish::{PublishDialog, PublishError, PublishFlow, PublishProblems};
use cairn_domain::step::StepId;
use cairn_domain::{Journey, Limits};
use leptos::ev;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;
use wasm_bindgen::JsCast;

/// The builder route: a new journey, or a stored one loaded by id.
#[component]
pub fn BuilderPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id"));
    move || match id.get() {
        None => view! { <BuilderView journey=None /> }.into_any(),
        Some(id) => view! { <LoadedBuilder id /> }.into_any(),
    }
}

/// Loads a journey, then shows the builder for it.
#[component]
fn LoadedBuilder(id: String) -> impl IntoView {
    let journey = LocalResource::new(move || {
        let id = id.clone();
        async move { api::get_journey(&id).await }
    });
    with_journey(journey, |j| {
        view! { <BuilderView journey=Some(j) /> }.into_any()
    })
}

/// Where a save or publish stands, for the status line.
#[derive(Debug, Clone, PartialEq)]
enum Busy {
    Idle,
    Saving,
    Publishing,
}

/// A save refused because someone else saved first.
#[derive(Debug, Clone, PartialEq)]
struct Conflict {
    theirs: Journey,
}

fn is_typing_target(e: &web_sys::KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|el| {
            let tag = el.tag_name().to_ascii_lowercase();
            tag == "input"
                || tag == "textarea"
                || tag == "select"
                || el.has_attribute("contenteditable")
        })
        .unwrap_or(false)
}

/// The builder for `journey` (`None`: a new, unsaved journey).
#[component]
pub fn BuilderView(journey: Option<Journey>) -> impl IntoView {
    let limits = Limits::default();
    let state = BuilderState::new(journey.as_ref(), limits);
    let navigate = use_navigate();
    // `?step=N` (a problem linked from the overview): select that step.
    let query = use_query_map();
    if let Some(step) = query
        .with_untracked(|q| q.get("step"))
        .and_then(|s| s.trim().parse::<u32>().ok())
        .map(StepId)
    {
        if state
            .content
            .with_untracked(|c| c.steps.get(step).is_some())
        {
            state.selected.set(Some(step));
        }
    }
    // What the condition builder suggests: the workspace's events and traits.
    let schema = SchemaCtx::new();
    provide_context(schema);
    schema.load();

    // A local draft with changes the server does not have: offer it first.
    let offer = RwSignal::new(
        persist::load(&persist::key(journey.as_ref().map(|j| j.id.as_str()))).filter(|d| {
            let server = journey.as_ref().map(Content::of).unwrap_or_default();
            d.spec != server.spec()
        }),
    );
    let stale_offer = {
        let version = journey.as_ref().map_or(0, |j| j.version);
        move || offer.with(|o| o.as_ref().is_some_and(|d| d.base_version != version))
    };

    // Keep unsaved changes in the browser (never while the offer is open).
    Effect::new(move |_| {
        let dirty = state.dirty.get();
        let content = state.content.get();
        if offer.with(Option::is_some) {
            return;
        }
        let key = persist::key(state.id.get_untracked().as_deref());
        if dirty {
            persist::store(
                &key,
                &LocalDraft {
                    base_version: state.version.get_untracked(),
                    saved_at_ms: persist::now_ms(),
                    spec: content.spec(),
                },
            );
        } else {
            persist::clear(&key);
        }
    });

    // Undo / redo from anywhere but a text field (which keeps its own undo).
    let keys = window_event_listener(ev::keydown, move |e| {
        if is_typing_target(&e) || !(e.ctrl_key() || e.meta_key()) || state.locked() {
            return;
        }
        match (e.key().to_ascii_lowercase().as_str(), e.shift_key()) {
            ("z", false) => {
                e.prevent_default();
                state.undo();
            }
            ("z", true) | ("y", false) => {
                e.prevent_default();
                state.redo();
            }
            _ => {}
        }
    });
    // Warn before the tab closes or reloads with unsaved changes.
    let unload = window_event_listener(ev::beforeunload, move |e| {
        if state.dirty.get_untracked() {
            e.prevent_default();
            e.set_return_value("You have unsaved changes.");
        }
    });
    // And before a link inside the app leaves the builder.
    let guard = StoredValue::new_local(Some(LeaveGuard::new(move || state.dirty.get_untracked())));
    on_cleanup(move || {
        keys.remove();
        unload.remove();
        guard.try_update_value(Option::take);
    });

    let busy = RwSignal::new(Busy::Idle);
    let flow = PublishFlow::new();
    let error = flow.error;
    let conflict = RwSignal::new(None::<Conflict>);
    let just_saved = RwSignal::new(false);
    let published_warnings = RwSignal::new(Vec::<cairn_domain::lint::Lint>::new());

    // Saves the content; `over` forces the version to write over (after a conflict).
    let save = move |over: Option<u64>| async move {
        let spec = state.content.get_untracked().spec();
        let was_new = state.id.get_untracked().is_none();
        let result = match state.id.get_untracked() {
            None => api::create_from_spec(&spec).await,
            Some(id) => {
                let version = over.unwrap_or_else(|| state.version.get_untracked());
                api::save_journey(&id, version, &spec).await
            }
        };
        match result {
            Ok(saved) => {
                state.mark_saved(&saved);
                if was_new {
                    persist::clear(&persist::key(None));
                }
                error.set(None);
                Ok((saved, was_new))
            }
            Err(e) => {
                if e.status() == Some(412) {
                    if let Some(id) = state.id.get_untracked() {
                        if let Ok(theirs) = api::get_journey(&id).await {
                            conflict.set(Some(Conflict { theirs }));
                        }
                    }
                }
                Err(e)
            }
        }
    };

    let save_action = Action::new_local(move |over: &Option<u64>| {
        let over = *over;
        let navigate = navigate.clone();
        async move {
            busy.set(Busy::Saving);
            let r = save(over).await;
            busy.set(Busy::Idle);
            match r {
                Ok((saved, was_new)) => {
                    just_saved.set(true);
                    if was_new {
                        navigate(
                            &format!("/journeys/{}/builder", saved.id),
                            NavigateOptions {
                                replace: true,
                                ..Default::default()
                            },
                        );
                    }
                }
                Err(e) if e.status() == Some(412) => {}
                Err(e) => error.set(Some(e)),
            }
        }
    });

    let publish_action = Action::new_local(move |_: &()| async move {
        busy.set(Busy::Publishing);
        let saved_ok = if state.dirty.get_untracked() || state.id.get_untracked().is_none() {
            save(None).await.is_ok()
        } else {
            true
        };
        let id = state.id.get_untracked();
        if let (true, Some(id)) = (saved_ok, id) {
            match api::publish_journey(&id).await {
                Ok(published) => {
                    state.mark_saved(&published.journey);
                    published_warnings.set(published.warnings);
                    flow.succeeded();
                }
                Err(e) => flow.refused(e),
            }
        }
        busy.set(Busy::Idle);
    });

    let on_publish = move |_| flow.start(state);

    let name_max = limits.journey_name_max;
    let on_name = move |ev: ev::Event| {
        let value: String = event_target_value(&ev).chars().take(name_max).collect();
        let _ = state.edit(Some(EditKey("journey.name".into())), |c| {
            c.name = value;
            Ok(())
        });
    };

    let status_line = move || match busy.get() {
        Busy::Saving => "Saving…".to_string(),
        Busy::Publishing => "Publishing…".to_string(),
        Busy::Idle if state.id.with(Option::is_none) => "Not saved yet".into(),
        Busy::Idle if state.dirty.get() => "Unsaved changes (kept in this browser)".into(),
        Busy::Idle if just_saved.get() => "All changes saved".into(),
        Busy::Idle => "No changes".into(),
    };

    let is_new = move || state.id.with(Option::is_none);
    let overview_href = move || {
        state
            .id
            .get()
            .map(|id| format!("/journeys/{id}"))
            .unwrap_or_default()
    };

    view! {
        <div class="builder" class:locked=move || state.locked()>
            <header class="builder-bar">
                <a class="back-link" href="/">"← Journeys"</a>
                <div class="journey-title">
                    <label class="visually-hidden" for="journey-name">"Journey name"</label>
                    <input
                        id="journey-name"
                        class="journey-name-input"
                        type="text"
                        maxlength=name_max
                        prop:value=move || state.content.with(|c| c.name.clone())
                        on:input=on_name
                        aria-describedby="journey-name-counter"
                    />
                    <span id="journey-name-counter" class="counter">
                        {move || format!("{}/{}", state.content.with(|c| c.name.chars().count()), name_max)}
                    </span>
                    <span class=move || if state.locked() { "badge badge-published" } else { "badge badge-draft" }>
                        {move || if state.locked() { "Published" } else { "Draft" }}
                    </span>
                </div>
                <div class="builder-tools">
                    <span
                        class="step-counter"
                        class=("at-limit", move || state.step_count() >= limits.steps_per_journey)
                        title="Counted as the product limits say: entry, waits for a condition, true/false splits and Send steps count 1; a multi-branch split counts its branches; waits for a duration do not count."
                    >
                        {move || format!("{} / {} steps", state.step_count(), limits.steps_per_journey)}
                    </span>
                    <button type="button" class="button icon" aria-label="Undo" title="Undo (Ctrl+Z)"
                        disabled=move || !state.can_undo.get() || state.locked()
                        on:click=move |_| state.undo()>"↶"</button>
                    <button type="button" class="button icon" aria-label="Redo" title="Redo (Ctrl+Shift+Z)"
                        disabled=move || !state.can_redo.get() || state.locked()
                        on:click=move |_| state.redo()>"↷"</button>
                    <Show when=move || !is_new()>
                        <a class="button" href=overview_href>"Overview"</a>
                    </Show>
                </div>
            </header>

            <Show when=move || state.locked()>
                <p class="locked-banner" role="note">
                    "This journey is published: its steps are locked. Its name, description and destinations can still change; clone it to change its steps."
                </p>
            </Show>

            <div class="builder-main">
                <div class="builder-canvas">
                    // Publishing locks the structure: the canvas is rebuilt read-only.
                    {move || {
                        let editable = !state.locked();
                        view! { <Canvas state editable /> }
                    }}
                </div>
                <StepPanel state />
            </div>

            <footer class="builder-actions">
                <span class="save-status" role="status">{status_line}</span>
                <PublishError flow />
                <Show when=move || !state.locked() fallback=move || view! {
                    // A published journey's name may still change (the server accepts it).
                    <button type="button" class="button save-name"
                        title="Saves the journey's name; its steps stay locked."
                        disabled=move || busy.get() != Busy::Idle || !state.dirty.get()
                        on:click=move |_| { save_action.dispatch(None); }>
                        "Save name"
                    </button>
                }>
                    <button type="button" class="button save-draft"
                        disabled=move || busy.get() != Busy::Idle || (!state.dirty.get() && !is_new())
                        on:click=move |_| { save_action.dispatch(None); }>
                        "Save as Draft"
                    </button>
                    <button type="button" class="button primary publish"
                        disabled=move || busy.get() != Busy::Idle
                        on:click=on_publish>
                        "Publish Journey"
                    </button>
                </Show>
            </footer>
            <BuilderWarnings state />
            <PublishedWarnings state warnings=published_warnings />

            <PublishProblems state flow />

            <PublishDialog state flow on_confirm=Callback::new(move |()| { publish_action.dispatch(()); }) />

            {move || conflict.get().map(|c| {
                let theirs = c.theirs.clone();
                let version = theirs.version;
                view! {
                    <div class="modal-backdrop">
                        <div class="modal conflict-dialog" role="alertdialog" aria-modal="true" aria-labelledby="conflict-heading">
                            <h2 id="conflict-heading">"This journey was changed elsewhere"</h2>
                            <p>{format!(
                                "You edited version {}; version {} was saved since (as “{}”). Choose which to keep.",
                                state.version.get_untracked(), version, theirs.name
                            )}</p>
                            <div class="modal-actions">
                                <button type="button" class="button conflict-reload" on:click=move |_| {
                                    state.load(&theirs);
                                    conflict.set(None);
                                }>"Reload their version (discard mine)"</button>
                                <button type="button" class="button primary conflict-overwrite" on:click=move |_| {
                                    conflict.set(None);
                                    save_action.dispatch(Some(version));
                                }>"Overwrite with mine"</button>
                            </div>
                        </div>
                    </div>
                }
            })}

            {move || offer.get().map(|d| {
                let when = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(d.saved_at_ms))
                    .to_locale_string("en-GB", &wasm_bindgen::JsValue::UNDEFINED);
                let spec = d.spec.clone();
                view! {
                    <div class="modal-backdrop">
                        <div class="modal restore-dialog" role="alertdialog" aria-modal="true" aria-labelledby="restore-heading">
                            <h2 id="restore-heading">"Unsaved changes found"</h2>
                            <p>{format!("This browser kept changes to this journey from {} that were not saved.", String::from(when))}</p>
                            <Show when=stale_offer>
                                <p class="warning">"The journey was saved elsewhere since; restoring and saving will ask which version to keep."</p>
                            </Show>
                            <div class="modal-actions">
                                <button type="button" class="button discard-local" on:click=move |_| {
                                    persist::clear(&persist::key(state.id.get_untracked().as_deref()));
                                    offer.set(None);
                                }>"Discard them"</button>
                                <button type="button" class="button primary restore-local" on:click=move |_| {
                                    let spec = spec.clone();
                                    let _ = state.edit(None, move |c| {
                                        c.name = spec.name;
                                        c.description = spec.description;
                                        c.steps = spec.steps;
                                        Ok(())
                                    });
                                    offer.set(None);
                                }>"Restore them"</button>
                            </div>
                        </div>
                    </div>
                }
            })}

            <DeleteDialog state />
        </div>
    }
}
