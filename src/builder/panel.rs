//! The side panel editing the selected step. (Being built.)

use super::state::BuilderState;
use leptos::prelude::*;

/// The side panel for the selected step.
#[component]
pub fn StepPanel(state: BuilderState) -> impl IntoView {
    let _ = state;
    view! { <aside class="step-panel"></aside> }
}
