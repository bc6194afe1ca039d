//! The branches of a multi-branch split: each a name and a condition, added
//! within the step limit and removed down to two, asking first when steps
//! would go with a branch.

use super::condition_editor::{CondLoc, ConditionEditor};
use super::fields::{limited_text, with_locked_note, LimitedText, StepCtx, LOCKED_REASON};
use cairn_domain::step::{Step, StepId};
use leptos::prelude::*;

/// The fewest branches a multi-branch split keeps.
const MIN_BRANCHES: usize = 2;

/// A branch removal awaiting confirmation: which branch, and the titles of
/// the steps that would go with it.
#[derive(Debug, Clone, PartialEq)]
struct PendingRemoval {
    index: usize,
    name: String,
    steps: Vec<String>,
}

fn titles(ctx: StepCtx, ids: &[StepId]) -> Vec<String> {
    ctx.state.content.with_untracked(|c| {
        ids.iter()
            .filter_map(|id| c.steps.get(*id).map(Step::title))
            .collect()
    })
}

/// "1 step" / "3 steps".
pub fn steps_word(n: usize) -> String {
    if n == 1 {
        "1 step".into()
    } else {
        format!("{n} steps")
    }
}

/// Every branch editor of the split, and the button adding one.
pub fn branches_section(ctx: StepCtx) -> impl IntoView {
    let state = ctx.state;
    let id = ctx.id;
    let locked = ctx.locked;
    let count = Memo::new(move |_| {
        ctx.read(|s| match s {
            Step::MultiBranchSplit { branches, .. } => branches.len(),
            _ => 0,
        })
        .unwrap_or(0)
    });
    let pending = RwSignal::new(None::<PendingRemoval>);
    let limit = state.limits.get_value().steps_per_journey;
    let at_limit = Memo::new(move |_| state.step_count() >= limit);
    let at_min = Memo::new(move |_| count.get() <= MIN_BRANCHES);

    let remove = move |index: usize| {
        let impact = state
            .content
            .with_untracked(|c| c.steps.branch_removal_impact(id, index));
        match impact {
            Ok(removal) if removal.removed.is_empty() => {
                let _ = state.edit(None, |c| c.steps.remove_branch(id, index));
            }
            Ok(removal) => {
                let name = ctx
                    .step
                    .with_untracked(|s| {
                        s.as_ref().and_then(|s| {
                            s.slot_label(cairn_domain::Slot::Branch(index))
                                .map(str::to_string)
                        })
                    })
                    .unwrap_or_default();
                pending.set(Some(PendingRemoval {
                    index,
                    name,
                    steps: titles(ctx, &removal.removed),
                }));
            }
            Err(e) => leptos::logging::warn!("branch {index} of step {id} not removed: {e}"),
        }
    };
    let confirm = move || {
        if let Some(p) = pending.get_untracked() {
            if let Err(e) = state.edit(None, |c| c.steps.remove_branch(id, p.index)) {
                leptos::logging::warn!("branch {} of step {id} not removed: {e}", p.index);
            }
        }
        pending.set(None);
    };
    let add = move || {
        let n = count.get_untracked() + 1;
        let limits = state.limits.get_value();
        if let Err(e) = state.edit(None, |c| {
            c.steps.add_branch(id, format!("Branch {n}"), &limits)
        }) {
            leptos::logging::warn!("no branch added to step {id}: {e}");
        }
    };

    let branch = move |i: usize| {
        let confirming =
            Memo::new(move |_| pending.with(|p| p.as_ref().filter(|p| p.index == i).cloned()));
        let label = format!("Branch {} name", i + 1);
        view! {
            <div class="branch-editor" role="group" aria-label=format!("Branch {}", i + 1)>
                {limited_text(
                    ctx,
                    LimitedText {
                        input_id: format!("branch-name-{i}"),
                        class: "branch-name",
                        label,
                        field: format!("branches[{i}].name"),
                        placeholder: "Branch name",
                        get: move |s: &Step| s.slot_label(cairn_domain::Slot::Branch(i)).map(str::to_string),
                        set: move |s: &mut Step, v: String| {
                            if let Step::MultiBranchSplit { branches, .. } = s {
                                if let Some(b) = branches.get_mut(i) {
                                    b.name = v;
                                }
                            }
                        },
                    },
                )}
                <p class="section-hint">"Users who meet this condition go down this branch."</p>
                <ConditionEditor ctx=ctx loc=CondLoc::Branch(i) />
                <div class="branch-actions">
                    <button
                        type="button"
                        class="remove-branch link-button danger"
                        disabled=move || locked.get() || at_min.get()
                        aria-describedby=move || with_locked_note(locked.get(), at_min.get().then(|| "remove-branch-reason".to_string()))
                        title=move || if locked.get() { Some(LOCKED_REASON) } else { at_min.get().then_some("A multi-branch split keeps at least 2 branches.") }
                        on:click=move |_| remove(i)
                    >
                        "Remove branch"
                    </button>
                </div>
                {move || {
                    confirming
                        .get()
                        .map(|p| {
                            let n = p.steps.len();
                            view! {
                                <div
                                    class="confirm-remove-branch-box"
                                    role="alertdialog"
                                    aria-label="Remove this branch?"
                                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                                        if ev.key() == "Escape" {
                                            ev.prevent_default();
                                            ev.stop_propagation();
                                            pending.set(None);
                                        }
                                    }
                                >
                                    <p class="confirm-text">
                                        {format!(
                                            "Removing \u{201c}{}\u{201d} also removes the {} after it: {}.",
                                            p.name,
                                            steps_word(n),
                                            p.steps.join(", "),
                                        )}
                                    </p>
                                    <div class="confirm-actions">
                                        <button
                                            type="button"
                                            class="button danger confirm-remove-branch"
                                            on:click=move |_| confirm()
                                        >
                                            {format!("Remove branch and {}", steps_word(n))}
                                        </button>
                                        <button
                                            type="button"
                                            class="button cancel-remove-branch"
                                            on:click=move |_| pending.set(None)
                                        >
                                            "Keep it"
                                        </button>
                                    </div>
                                </div>
                            }
                        })
                }}
            </div>
        }
    };

    view! {
        <section class="panel-section branches" aria-labelledby="branches-title">
            <h3 class="section-title" id="branches-title">
                "Branches"
            </h3>
            <p class="section-hint">
                "Users go down every branch whose condition they meet."
            </p>
            <For each=move || 0..count.get() key=|i| *i children=branch />
            <div class="branches-footer">
                <button
                    type="button"
                    class="button add-branch"
                    disabled=move || locked.get() || at_limit.get()
                    title=move || locked.get().then_some(LOCKED_REASON)
                    aria-describedby=move || with_locked_note(locked.get(), at_limit.get().then(|| "add-branch-reason".to_string()))
                    on:click=move |_| add()
                >
                    "+ Add branch"
                </button>
                {move || {
                    at_limit
                        .get()
                        .then(|| {
                            view! {
                                <p class="hint limit-reason" id="add-branch-reason">
                                    {format!(
                                        "The journey has reached its limit of {limit} steps; each branch counts as one step.",
                                    )}
                                </p>
                            }
                        })
                }}
                {move || {
                    at_min
                        .get()
                        .then(|| {
                            view! {
                                <p class="hint limit-reason" id="remove-branch-reason">
                                    "A multi-branch split keeps at least 2 branches."
                                </p>
                            }
                        })
                }}
            </div>
        </section>
    }
}
