//! Modal questions of the builder. (Being built.)

use super::state::BuilderState;
use leptos::prelude::*;

/// Asks before removing the step in `state.pending_delete`, saying what else goes.
#[component]
pub fn DeleteDialog(state: BuilderState) -> impl IntoView {
    let _ = state;
}
