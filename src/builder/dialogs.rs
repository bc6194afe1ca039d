//! Modal questions of the builder.
//!
//! [`DeleteDialog`] states what a removal does before it happens, from
//! [`JourneyGraph::removal_impact`](cairn_domain::graph::JourneyGraph::removal_impact):
//! which steps go, which step moves up, and for a split, which branch stays.

use super::panel::branches::steps_word;
use super::state::BuilderState;
use cairn_domain::graph::{JourneyGraph, Removal, RemoveMode};
use cairn_domain::step::{Slot, StepId, StepType};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What kind of removal the step needs.
#[derive(Debug, Clone, PartialEq)]
enum Shape {
    /// The entry: everything goes.
    Entry,
    /// One path: the step goes, what followed moves up.
    OnePath,
    /// A split: keep one branch (by slot and label) or remove everything after.
    Split(Vec<(Slot, String)>),
}

fn shape_of(steps: &JourneyGraph, id: StepId) -> Option<Shape> {
    let step = steps.get(id)?;
    Some(match step.step_type() {
        StepType::EntryCondition => Shape::Entry,
        StepType::TrueFalseSplit | StepType::MultiBranchSplit => Shape::Split(
            step.slots()
                .into_iter()
                .map(|(slot, _)| (slot, step.slot_label(slot).unwrap_or_default().to_string()))
                .collect(),
        ),
        _ => Shape::OnePath,
    })
}

fn title_of(steps: &JourneyGraph, id: StepId) -> String {
    steps.get(id).map(|s| s.title()).unwrap_or_default()
}

/// The sentence stating what `removal` of step `id` does.
pub fn consequence(steps: &JourneyGraph, id: StepId, removal: &Removal) -> String {
    let title = title_of(steps, id);
    let is_entry = steps
        .get(id)
        .is_some_and(|s| s.step_type() == StepType::EntryCondition);
    let others = removal.removed.iter().filter(|r| **r != id).count();
    let mut out = match (is_entry, others) {
        (true, 0) => format!("Removes every step of the journey: {title} is its only step."),
        (true, n) => format!(
            "Removes every step of the journey: {title} and the {} after it.",
            steps_word(n)
        ),
        (false, 0) => format!("Removes {title}."),
        (false, n) => format!("Removes {title} and {} after it.", steps_word(n)),
    };
    if let Some(next) = removal.moved_up {
        out.push_str(&format!(" {} moves up.", title_of(steps, next)));
    }
    out
}

/// Asks before removing the step in `state.pending_delete`, saying what
/// else goes; for a split, which branch to keep. Escape or "Cancel" keeps
/// the step.
#[component]
pub fn DeleteDialog(state: BuilderState) -> impl IntoView {
    let target = Memo::new(move |_| {
        let id = state.pending_delete.get()?;
        state
            .content
            .with(|c| shape_of(&c.steps, id).map(|shape| (id, shape)))
    });
    move || {
        target
            .get()
            .map(|(id, shape)| dialog_body(state, id, shape))
    }
}

fn radio_value(mode: RemoveMode) -> String {
    match mode {
        RemoveMode::KeepBranch(Slot::True) => "keep-true".into(),
        RemoveMode::KeepBranch(Slot::False) => "keep-false".into(),
        RemoveMode::KeepBranch(Slot::Branch(i)) => format!("keep-branch-{i}"),
        RemoveMode::KeepBranch(Slot::Next) => "keep-next".into(),
        RemoveMode::WithDescendants => "everything".into(),
        RemoveMode::Splice => "splice".into(),
    }
}

fn dialog_body(state: BuilderState, id: StepId, shape: Shape) -> impl IntoView {
    let initial = match &shape {
        Shape::Entry => RemoveMode::WithDescendants,
        Shape::OnePath => RemoveMode::Splice,
        Shape::Split(slots) => slots.first().map_or(RemoveMode::WithDescendants, |(s, _)| {
            RemoveMode::KeepBranch(*s)
        }),
    };
    let mode = RwSignal::new(initial);
    let error = RwSignal::new(None::<String>);
    let impact = Memo::new(move |_| {
        let m = mode.get();
        state
            .content
            .with(|c| {
                c.steps
                    .removal_impact(id, m)
                    .map(|r| (consequence(&c.steps, id, &r), r))
            })
            .map_err(|e| e.to_string())
    });
    let removed_titles = move || {
        impact.with(|i| match i {
            Ok((_, r)) => state.content.with(|c| {
                r.removed
                    .iter()
                    .filter(|s| **s != id)
                    .map(|s| title_of(&c.steps, *s))
                    .collect::<Vec<_>>()
            }),
            Err(_) => Vec::new(),
        })
    };
    let title = state.content.with_untracked(|c| title_of(&c.steps, id));
    let locked = Signal::derive(move || state.locked());

    // Focus moves into the dialog when it opens, and back where it was when it closes.
    let previous = StoredValue::new_local(
        document()
            .active_element()
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()),
    );
    let dialog_ref = NodeRef::<leptos::html::Div>::new();
    let cancel_ref = NodeRef::<leptos::html::Button>::new();
    Effect::new(move || {
        if let Some(button) = cancel_ref.get() {
            let _ = button.focus();
        }
    });
    let restore_focus = move || {
        if let Some(Some(el)) = previous.try_get_value() {
            if el.is_connected() {
                let _ = el.focus();
            }
        }
    };
    let cancel = move || {
        restore_focus();
        state.pending_delete.set(None);
    };
    let confirm = move || {
        if locked.get_untracked() {
            return;
        }
        restore_focus();
        if let Err(e) = state.remove_step(id, mode.get_untracked()) {
            error.set(Some(e.to_string()));
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            ev.stop_propagation();
            cancel();
        }
        "Tab" => {
            if let Some(dialog) = dialog_ref.get_untracked() {
                trap_tab(&dialog, &ev);
            }
        }
        _ => {}
    };

    let choice = match shape {
        Shape::Split(slots) => {
            let options: Vec<(RemoveMode, String)> = slots
                .into_iter()
                .map(|(slot, label)| {
                    let keep = RemoveMode::KeepBranch(slot);
                    let moved = state.content.with_untracked(|c| {
                        c.steps
                            .removal_impact(id, keep)
                            .ok()
                            .and_then(|r| r.moved_up)
                            .map(|n| c.steps.descendants(n).len())
                            .unwrap_or(0)
                    });
                    let detail = if moved == 0 {
                        "it has no steps yet".to_string()
                    } else {
                        format!("its {} move up", steps_word(moved))
                    };
                    (keep, format!("Keep \u{201c}{label}\u{201d} ({detail})"))
                })
                .chain(std::iter::once((
                    RemoveMode::WithDescendants,
                    "Remove everything after it too".to_string(),
                )))
                .collect();
            Some(view! {
                <fieldset class="delete-choice">
                    <legend>"What happens to the steps after it?"</legend>
                    {options
                        .into_iter()
                        .map(|(m, label)| {
                            let value = radio_value(m);
                            view! {
                                <label class="radio">
                                    <input
                                        type="radio"
                                        name="delete-mode"
                                        value=value
                                        prop:checked=move || mode.get() == m
                                        on:change=move |_| mode.set(m)
                                    />
                                    {label}
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
            })
        }
        Shape::Entry | Shape::OnePath => None,
    };

    view! {
        <div class="modal-backdrop" on:click=move |ev: leptos::ev::MouseEvent| {
            // Only a click on the backdrop itself, not one bubbling from the dialog.
            if ev.target() == ev.current_target() {
                cancel();
            }
        }>
            <div
                class="delete-dialog"
                role="dialog"
                aria-modal="true"
                aria-labelledby="delete-dialog-title"
                aria-describedby="delete-consequence"
                node_ref=dialog_ref
                on:keydown=on_keydown
            >
                <h2 id="delete-dialog-title">{format!("Delete \u{201c}{title}\u{201d}?")}</h2>
                {choice}
                <p class="delete-consequence" id="delete-consequence">
                    {move || match impact.get() {
                        Ok((text, _)) => text,
                        Err(e) => e,
                    }}
                </p>
                {move || {
                    let titles = removed_titles();
                    (!titles.is_empty())
                        .then(|| {
                            view! {
                                <p class="removed-label" id="removed-steps-label">
                                    "Also removed:"
                                </p>
                                <ul class="removed-steps" aria-labelledby="removed-steps-label">
                                    {titles.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}
                                </ul>
                            }
                        })
                }}
                {move || {
                    locked
                        .get()
                        .then(|| {
                            view! {
                                <p class="locked-note">
                                    "This journey is published: its steps are locked. Clone it to change them."
                                </p>
                            }
                        })
                }}
                {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                <div class="dialog-actions">
                    <button
                        type="button"
                        class="button cancel-delete"
                        node_ref=cancel_ref
                        on:click=move |_| cancel()
                    >
                        "Cancel"
                    </button>
                    <button
                        type="button"
                        class="button danger confirm-delete"
                        disabled=move || locked.get() || impact.with(Result::is_err)
                        on:click=move |_| confirm()
                    >
                        "Delete"
                    </button>
                </div>
            </div>
        </div>
    }
}

/// Keeps Tab and Shift+Tab inside `dialog`.
fn trap_tab(dialog: &web_sys::HtmlDivElement, ev: &leptos::ev::KeyboardEvent) {
    let Ok(list) = dialog.query_selector_all("button:not([disabled]), input:not([disabled])")
    else {
        return;
    };
    let items: Vec<web_sys::HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .collect();
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        return;
    };
    let active = document().active_element();
    let is = |el: &web_sys::HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == el.unchecked_ref::<web_sys::Element>())
    };
    if ev.shift_key() && is(first) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && is(last) {
        ev.prevent_default();
        let _ = first.focus();
    }
}
