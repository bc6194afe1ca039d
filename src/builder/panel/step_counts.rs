//! How many users are at a step: never a made-up number. A draft computes
//! nothing; a published journey's counts come from running it, which Cairn
//! does not do yet.

use super::fields::StepCtx;
use leptos::prelude::*;

/// The count line of a step's panel (the entry step of a draft shows its
/// estimate instead).
#[component]
pub fn StepCounts(
    /// The step being edited.
    ctx: StepCtx,
) -> impl IntoView {
    view! {
        <section class="panel-section step-counts" aria-label="Users at this step">
            <p class="section-hint step-count-note">
                {move || {
                    if ctx.locked.get() {
                        "Users at this step: not yet computed (journeys do not run yet)"
                    } else {
                        "Counts are computed after publishing."
                    }
                }}
            </p>
        </section>
    }
}
