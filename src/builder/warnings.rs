//! Best-practice warnings in the builder: the seeds' lints
//! ([`cairn_domain::lint`]) on the content being edited, shown in amber as
//! warnings (never blocking), each selecting its step.

use super::state::BuilderState;
use cairn_domain::lint::{lints, not_reviewed_as_draft, Lint};
use leptos::prelude::*;

/// The content's lints (time windows, overlapping branches), recomputed when
/// the steps change.
pub fn content_lints(state: BuilderState) -> Memo<Vec<Lint>> {
    Memo::new(move |_| state.content.with(|c| lints(&c.steps)))
}

/// The content's lints plus, when the content is not the stored draft
/// (never saved, or unsaved changes), the "review it as a draft" warning:
/// what the publish confirmation lists.
pub fn publish_lints(state: BuilderState) -> Vec<Lint> {
    let mut out = state.content.with(|c| lints(&c.steps));
    let publishing = state.content.with(|c| c.spec());
    let saved = state
        .id
        .with(Option::is_some)
        .then(|| state.saved.with(|s| s.spec()));
    if let Some(l) = not_reviewed_as_draft(saved.as_ref(), &publishing) {
        out.insert(0, l);
    }
    out
}

/// A list of warnings, each a button selecting its step (when it has one).
#[component]
pub fn WarningList(
    /// The builder (a warning's step gets selected).
    state: BuilderState,
    /// The warnings to list.
    #[prop(into)]
    warnings: Signal<Vec<Lint>>,
    /// Called after a warning selected its step (a dialog closes itself).
    #[prop(into, default = Callback::new(|()| {}))]
    on_select: Callback<()>,
) -> impl IntoView {
    let rows = move || {
        warnings.with(|all| {
            all.iter()
                .map(|l| {
                    let title = l
                        .step
                        .and_then(|id| state.content.with(|c| c.steps.get(id).map(|s| s.title())))
                        .unwrap_or_else(|| "Journey".into());
                    (l.clone(), title)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <ul class="warning-list">
            <For each=rows key=|(l, title)| (l.path.clone(), l.message.clone(), title.clone()) let:row>
                {
                    let (lint, title) = row;
                    let step = lint.step;
                    view! {
                        <li data-code=format!("{:?}", lint.code)>
                            <button type="button" class="warning-link" data-step-id=step.map(|s| s.0)
                                on:click=move |_| {
                                    if let Some(step) = step {
                                        state.selected.set(Some(step));
                                        on_select.run(());
                                    }
                                }>
                                <span class="warning-tag">"Warning"</span>
                                " "
                                <strong>{title}</strong>
                                " — "
                                {lint.message.clone()}
                            </button>
                        </li>
                    }
                }
            </For>
        </ul>
    }
}

/// The builder's warnings near the Publish button: a collapsed amber
/// "N warning(s)" section listing the content's lints (nothing when none).
#[component]
pub fn BuilderWarnings(
    /// The builder.
    state: BuilderState,
) -> impl IntoView {
    let warnings = content_lints(state);
    let count = move || warnings.with(Vec::len);
    view! {
        <Show when=move || count() != 0>
            <details class="builder-warnings">
                <summary>
                    {move || match count() {
                        1 => "1 best-practice warning".to_string(),
                        n => format!("{n} best-practice warnings"),
                    }}
                </summary>
                <p class="warnings-hint">"Warnings never block saving or publishing; consider them first."</p>
                <WarningList state warnings=warnings />
            </details>
        </Show>
    }
}

/// The warnings in the publish confirmation, or nothing when there are none.
#[component]
pub fn PublishWarnings(
    /// The builder.
    state: BuilderState,
    /// Called after a warning selected its step (the confirmation closes).
    #[prop(into, default = Callback::new(|()| {}))]
    on_select: Callback<()>,
) -> impl IntoView {
    let warnings = Memo::new(move |_| publish_lints(state));
    view! {
        <Show when=move || warnings.with(|w| !w.is_empty())>
            <section class="publish-warnings" aria-labelledby="publish-warnings-heading">
                <h3 id="publish-warnings-heading">
                    {move || format!("Warning: {} best practice(s) to consider", warnings.with(Vec::len))}
                </h3>
                <WarningList state warnings=warnings on_select=on_select />
            </section>
        </Show>
    }
}

/// The warnings the server returned with a publish (nothing when none).
#[component]
pub fn PublishedWarnings(
    /// The builder.
    state: BuilderState,
    /// The warnings of the last publish.
    warnings: RwSignal<Vec<Lint>>,
) -> impl IntoView {
    view! {
        <Show when=move || warnings.with(|w| !w.is_empty())>
            <section class="publish-warnings published-warnings" role="status" aria-labelledby="published-warnings-heading">
                <header>
                    <h2 id="published-warnings-heading">"Published, with warnings"</h2>
                    <button type="button" class="button icon" aria-label="Close warnings" on:click=move |_| warnings.set(Vec::new())>"×"</button>
                </header>
                <WarningList state warnings=warnings />
            </section>
        </Show>
    }
}
