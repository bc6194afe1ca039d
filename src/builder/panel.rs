//! The side panel editing the selected step: its name, its definition
//! (conditions, duration, branches, key and destinations) and the button
//! that asks to delete it.
//!
//! Every edit applies at once through [`BuilderState::update_step`] (or
//! [`BuilderState::edit`] for branches), so the canvas follows live and
//! undo / redo work per field. Problems from `state.problems` show beside
//! the field their path names.
//!
//! - [`fields`]: the step being edited, problems beside fields, name inputs.
//! - [`condition_editor`]: the recursive condition builder.
//! - [`branches`]: the branches of a multi-branch split.
//! - [`send`]: a Send step's destinations; [`tester`]: the event tester.

pub mod branches;
pub mod condition_editor;
pub mod estimate;
pub mod fields;
pub mod send;
pub mod step_counts;
pub mod tester;

use self::branches::branches_section;
use self::condition_editor::{parse_unit, unit_name, CondLoc, ConditionEditor};
use self::estimate::EntryEstimate;
use self::fields::{
    described_by, field_error, invalid, limited_text, parse_count, with_locked_note, LimitedText,
    StepCtx, AUDIENCE_LIST, LOCKED_NOTE_ID, LOCKED_REASON,
};
use super::schema::SuggestionLists;
use super::state::BuilderState;
use crate::clipboard::{copy_text, CopyState};
use cairn_domain::condition::TimeUnit;
use cairn_domain::step::{NamedBranch, Step, StepId, StepType};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The SVG path of each step type's icon (24×24, stroked).
fn icon_path(ty: StepType) -> &'static str {
    match ty {
        StepType::EntryCondition => "M4 12h11M11 7l5 5-5 5M20 4v16",
        StepType::WaitForCondition => {
            "M6 3h12M6 21h12M7 3v2a5 5 0 0 0 10 0V3M7 21v-2a5 5 0 0 1 10 0v2"
        }
        StepType::WaitForDuration => "M21 12a9 9 0 1 1-18 0a9 9 0 1 1 18 0M12 7v5l3 2",
        StepType::TrueFalseSplit => "M12 21v-8M12 13 6 4M12 13l6-9",
        StepType::MultiBranchSplit => "M12 21v-8M12 13 5 5M12 13V3M12 13l7-8",
        StepType::SendToDestinations => "M22 2 11 13M22 2l-7 20-4-9-9-4z",
    }
}

/// The icon of a step type: a stroked SVG in the current colour (the canvas
/// may use it too).
pub fn step_icon(ty: StepType) -> impl IntoView {
    view! {
        <svg
            class="step-icon-svg"
            viewBox="0 0 24 24"
            width="20"
            height="20"
            fill="none"
            stroke="currentColor"
            stroke-width="2"
            stroke-linecap="round"
            stroke-linejoin="round"
            aria-hidden="true"
            focusable="false"
        >
            <path d=icon_path(ty) />
        </svg>
    }
}

/// A stable slug of a step type, for CSS (`data-type`).
pub fn step_type_slug(ty: StepType) -> &'static str {
    match ty {
        StepType::EntryCondition => "entry",
        StepType::WaitForCondition => "wait-condition",
        StepType::WaitForDuration => "wait-duration",
        StepType::TrueFalseSplit => "true-false",
        StepType::MultiBranchSplit => "multi-branch",
        StepType::SendToDestinations => "send",
    }
}

/// The side panel for the selected step (nothing while no step is selected).
#[component]
pub fn StepPanel(state: BuilderState) -> impl IntoView {
    // Re-built only when another step (or type) is selected: edits update
    // the fields in place, so typing keeps focus.
    let current = Memo::new(move |_| {
        let id = state.selected.get()?;
        state
            .content
            .with(|c| c.steps.get(id).map(|s| (id, s.step_type())))
    });
    move || current.get().map(|(id, ty)| panel_body(state, id, ty))
}

fn panel_body(state: BuilderState, id: StepId, ty: StepType) -> impl IntoView {
    let step = Memo::new(move |_| state.content.with(|c| c.steps.get(id).cloned()));
    let locked = Signal::derive(move || state.locked());
    let ctx = StepCtx {
        state,
        id,
        step,
        locked,
    };
    let close = move || state.selected.set(None);
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && !ev.default_prevented() {
            ev.prevent_default();
            close();
        }
    };
    let body = match ty {
        StepType::EntryCondition => view! {
            {name_field(ctx)}
            <EntryEstimate ctx=ctx />
            <section class="panel-section" aria-labelledby="condition-title">
                <h3 class="section-title" id="condition-title">
                    "Who enters"
                </h3>
                <ConditionEditor ctx=ctx loc=CondLoc::Main />
            </section>
            {historical_field(ctx)}
        }
        .into_any(),
        StepType::WaitForCondition => view! {
            {name_field(ctx)}
            <section class="panel-section" aria-labelledby="condition-title">
                <h3 class="section-title" id="condition-title">
                    "Wait until"
                </h3>
                <p class="section-hint">"Users stay at this step until they meet the condition."</p>
                <ConditionEditor ctx=ctx loc=CondLoc::Main />
            </section>
        }
        .into_any(),
        StepType::WaitForDuration => duration_fields(ctx).into_any(),
        StepType::TrueFalseSplit => view! {
            {name_field(ctx)}
            <section class="panel-section" aria-labelledby="condition-title">
                <h3 class="section-title" id="condition-title">
                    "Condition"
                </h3>
                <p class="section-hint">
                    "Users who meet it go down the true branch; the others, the false branch."
                </p>
                <ConditionEditor ctx=ctx loc=CondLoc::Main />
            </section>
            <section class="panel-section" aria-labelledby="branch-names-title">
                <h3 class="section-title" id="branch-names-title">
                    "Branch names"
                </h3>
                {true_false_name(ctx, true)}
                {true_false_name(ctx, false)}
            </section>
        }
        .into_any(),
        StepType::MultiBranchSplit => view! {
            {name_field(ctx)}
            {branches_section(ctx)}
            {field_error(state, move || ctx.path("branches"))}
        }
        .into_any(),
        StepType::SendToDestinations => view! {
            {name_field(ctx)}
            {key_field(ctx)}
            {send::destinations_section(ctx)}
        }
        .into_any(),
    };
    view! {
        <aside class="step-panel" aria-label="Edit step" data-type=step_type_slug(ty) on:keydown=on_keydown>
            <header class="panel-header">
                <span class="step-icon" aria-hidden="true">
                    {step_icon(ty)}
                </span>
                <div class="panel-heading">
                    <h2 class="panel-title">{ty.label()}</h2>
                    <p class="panel-subtitle">{ty.description()}</p>
                </div>
                <button
                    type="button"
                    class="close-panel icon-button"
                    aria-label="Close panel"
                    title="Close (Esc)"
                    on:click=move |_| close()
                >
                    "✕"
                </button>
            </header>
            <div class="panel-body">
                {move || {
                    locked
                        .get()
                        .then(|| {
                            view! {
                                <p class="locked-note" id=LOCKED_NOTE_ID role="note">
                                    {LOCKED_REASON}
                                </p>
                            }
                        })
                }}
                {body}
                {move || (ty != StepType::EntryCondition || locked.get()).then(|| view! { <step_counts::StepCounts ctx /> })}
            </div>
            <footer class="panel-footer">
                <button
                    type="button"
                    class="button danger-outline delete-step"
                    disabled=locked
                    title=move || locked.get().then_some(LOCKED_REASON)
                    aria-describedby=move || locked.get().then_some(LOCKED_NOTE_ID)
                    on:click=move |_| state.pending_delete.set(Some(id))
                >
                    "Delete step"
                </button>
            </footer>
            <SuggestionLists />
            <datalist id=AUDIENCE_LIST></datalist>
        </aside>
    }
}

fn name_field(ctx: StepCtx) -> impl IntoView {
    limited_text(
        ctx,
        LimitedText {
            input_id: "step-name".into(),
            class: "step-name",
            label: "Name".into(),
            field: "name".into(),
            placeholder: "Name this step",
            get: |s: &Step| s.name().map(str::to_string),
            set: |s: &mut Step, v: String| match s {
                Step::EntryCondition { name, .. }
                | Step::WaitForCondition { name, .. }
                | Step::TrueFalseSplit { name, .. }
                | Step::MultiBranchSplit { name, .. }
                | Step::SendToDestinations { name, .. } => *name = v,
                Step::WaitForDuration { .. } => {}
            },
        },
    )
}

fn historical_field(ctx: StepCtx) -> impl IntoView {
    let on = Memo::new(move |_| {
        ctx.read(|s| {
            matches!(
                s,
                Step::EntryCondition {
                    use_historical_data: true,
                    ..
                }
            )
        })
        .unwrap_or(false)
    });
    view! {
        <div class="field check-field">
            <label class="check" for="use-historical-data">
                <input
                    type="checkbox"
                    id="use-historical-data"
                    aria-describedby=move || with_locked_note(ctx.locked.get(), Some("use-historical-data-hint".to_string()))
                    disabled=ctx.locked
                    title=move || ctx.locked.get().then_some(LOCKED_REASON)
                    prop:checked=on
                    on:change:target=move |ev| {
                        let checked = ev.target().checked();
                        ctx.edit(
                            "use_historical_data",
                            move |s| {
                                if let Step::EntryCondition { use_historical_data, .. } = s {
                                    *use_historical_data = checked;
                                }
                            },
                        );
                    }
                />
                "Use historical data"
            </label>
            <p class="hint" id="use-historical-data-hint">
                {move || {
                    if on.get() {
                        "Users who already matched before the journey is published enter too."
                    } else {
                        "Only users who match from the moment the journey is published enter."
                    }
                }}
            </p>
        </div>
    }
}

fn duration_fields(ctx: StepCtx) -> impl IntoView {
    let state = ctx.state;
    let duration = Memo::new(move |_| {
        ctx.read(|s| match s {
            Step::WaitForDuration { duration, .. } => Some(*duration),
            _ => None,
        })
        .flatten()
    });
    let amount = Memo::new(move |_| duration.get().map_or(1, |d| d.amount));
    let unit = Memo::new(move |_| duration.get().map_or(TimeUnit::Days, |d| d.unit));
    let path = ctx.path("duration.amount");
    let (p1, p2, p3) = (path.clone(), path.clone(), path);
    view! {
        <section class="panel-section" aria-labelledby="duration-title">
            <h3 class="section-title" id="duration-title">
                "Wait for"
            </h3>
            <p class="section-hint">"Users stay at this step this long, then move on."</p>
            <div class="field">
                <div class="inline-fields">
                    <input
                        type="number"
                        id="duration-amount"
                        min="1"
                        step="1"
                        inputmode="numeric"
                        aria-label="Amount"
                        disabled=ctx.locked
                        title=move || ctx.locked.get().then_some(LOCKED_REASON)
                        prop:value=move || amount.get().to_string()
                        aria-invalid=move || invalid(state, &p1)
                        aria-describedby=move || described_by(state, &p2, "")
                        on:input:target=move |ev| {
                            if let Some(n) = parse_count(&ev.target().value()) {
                                ctx.edit(
                                    "duration.amount",
                                    move |s| {
                                        if let Step::WaitForDuration { duration, .. } = s {
                                            duration.amount = n;
                                        }
                                    },
                                );
                            }
                        }
                        on:change:target=move |ev| {
                            let shown = amount.get_untracked().to_string();
                            let input = ev.target();
                            if input.value() != shown {
                                input.set_value(&shown);
                            }
                        }
                    />
                    <select
                        id="duration-unit"
                        aria-label="Unit"
                        disabled=ctx.locked
                        title=move || ctx.locked.get().then_some(LOCKED_REASON)
                        aria-describedby=move || ctx.locked.get().then_some(LOCKED_NOTE_ID)
                        on:change:target=move |ev| {
                            if let Some(u) = parse_unit(&ev.target().value()) {
                                ctx.edit(
                                    "duration.unit",
                                    move |s| {
                                        if let Step::WaitForDuration { duration, .. } = s {
                                            duration.unit = u;
                                        }
                                    },
                                );
                            }
                        }
                    >
                        {TimeUnit::ALL
                            .into_iter()
                            .map(|u| {
                                view! {
                                    <option value=unit_name(u) prop:selected=move || unit.get() == u>
                                        {unit_name(u)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                {field_error(state, move || p3.clone())}
            </div>
        </section>
    }
}

fn true_false_name(ctx: StepCtx, which: bool) -> impl IntoView {
    fn branch(s: &mut Step, which: bool) -> Option<&mut NamedBranch> {
        match s {
            Step::TrueFalseSplit {
                true_branch,
                false_branch,
                ..
            } => Some(if which { true_branch } else { false_branch }),
            _ => None,
        }
    }
    let (input_id, label, field) = if which {
        ("true-branch-name", "True branch name", "true_branch.name")
    } else {
        (
            "false-branch-name",
            "False branch name",
            "false_branch.name",
        )
    };
    limited_text(
        ctx,
        LimitedText {
            input_id: input_id.into(),
            class: "branch-name",
            label: label.into(),
            field: field.into(),
            placeholder: if which { "True" } else { "False" },
            get: move |s: &Step| {
                let mut s = s.clone();
                branch(&mut s, which).map(|b| b.name.clone())
            },
            set: move |s: &mut Step, v: String| {
                if let Some(b) = branch(s, which) {
                    b.name = v;
                }
            },
        },
    )
}

fn key_field(ctx: StepCtx) -> impl IntoView {
    let state = ctx.state;
    let id = ctx.id;
    let key = Memo::new(move |_| {
        ctx.read(|s| s.key().map(|k| k.as_str().to_string()))
            .flatten()
            .unwrap_or_default()
    });
    let stored = Memo::new(move |_| state.saved.with(|s| s.steps.get(id).is_some()));
    let copy = RwSignal::new(CopyState::Idle);
    let key_input = NodeRef::<leptos::html::Input>::new();
    let on_copy = move |_| {
        let text = key.get_untracked();
        leptos::task::spawn_local(async move {
            if copy_text(text).await {
                copy.try_set(CopyState::Copied);
                set_timeout(
                    move || {
                        copy.try_set(CopyState::Idle);
                    },
                    std::time::Duration::from_secs(2),
                );
            } else {
                // No Clipboard API (an insecure page) or refused: select the key for Ctrl+C.
                copy.try_set(CopyState::Failed);
                if let Some(input) = key_input.try_get_untracked().flatten() {
                    input.select();
                }
            }
        });
    };
    let note = move || {
        if stored.get() {
            "Generated from the step name when the journey was first saved, and fixed since: destinations keep receiving the same key."
        } else {
            "Generated from the step name; it is fixed once the journey is saved."
        }
    };
    let path = ctx.path("key");
    let (p1, p2, p3) = (path.clone(), path.clone(), path);
    view! {
        <div class="field key-field">
            <div class="field-label">
                <label for="step-key">"Key"</label>
            </div>
            <div class="key-row">
                <input
                    type="text"
                    id="step-key"
                    readonly
                    node_ref=key_input
                    prop:value=key
                    aria-describedby=move || described_by(state, &p1, "step-key-note")
                    aria-invalid=move || invalid(state, &p2)
                    on:focus:target=move |ev| ev.target().select()
                />
                <button type="button" class="button copy-key" on:click=on_copy>
                    {move || if copy.get() == CopyState::Copied { "Copied" } else { "Copy" }}
                </button>
            </div>
            <p class="copy-status" role="status">
                {move || {
                    (copy.get() == CopyState::Failed)
                        .then_some("Could not copy: the key is selected, press Ctrl+C (⌘C) to copy it.")
                }}
            </p>
            <p class="hint" id="step-key-note">
                {note}
            </p>
            {field_error(state, move || p3.clone())}
        </div>
    }
}

/// Focus helper for callers: focuses the first field of the open panel.
pub fn focus_first_field() {
    let first = document()
        .query_selector(".step-panel input:not([disabled]), .step-panel select:not([disabled])")
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = first {
        let _ = el.focus();
    }
}
