//! What the condition builder suggests: the event names, property names and
//! values, and trait names and values that occur in the workspace's data
//! (`GET /api/schema`), as `<datalist>`s the panel's inputs point at, so a
//! marketer picks rather than types (typing stays possible: a journey may
//! wait for an event no one has sent yet).

use crate::builder::panel::fields::{EVENT_LIST, PROPERTY_LIST, TRAIT_LIST};
use crate::events_api::{value_text, Field, Schema};
use leptos::prelude::*;

/// The workspace's schema, shared by the builder's panels through context
/// (`None` until it has loaded, or when it could not be).
#[derive(Debug, Clone, Copy)]
pub struct SchemaCtx(pub RwSignal<Option<Schema>>);

impl SchemaCtx {
    /// A context with nothing loaded yet.
    pub fn new() -> Self {
        SchemaCtx(RwSignal::new(None))
    }

    /// Loads the schema from the server once; a failure leaves the lists
    /// empty (suggestions are a convenience, typing still works).
    pub fn load(self) {
        leptos::task::spawn_local(async move {
            match crate::events_api::schema().await {
                Ok(schema) => self.0.set(Some(schema)),
                Err(e) => leptos::logging::warn!("cairn: no suggestions: {e}"),
            }
        });
    }
}

impl Default for SchemaCtx {
    fn default() -> Self {
        Self::new()
    }
}

/// The id of the list of values of property `name` (over every event).
pub fn property_values_list(name: &str) -> String {
    format!("cairn-property-values-{}", list_slug(name))
}

/// The id of the list of values of trait `name`.
pub fn trait_values_list(name: &str) -> String {
    format!("cairn-trait-values-{}", list_slug(name))
}

/// A name made safe for an element id (distinct names stay distinct).
fn list_slug(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_string()
            } else {
                format!("_{:x}", c as u32)
            }
        })
        .collect()
}

/// Property names over every event (first seen first), each with the
/// values seen for it, without repeats.
fn properties(schema: &Schema) -> Vec<(String, Vec<String>, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>, Vec<String>)> = Vec::new();
    for event in &schema.events {
        for p in &event.properties {
            let values = p.top_values.iter().map(|v| value_text(&v.value));
            match out.iter_mut().find(|(n, _, _)| *n == p.name) {
                Some((_, events, vals)) => {
                    events.push(event.name.clone());
                    for v in values {
                        if !vals.contains(&v) {
                            vals.push(v);
                        }
                    }
                }
                None => out.push((p.name.clone(), vec![event.name.clone()], values.collect())),
            }
        }
    }
    out
}

fn values_of(field: &Field) -> Vec<String> {
    field
        .top_values
        .iter()
        .map(|v| value_text(&v.value))
        .collect()
}

/// The suggestion lists, filled from the schema in context (empty without
/// one). Rendered once per panel.
#[component]
pub fn SuggestionLists() -> impl IntoView {
    let schema = use_context::<SchemaCtx>().map(|s| s.0);
    let read = move |f: &dyn Fn(&Schema) -> AnyView| -> AnyView {
        match schema {
            Some(s) => s
                .with(|s| s.as_ref().map(f))
                .unwrap_or_else(|| ().into_any()),
            None => ().into_any(),
        }
    };
    let events = move || {
        read(&|s| {
            s.events
                .iter()
                .map(|e| {
                    let label = format!("{} events", crate::format::thousands(e.count));
                    view! { <option value=e.name.clone() label=label></option> }
                })
                .collect_view()
                .into_any()
        })
    };
    let props = move || {
        read(&|s| {
            let props = properties(s);
            let names = props
                .iter()
                .map(|(name, events, _)| {
                    view! { <option value=name.clone() label=events.join(", ")></option> }
                })
                .collect_view();
            let values = props
                .into_iter()
                .map(|(name, _, values)| value_list(property_values_list(&name), values))
                .collect_view();
            view! {
                <datalist id=PROPERTY_LIST>{names}</datalist>
                {values}
            }
            .into_any()
        })
    };
    let traits = move || {
        read(&|s| {
            let names = s
                .traits
                .iter()
                .map(|t| view! { <option value=t.name.clone()></option> })
                .collect_view();
            let values = s
                .traits
                .iter()
                .map(|t| value_list(trait_values_list(&t.name), values_of(t)))
                .collect_view();
            view! {
                <datalist id=TRAIT_LIST>{names}</datalist>
                {values}
            }
            .into_any()
        })
    };
    let loaded = move || schema.is_some_and(|s| s.with(Option::is_some));
    view! {
        <div class="suggestion-lists" hidden>
            <datalist id=EVENT_LIST>{events}</datalist>
            <Show when=loaded fallback=|| view! {
                <datalist id=PROPERTY_LIST></datalist>
                <datalist id=TRAIT_LIST></datalist>
            }>
                {props}
                {traits}
            </Show>
        </div>
    }
}

fn value_list(id: String, values: Vec<String>) -> impl IntoView {
    view! {
        <datalist id=id>
            {values
                .into_iter()
                .map(|v| view! { <option value=v></option> })
                .collect_view()}
        </datalist>
    }
}
