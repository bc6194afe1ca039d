//! The publish flow shared by the builder and the overview: validation
//! first (the domain's problems, then the server's 422), each problem
//! linked to its step, the workspace limit explained on a 409
//! `published_limit_reached`, and the confirmation saying what publishing
//! means, with the best-practice warnings.

use crate::api::ApiError;
use crate::builder::state::BuilderState;
use crate::builder::warnings::PublishWarnings;
use cairn_domain::step::StepId;
use leptos::prelude::*;

/// The step a problem path (`steps.3.name`) points into.
pub fn step_of(path: &str) -> Option<StepId> {
    let rest = path.strip_prefix("steps.")?;
    let n: String = rest.chars().take_while(char::is_ascii_digit).collect();
    n.parse().ok().map(StepId)
}

/// The builder's URL of journey `id`, with `step` selected on load.
pub fn builder_href(id: &str, step: Option<StepId>) -> String {
    match step {
        Some(step) => format!("/journeys/{id}/builder?step={}", step.0),
        None => format!("/journeys/{id}/builder"),
    }
}

/// The explanation of a publish refused because the workspace already has
/// its limit of published journeys; `None` for any other error.
pub fn limit_explanation(e: &ApiError) -> Option<String> {
    if e.status() != Some(409) || e.code() != Some("published_limit_reached") {
        return None;
    }
    let context = e.context();
    let published = context["published"].as_u64();
    let limit = context["limit"].as_u64();
    let counts = match (published, limit) {
        (Some(p), Some(l)) => {
            format!(" The workspace has {p} published journeys; the limit is {l}.")
        }
        _ => String::new(),
    };
    Some(format!(
        "{e}{counts} Unpublish (delete) a published journey you no longer need, then publish this one."
    ))
}

/// One problem listed before publishing.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProblemRow {
    /// The step it is in (`None`: the journey itself).
    pub step: Option<StepId>,
    /// The step's title, "Journey" or "Server".
    pub title: String,
    /// What is wrong.
    pub message: String,
}

/// Where the publish flow stands. `Copy`: share it freely.
#[derive(Clone, Copy)]
pub struct PublishFlow {
    /// The confirmation dialog is open.
    pub confirming: RwSignal<bool>,
    /// The problem list is shown.
    pub show_problems: RwSignal<bool>,
    /// Problems the server listed in a 422 (step, message).
    pub server_problems: RwSignal<Vec<(Option<StepId>, String)>>,
    /// The last refusal of a publish (or a save in the builder).
    pub error: RwSignal<Option<ApiError>>,
    /// A publish is under way.
    pub busy: RwSignal<bool>,
}

impl Default for PublishFlow {
    fn default() -> Self {
        Self::new()
    }
}

impl PublishFlow {
    /// A flow at rest.
    pub fn new() -> PublishFlow {
        PublishFlow {
            confirming: RwSignal::new(false),
            show_problems: RwSignal::new(false),
            server_problems: RwSignal::new(Vec::new()),
            error: RwSignal::new(None),
            busy: RwSignal::new(false),
        }
    }

    /// "Publish Journey" pressed: the problems when there are any, the
    /// confirmation otherwise.
    pub fn start(&self, state: BuilderState) {
        self.server_problems.set(Vec::new());
        if state.problems.with_untracked(Vec::is_empty) {
            self.show_problems.set(false);
            self.confirming.set(true);
        } else {
            self.show_problems.set(true);
        }
    }

    /// Records a refused publish: its problems (shown) and the error.
    pub fn refused(&self, e: ApiError) {
        self.server_problems.set(
            e.issues()
                .iter()
                .map(|i| (step_of(&i.path), i.message.clone()))
                .collect(),
        );
        if !e.issues().is_empty() {
            self.show_problems.set(true);
        }
        self.error.set(Some(e));
    }

    /// Records a publish that went through.
    pub fn succeeded(&self) {
        self.error.set(None);
        self.show_problems.set(false);
        self.server_problems.set(Vec::new());
    }

    /// The problems to list: the content's, then the server's not already listed.
    pub fn rows(&self, state: BuilderState) -> Vec<ProblemRow> {
        let mut out: Vec<ProblemRow> = state.problems.with(|problems| {
            problems
                .iter()
                .map(|p| ProblemRow {
                    step: p.step,
                    title: p
                        .step
                        .and_then(|id| state.content.with(|c| c.steps.get(id).map(|s| s.title())))
                        .unwrap_or_else(|| "Journey".into()),
                    message: p.message.clone(),
                })
                .collect()
        });
        for (step, message) in self.server_problems.get() {
            if !out.iter().any(|r| r.step == step && r.message == message) {
                out.push(ProblemRow {
                    step,
                    title: "Server".into(),
                    message,
                });
            }
        }
        out
    }
}

/// The problems that block publishing, each linked to its step: a button
/// selecting it in the builder, or (with `builder_of`) a link opening the
/// builder of that journey with the step selected.
#[component]
pub fn PublishProblems(
    /// The journey.
    state: BuilderState,
    /// The flow.
    flow: PublishFlow,
    /// The journey id whose builder the links open (the overview); `None`
    /// in the builder itself.
    #[prop(optional, into)]
    builder_of: Option<String>,
) -> impl IntoView {
    let rows = move || flow.rows(state);
    let builder_of = StoredValue::new(builder_of);
    view! {
        <Show when=move || flow.show_problems.get()>
            <section class="publish-problems" aria-labelledby="problems-heading">
                <header>
                    <h2 id="problems-heading">
                        {move || format!("Fix {} problem(s) before publishing", rows().len())}
                    </h2>
                    <button type="button" class="button icon" aria-label="Close problems" on:click=move |_| flow.show_problems.set(false)>"×"</button>
                </header>
                <ul>
                    <For each=rows key=|p| p.clone() let:p>
                        {
                            let label = view! { <strong>{p.title.clone()}</strong>" — "{p.message.clone()} };
                            match builder_of.get_value() {
                                Some(id) => view! {
                                    <li><a class="problem-link" href=builder_href(&id, p.step)>{label}</a></li>
                                }.into_any(),
                                None => {
                                    let step = p.step;
                                    view! {
                                        <li>
                                            <button type="button" class="problem-link" on:click=move |_| {
                                                if let Some(step) = step { state.selected.set(Some(step)); }
                                            }>{label}</button>
                                        </li>
                                    }.into_any()
                                }
                            }
                        }
                    </For>
                </ul>
            </section>
        </Show>
    }
}

/// The last publish error (a version conflict excepted: it has its own
/// dialog), with the workspace limit explained.
#[component]
pub fn PublishError(
    /// The flow.
    flow: PublishFlow,
) -> impl IntoView {
    move || {
        flow.error.get().filter(|e| e.status() != Some(412)).map(|e| {
            let limit = limit_explanation(&e);
            let class = if limit.is_some() { "action-error publish-limit" } else { "action-error" };
            view! { <span class=class role="alert">{limit.unwrap_or_else(|| e.to_string())}</span> }
        })
    }
}

/// The confirmation: what publishing means, the best-practice warnings,
/// Cancel and Publish (`on_confirm`).
#[component]
pub fn PublishDialog(
    /// The journey.
    state: BuilderState,
    /// The flow.
    flow: PublishFlow,
    /// Called when "Publish" is pressed (the dialog closes first).
    on_confirm: Callback<()>,
    /// Called after a warning selected its step (the dialog closes first).
    #[prop(optional, into)]
    on_warning: Option<Callback<()>>,
) -> impl IntoView {
    let on_select = Callback::new(move |()| {
        flow.confirming.set(false);
        if let Some(cb) = on_warning {
            cb.run(());
        }
    });
    view! {
        <Show when=move || flow.confirming.get()>
            <div class="modal-backdrop">
                <div class="modal publish-dialog" role="dialog" aria-modal="true" aria-labelledby="publish-heading">
                    <h2 id="publish-heading">{move || format!("Publish “{}”?", state.content.with(|c| c.name.clone()))}</h2>
                    <p>"Publishing makes the journey live: users start entering and data will be sent to its connected destinations."</p>
                    <p>"Its steps become locked. Only the name, the description and the destinations of Send steps can change afterwards; to change steps you clone it."</p>
                    <PublishWarnings state on_select=on_select />
                    <div class="modal-actions">
                        <button type="button" class="button cancel-publish" on:click=move |_| flow.confirming.set(false)>"Cancel"</button>
                        <button type="button" class="button primary confirm-publish" on:click=move |_| {
                            flow.confirming.set(false);
                            on_confirm.run(());
                        }>"Publish"</button>
                    </div>
                </div>
            </div>
        </Show>
    }
}
