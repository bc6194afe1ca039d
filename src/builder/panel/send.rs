//! The destinations of a Send step: the connected ones (with the call type
//! of each event destination, a remove button and the event tester), and
//! "Connect destinations", a picker of the workspace's destinations.
//!
//! Every change is an edit through the step's [`StepCtx`] (so undo works and
//! a locked journey refuses it). The workspace's destinations are read once
//! per panel through [`Destinations`], the context's client.

use super::fields::{
    error_id, field_error, with_locked_note, StepCtx, LOCKED_NOTE_ID, LOCKED_REASON,
};
use super::tester::{call_name, journey_id_of, parse_call, EventTester};
use crate::api::destinations::{type_label, DestinationView, Destinations};
use cairn_domain::destination::DestinationType;
use cairn_domain::step::{CallType, DestinationRef, Step};
use leptos::prelude::*;

/// The workspace's destinations, as the panel loaded them.
#[derive(Clone, Copy)]
struct Catalog {
    /// `None` while loading; `Some(Err)` when the list could not be read.
    list: Memo<Option<Result<Vec<DestinationView>, String>>>,
    reload: LocalResource<Result<Vec<DestinationView>, crate::api::ApiError>>,
}

impl Catalog {
    fn load() -> Catalog {
        let client = Destinations::from_context();
        let reload = LocalResource::new(move || {
            let client = client.clone();
            async move { client.0.list().await }
        });
        let list = Memo::new(move |_| reload.get().map(|r| r.map_err(|e| e.to_string())));
        Catalog { list, reload }
    }

    /// The destination `id`, once loaded (tracked).
    fn find(&self, id: &str) -> Option<DestinationView> {
        self.list.with(|l| match l {
            Some(Ok(list)) => list.iter().find(|d| d.id == id).cloned(),
            _ => None,
        })
    }
}

/// The Send step's connected destinations (tracked).
fn connected(ctx: StepCtx) -> Vec<DestinationRef> {
    ctx.read(|s| match s {
        Step::SendToDestinations { destinations, .. } => destinations.clone(),
        _ => Vec::new(),
    })
    .unwrap_or_default()
}

/// Changes the step's destination list (one undo step).
fn edit_list(ctx: StepCtx, f: impl FnOnce(&mut Vec<DestinationRef>)) {
    ctx.edit_keyed(None, move |s| {
        if let Step::SendToDestinations { destinations, .. } = s {
            f(destinations);
        }
    });
}

/// Connects `d` (event destinations receive track calls until changed).
fn connect(ctx: StepCtx, d: &DestinationView) {
    let id = d.id.clone();
    let new = match d.kind {
        DestinationType::Event => DestinationRef::Event {
            destination_id: id.clone(),
            call: CallType::Track,
        },
        DestinationType::List => DestinationRef::List {
            destination_id: id.clone(),
        },
    };
    edit_list(ctx, move |list| {
        if !list.iter().any(|r| r.destination_id() == id) {
            list.push(new);
        }
    });
}

/// Disconnects destination `id`.
fn disconnect(ctx: StepCtx, id: &str) {
    edit_list(ctx, |list| list.retain(|r| r.destination_id() != id));
}

/// Sets the call type destination `id` receives.
fn set_call(ctx: StepCtx, id: &str, new: CallType) {
    edit_list(ctx, |list| {
        for r in list.iter_mut() {
            if let DestinationRef::Event {
                destination_id,
                call,
            } = r
            {
                if destination_id == id {
                    *call = new;
                }
            }
        }
    });
}

/// The "Destinations" section of a Send step's panel.
pub fn destinations_section(ctx: StepCtx) -> impl IntoView {
    let state = ctx.state;
    let catalog = Catalog::load();
    let list = Memo::new(move |_| connected(ctx));
    let picking = RwSignal::new(false);
    let tester = RwSignal::new(None::<String>);
    let ids = move || {
        list.with(|l| {
            l.iter()
                .map(|r| r.destination_id().to_string())
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="panel-section destinations" aria-labelledby="destinations-title">
            <h3 class="section-title" id="destinations-title">
                "Destinations"
            </h3>
            <Show
                when=move || list.with(|l| !l.is_empty())
                fallback=|| view! { <p class="empty-destinations">"No destination is connected yet."</p> }
            >
                <ul class="connected-destinations">
                    <For each=ids key=|id| id.clone() let:id>
                        {connected_row(ctx, catalog, list, tester, id)}
                    </For>
                </ul>
            </Show>
            {field_error(state, move || ctx.path("destinations"))}
            {move || {
                (ctx.locked.get())
                    .then(|| {
                        let href = state.id.get().map(|id| format!("/journeys/{id}")).unwrap_or_default();
                        view! {
                            <p class="hint locked-destinations">
                                "A published journey's destinations change from its "
                                <a href=href>"overview"</a>
                                " (Steps, Edit Destinations)."
                            </p>
                        }
                    })
            }}
            <button
                type="button"
                class="button connect-destinations"
                aria-expanded=move || picking.get().to_string()
                disabled=ctx.locked
                title=move || ctx.locked.get().then_some(LOCKED_REASON)
                aria-describedby=move || ctx.locked.get().then_some(LOCKED_NOTE_ID)
                on:click=move |_| picking.update(|p| *p = !*p)
            >
                "Connect destinations"
            </button>
            <Show when=move || picking.get() && !ctx.locked.get()>
                {picker(ctx, catalog, list, picking)}
            </Show>
        </section>
    }
}

fn picker(
    ctx: StepCtx,
    catalog: Catalog,
    list: Memo<Vec<DestinationRef>>,
    picking: RwSignal<bool>,
) -> impl IntoView {
    let body = move || {
        match catalog.list.get() {
        None => view! { <p class="status-message">"Loading destinations…"</p> }.into_any(),
        Some(Err(message)) => view! {
            <div class="form-error" role="alert">
                <p>"The destinations could not be loaded. " {message}</p>
                <button type="button" class="button" on:click=move |_| catalog.reload.refetch()>"Retry"</button>
            </div>
        }
        .into_any(),
        Some(Ok(all)) if all.is_empty() => view! {
            <p class="hint">"This workspace has no destinations yet. " <a href="/destinations">"Add one"</a></p>
        }
        .into_any(),
        Some(Ok(all)) => all
            .into_iter()
            .map(|d| {
                let id = d.id.clone();
                let is_on = {
                    let id = id.clone();
                    move || list.with(|l| l.iter().any(|r| r.destination_id() == id))
                };
                let detail = format!(
                    "{}{}",
                    d.type_label(),
                    if d.enabled { "" } else { " · disabled" }
                );
                let name = d.name.clone();
                view! {
                    <label class="check pick-row">
                        <input
                            type="checkbox"
                            class="pick-destination"
                            data-destination-id=id
                            prop:checked=is_on
                            on:change:target=move |ev| {
                                if ev.target().checked() {
                                    connect(ctx, &d);
                                } else {
                                    disconnect(ctx, &d.id);
                                }
                            }
                        />
                        <span class="pick-name">{name}</span>
                        <span class="muted pick-detail">{detail}</span>
                    </label>
                }
            })
            .collect_view()
            .into_any(),
    }
    };
    view! {
        <fieldset class="destination-picker">
            <legend>"Choose destinations"</legend>
            {body}
            <div class="picker-actions">
                <a href="/destinations">"Manage destinations"</a>
                <button type="button" class="button done-picking" on:click=move |_| picking.set(false)>
                    "Done"
                </button>
            </div>
        </fieldset>
    }
}

fn connected_row(
    ctx: StepCtx,
    catalog: Catalog,
    list: Memo<Vec<DestinationRef>>,
    tester: RwSignal<Option<String>>,
    id: String,
) -> impl IntoView {
    let state = ctx.state;
    let this = StoredValue::new(id.clone());
    let entry = Memo::new(move |_| {
        list.with(|l| {
            this.with_value(|id| {
                l.iter()
                    .enumerate()
                    .find(|(_, r)| r.destination_id() == id)
                    .map(|(i, r)| (i, r.clone()))
            })
        })
    });
    let info = Memo::new(move |_| this.with_value(|id| catalog.find(id)));
    let name = move || {
        info.with(|d| match d {
            Some(d) => d.name.clone(),
            None if catalog.list.with(Option::is_none) => "Loading…".to_string(),
            None => this.with_value(|id| format!("Unknown destination {id}")),
        })
    };
    let call = Memo::new(move |_| match entry.get() {
        Some((_, DestinationRef::Event { call, .. })) => Some(call),
        _ => None,
    });
    let is_event = Memo::new(move |_| call.get().is_some());
    let path = Memo::new(move |_| {
        ctx.path(&format!(
            "destinations[{}]",
            entry.with(|e| e.as_ref().map_or(0, |(i, _)| *i))
        ))
    });
    // A connection whose kind no longer matches the destination's type.
    let mismatch = move || {
        let want = if is_event.get() {
            DestinationType::Event
        } else {
            DestinationType::List
        };
        info.with(|d| {
            d.as_ref().filter(|d| d.kind != want).map(|d| {
                format!(
                    "{} is now a {}; remove it and connect it again.",
                    d.name,
                    type_label(d.kind).to_lowercase()
                )
            })
        })
    };
    let call_id = format!("call-{id}");
    let open = {
        let id = id.clone();
        move || tester.with(|t| t.as_deref() == Some(id.as_str()))
    };
    let open2 = open.clone();
    let toggle = {
        let id = id.clone();
        move |_| {
            tester.update(|t| {
                *t = if t.as_deref() == Some(id.as_str()) {
                    None
                } else {
                    Some(id.clone())
                }
            })
        }
    };
    let key = Signal::derive(move || {
        ctx.read(|s| s.key().map(|k| k.as_str().to_string()))
            .flatten()
            .unwrap_or_default()
    });
    let step_id = ctx.id;
    let tester_pane = move || {
        let d = info.get()?;
        let call = call.get_untracked()?;
        open2().then(|| {
            view! {
                <EventTester destination=d key journey_id=journey_id_of(state) step_id call />
            }
        })
    };
    view! {
        <li class="connected-destination" data-destination-id=id.clone()>
            <div class="connected-head">
                <span class="destination-name">{name}</span>
                <span class="destination-kind muted">
                    {move || if is_event.get() { "Event destination" } else { "List destination" }}
                </span>
                <button
                    type="button"
                    class="icon-button remove-destination"
                    aria-label=move || format!("Remove {}", name())
                    title=move || if ctx.locked.get() { LOCKED_REASON } else { "Remove" }
                    disabled=ctx.locked
                    aria-describedby=move || ctx.locked.get().then_some(LOCKED_NOTE_ID)
                    on:click=move |_| this.with_value(|id| disconnect(ctx, id))
                >
                    "✕"
                </button>
            </div>
            <Show
                when=move || is_event.get()
                fallback=|| view! {
                    <p class="hint tester-unavailable">
                        "Event tester: not available for list destinations. They receive batches of users (and a CSV download), not events."
                    </p>
                }
            >
                <div class="field call-field">
                    <div class="field-label"><label for=call_id.clone()>"Call type"</label></div>
                    <select
                        id=call_id.clone()
                        class="call-type"
                        disabled=ctx.locked
                        title=move || ctx.locked.get().then_some(LOCKED_REASON)
                        aria-describedby=move || with_locked_note(ctx.locked.get(), Some(path.with(|p| error_id(p))))
                        on:change:target=move |ev| {
                            if let Some(c) = parse_call(&ev.target().value()) {
                                this.with_value(|id| set_call(ctx, id, c));
                            }
                        }
                    >
                        {[CallType::Track, CallType::Identify]
                            .into_iter()
                            .map(|c| view! {
                                <option value=call_name(c) prop:selected=move || call.get() == Some(c)>
                                    {match c { CallType::Track => "Track (Audience Entered / Exited)", CallType::Identify => "Identify (trait)" }}
                                </option>
                            })
                            .collect_view()}
                    </select>
                </div>
                <button
                    type="button"
                    class="link-button open-tester"
                    aria-expanded={
                        let open = open.clone();
                        move || open().to_string()
                    }
                    on:click=toggle.clone()
                >
                    "Event tester"
                </button>
            </Show>
            {move || mismatch().map(|m| view! { <p class="field-error">{m}</p> })}
            {field_error(state, move || path.get())}
            {tester_pane}
        </li>
    }
}
