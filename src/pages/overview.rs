//! `/journeys/{id}`: the overview, a read-only canvas of the journey with
//! every step's full definition, its status, name, description and settings.

use crate::api;
use crate::builder::canvas::Canvas;
use crate::builder::details::definition_named;
use crate::builder::state::BuilderState;
use crate::pages::edit_destinations::EditDestinations;
use crate::pages::journey_actions::JourneyMenu;
use crate::pages::loading::with_journey;
use cairn_domain::step::{StepId, StepType};
use cairn_domain::{Journey, Limits, Status};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

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
    let published = journey.is_published();
    let status_text = match journey.status {
        Status::Draft => {
            "Draft: editable; computes nothing and sends nothing until published.".to_string()
        }
        Status::Published { published_at } => format!(
            "Published {}: live, computing and sending. Its steps are locked; the destinations of its Send steps can still change (Steps: Edit Destinations).",
            crate::format::format_local(published_at)
        ),
    };
    let builder_href = format!("/journeys/{}/builder", journey.id);
    // The journey as stored now: "Edit Destinations" saves new versions.
    let current = RwSignal::new(journey.clone());
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
    let description = if journey.description.trim().is_empty() {
        "No description.".to_string()
    } else {
        journey.description.clone()
    };

    view! {
        <div class="overview">
            <nav class="breadcrumbs" aria-label="Breadcrumb"><a href="/">"← Journeys"</a></nav>
            <header class="page-header overview-header">
                <div>
                    <h1>{journey.name.clone()}</h1>
                    <p class="page-subtitle">{description.clone()}</p>
                </div>
                <div class="overview-status">
                    <span class=if published { "badge badge-published" } else { "badge badge-draft" }>
                        {if published { "Published" } else { "Draft" }}
                    </span>
                    {(!published).then(|| view! { <a class="button primary" href=builder_href.clone()>"Open builder"</a> })}
                    <JourneyMenu id=journey.id.clone() name=journey.name.clone() published />
                </div>
            </header>
            <p class="status-explainer">{status_text}</p>
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
                        let send = published && step.step_type() == StepType::SendToDestinations;
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
                <dl class="settings">
                    <dt>"Name"</dt><dd>{journey.name.clone()}</dd>
                    <dt>"Description"</dt><dd>{description.clone()}</dd>
                    <dt>"Steps"</dt><dd>{format!("{} of {} (as the product limits count them)", journey.steps.limit_count(), limits.steps_per_journey)}</dd>
                    <dt>"Version"</dt><dd>{journey.version}</dd>
                    <dt>"Created"</dt><dd>{crate::format::format_local(journey.created_at)}</dd>
                    <dt>"Last updated"</dt><dd>{crate::format::format_local(journey.updated_at)}</dd>
                </dl>
            </Show>
        </div>
    }
}
