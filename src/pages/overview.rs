//! `/journeys/{id}`: the overview, a read-only canvas of the journey with
//! every step's full definition, its status, name, description and settings.

use crate::api;
use crate::builder::canvas::Canvas;
use crate::builder::details::definition_named;
use crate::builder::state::BuilderState;
use crate::pages::edit_destinations::EditDestinations;
use crate::pages::journey_actions::JourneyMenu;
use crate::pages::journey_settings::JourneySettingsForm;
use crate::pages::loading::with_journey;
use crate::pages::publish::{
    builder_href, PublishDialog, PublishError, PublishFlow, PublishProblems,
};
use cairn_domain::step::{StepId, StepType};
use cairn_domain::{Journey, Limits, Status};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

/// Loads the journey named in the URL and shows its overview.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let params = use_params_map();
    let journey = LocalResource::new(move || {
        let id = params.read().get("id").unwrap_or_default();
        async move { api::get_journey(&id).await }
    });
    with_journey(journey, |j| view! { <Overview journey=j /> }.into_any())
}

/// Which tab of the overview is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Canvas,
    Steps,
    Settings,
}

/// The overview of one journey (read-only).
#[component]
pub fn Overview(journey: Journey) -> impl IntoView {
    let limits = Limits::default();
    let state = BuilderState::new(Some(&journey), limits);
    let tab = RwSignal::new(Tab::Canvas);
    // The journey as stored now: publishing, Settings and "Edit
    // Destinations" save new versions.
    let current = RwSignal::new(journey.clone());
    let published = Memo::new(move |_| current.with(Journey::is_published));
    let status_text = move || {
        match current.with(|j| j.status) {
        Status::Draft => {
            "Draft: editable; computes nothing and sends nothing until published.".to_string()
        }
        Status::Published { published_at } => format!(
            "Published {}: live, computing and sending. Its steps are locked; the destinations of its Send steps can still change (Steps: Edit Destinations).",
            crate::format::format_local(published_at)
        ),
    }
    };
    let id = journey.id.clone();
    let open_href = builder_href(&id, None);
    let editing = RwSignal::new(None::<StepId>);
    let steps = move || {
        current.with(|j| {
            j.steps
                .depth_first()
                .into_iter()
                .filter_map(|id| j.steps.get(id).map(|s| (id, s.clone())))
                .collect::<Vec<_>>()
        })
    };
    let on_saved = Callback::new(move |j: Journey| {
        state.load(&j);
        current.set(j);
        editing.set(None);
    });
    let on_cancel = Callback::new(move |()| editing.set(None));
    // Destination names for the definitions (ids until they load).
    let names = LocalResource::new(api::destinations::list_destinations);
    let name_of = move |id: &str| -> String {
        names
            .get()
            .and_then(Result::ok)
            .and_then(|all| all.into_iter().find(|d| d.id == id).map(|d| d.name))
            .unwrap_or_else(|| id.to_string())
    };
    let tab_button = move |t: Tab, label: &'static str| {
        view! {
            <button type="button" role="tab" class="tab" aria-selected=move || (tab.get() == t).to_string()
                on:click=move |_| tab.set(t)>{label}</button>
        }
    };
    let description = move || {
        current.with(|j| {
            if j.description.trim().is_empty() {
                "No description.".to_string()
            } else {
                j.description.clone()
            }
        })
    };
    let name = move || current.with(|j| j.name.clone());

    // Publish: the builder's flow, from the stored journey.
    let flow = PublishFlow::new();
    let publish_id = id.clone();
    let publish = Action::new_local(move |_: &()| {
        let id = publish_id.clone();
        async move {
            flow.busy.set(true);
            match api::publish_journey(&id).await {
                Ok(p) => {
                    flow.succeeded();
                    on_saved.run(p.journey);
                }
                Err(e) => flow.refused(e),
            }
            flow.busy.set(false);
        }
    });
    let navigate = use_navigate();
    let warning_id = id.clone();
    // A warning in the confirmation opens the builder at its step.
    let on_warning = Callback::new(move |()| {
        let step = state.selected.get_untracked();
        navigate(&builder_href(&warning_id, step), Default::default());
    });

    view! {
        <div class="overview">
            <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/">"← Journeys"</a></nav>
            <header class="page-header overview-header">
                <div>
                    <h1>{name}</h1>
                    <p class="page-subtitle">{description}</p>
                </div>
                <div class="overview-status">
                    <span class=move || if published.get() { "badge badge-published" } else { "badge badge-draft" }>
                        {move || if published.get() { "Published" } else { "Draft" }}
                    </span>
                    <Show when=move || !published.get()>
                        <a class="button" href=open_href.clone()>"Open builder"</a>
                        <button type="button" class="button primary publish"
                            disabled=move || flow.busy.get()
                            on:click=move |_| flow.start(state)>
                            {move || if flow.busy.get() { "Publishing…" } else { "Publish Journey" }}
                        </button>
                    </Show>
                    {
                        let id = id.clone();
                        move || view! { <JourneyMenu id=id.clone() name=name() published=published.get() /> }
                    }
                </div>
            </header>
            <p class="status-explainer">{status_text}</p>
            <PublishError flow />
            <PublishProblems state flow builder_of=id.clone() />
            <PublishDialog state flow on_confirm=Callback::new(move |()| { publish.dispatch(()); }) on_warning />
            <div class="tabs" role="tablist">
                {tab_button(Tab::Canvas, "Canvas")}
                {tab_button(Tab::Steps, "Steps")}
                {tab_button(Tab::Settings, "Settings")}
            </div>
            <Show when=move || tab.get() == Tab::Canvas>
                <div class="overview-canvas">
                    <Canvas state editable=false />
                </div>
            </Show>
            <Show when=move || tab.get() == Tab::Steps>
                <ol class="step-definitions">
                    {move || steps().into_iter().map(|(id, step)| {
                        let send = published.get() && step.step_type() == StepType::SendToDestinations;
                        view! {
                            <li class="step-definition" data-step-id=id.0>
                                <h3><span class="step-type">{step.step_type().label()}</span>" "{step.title()}</h3>
                                <dl>
                                    {definition_named(&step, &name_of).into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                                </dl>
                                {send.then(|| view! {
                                    <Show
                                        when=move || editing.get() == Some(id)
                                        fallback=move || view! {
                                            <button type="button" class="button edit-destinations" on:click=move |_| editing.set(Some(id))>
                                                "Edit Destinations"
                                            </button>
                                        }
                                    >
                                        <EditDestinations journey=current.get_untracked() step=id on_saved on_cancel />
                                    </Show>
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </Show>
            <Show when=move || tab.get() == Tab::Settings>
                <JourneySettingsForm current on_saved />
                <dl class="settings">
                    <dt>"Steps"</dt><dd>{format!("{} of {} (as the product limits count them)", journey.steps.limit_count(), limits.steps_per_journey)}</dd>
                    <dt>"Version"</dt><dd>{move || current.with(|j| j.version)}</dd>
                    <dt>"Created"</dt><dd>{crate::format::format_local(journey.created_at)}</dd>
                    <dt>"Last updated"</dt><dd>{move || crate::format::format_local(current.with(|j| j.updated_at))}</dd>
                </dl>
            </Show>
        </div>
    }
}
