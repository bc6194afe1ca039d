//! The visual canvas. (Being built.)

use super::state::BuilderState;
use leptos::prelude::*;

/// The canvas of a journey; `editable` is false on the overview and for published journeys.
#[component]
pub fn Canvas(state: BuilderState, #[prop(optional)] editable: bool) -> impl IntoView {
    let _ = (state, editable);
    view! { <div class="canvas" role="application" aria-label="Journey canvas"></div> }
}
