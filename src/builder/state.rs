//! The builder's state: the journey being edited, selection, undo/redo,
//! and what is derived from it (layout, problems, dirtiness).
//!
//! Every edit goes through [`BuilderState::edit`], which applies a domain
//! operation to a copy, and only on success records the previous content for
//! undo. Components never mutate the journey any other way.

use cairn_domain::graph::{GraphError, JourneyGraph, Removal, RemoveMode};
use cairn_domain::key::{generate_key, regenerate_key};
use cairn_domain::layout::{layout, Layout};
use cairn_domain::step::{Slot, Step, StepId, StepType};
use cairn_domain::validation::{validate_parts, Problem};
use cairn_domain::{Journey, JourneySpec, Limits, Status};
use leptos::prelude::*;

/// How many edits undo remembers.
pub const HISTORY_DEPTH: usize = 200;

/// The editable content of a journey: one undo step.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Content {
    /// The journey's name.
    pub name: String,
    /// Its description.
    pub description: String,
    /// Its steps.
    pub steps: JourneyGraph,
}

impl Content {
    /// The content of a stored journey.
    pub fn of(journey: &Journey) -> Content {
        Content {
            name: journey.name.clone(),
            description: journey.description.clone(),
            steps: journey.steps.clone(),
        }
    }

    /// The spec the server takes.
    pub fn spec(&self) -> JourneySpec {
        JourneySpec {
            format_version: Default::default(),
            name: self.name.clone(),
            description: self.description.clone(),
            steps: self.steps.clone(),
        }
    }
}

/// Groups consecutive edits of one field into one undo step (typing a name
/// is one edit, not one per key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditKey(pub String);

#[derive(Debug, Default)]
struct History {
    past: Vec<Content>,
    future: Vec<Content>,
    last_key: Option<EditKey>,
}

/// A random source for key suffixes, from the browser's `Math.random`.
pub struct BrowserRng;

impl rand_core::RngCore for BrowserRng {
    fn next_u32(&mut self) -> u32 {
        (random() * f64::from(u32::MAX)) as u32
    }
    fn next_u64(&mut self) -> u64 {
        (u64::from(self.next_u32()) << 32) | u64::from(self.next_u32())
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for b in dest {
            *b = (random() * 256.0) as u8;
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn random() -> f64 {
    js_sys::Math::random()
}

#[cfg(not(target_arch = "wasm32"))]
fn random() -> f64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static STATE: AtomicU64 = AtomicU64::new(0x9E37_79B9_7F4A_7C15);
    let x = STATE.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed);
    (x >> 11) as f64 / (1u64 << 53) as f64
}

/// The builder's reactive state. `Copy`: pass it to components freely.
#[derive(Clone, Copy)]
pub struct BuilderState {
    /// The journey's id; `None` until a new journey is first saved.
    pub id: RwSignal<Option<String>>,
    /// The server version the content was loaded from or last saved as (0: never saved).
    pub version: RwSignal<u64>,
    /// Draft or published (published: the structure is locked).
    pub status: RwSignal<Status>,
    /// The content being edited.
    pub content: RwSignal<Content>,
    /// The content as the server has it (dirty = content differs).
    pub saved: RwSignal<Content>,
    /// The selected step (its panel is open).
    pub selected: RwSignal<Option<StepId>>,
    /// The step whose removal awaits confirmation.
    pub pending_delete: RwSignal<Option<StepId>>,
    /// The workspace's limits.
    pub limits: StoredValue<Limits>,
    /// Positions of every step and edge.
    pub layout: Memo<Layout>,
    /// Every validation problem of the content.
    pub problems: Memo<Vec<Problem>>,
    /// Whether the content differs from the server's.
    pub dirty: Memo<bool>,
    /// Whether undo / redo have something to do.
    pub can_undo: RwSignal<bool>,
    /// See `can_undo`.
    pub can_redo: RwSignal<bool>,
    history: StoredValue<History>,
}

impl BuilderState {
    /// State for a stored journey, or for a new unsaved one when `None`.
    pub fn new(journey: Option<&Journey>, limits: Limits) -> BuilderState {
        let content = journey.map(Content::of).unwrap_or_else(|| Content {
            name: "Untitled journey".into(),
            ..Content::default()
        });
        let content_signal = RwSignal::new(content.clone());
        let saved = RwSignal::new(if journey.is_some() {
            content
        } else {
            Content::default()
        });
        let limits = StoredValue::new(limits);
        BuilderState {
            id: RwSignal::new(journey.map(|j| j.id.clone())),
            version: RwSignal::new(journey.map_or(0, |j| j.version)),
            status: RwSignal::new(journey.map_or(Status::Draft, |j| j.status)),
            content: content_signal,
            saved,
            selected: RwSignal::new(None),
            pending_delete: RwSignal::new(None),
            limits,
            layout: Memo::new(move |_| content_signal.with(|c| layout(&c.steps))),
            problems: Memo::new(move |_| {
                content_signal.with(|c| validate_parts(&c.name, &c.steps, &limits.get_value()))
            }),
            dirty: Memo::new(move |_| content_signal.with(|c| saved.with(|s| c != s))),
            can_undo: RwSignal::new(false),
            can_redo: RwSignal::new(false),
            history: StoredValue::new(History::default()),
        }
    }

    /// Whether the journey's steps are locked (published).
    pub fn locked(&self) -> bool {
        self.status.with(|s| matches!(s, Status::Published { .. }))
    }

    /// The limit count of steps.
    pub fn step_count(&self) -> u32 {
        self.content.with(|c| c.steps.limit_count())
    }

    /// Applies `f` to a copy of the content; on success the copy becomes the
    /// content and the previous one an undo step (merged with the previous
    /// edit when both carry the same `key`). On error nothing changes.
    pub fn edit<T>(
        &self,
        key: Option<EditKey>,
        f: impl FnOnce(&mut Content) -> Result<T, GraphError>,
    ) -> Result<T, GraphError> {
        let mut next = self.content.get_untracked();
        let before = next.clone();
        let out = f(&mut next)?;
        if next == before {
            return Ok(out);
        }
        self.history.update_value(|h| {
            let merge = key.is_some() && key == h.last_key && !h.past.is_empty();
            if !merge {
                h.past.push(before);
                if h.past.len() > HISTORY_DEPTH {
                    h.past.remove(0);
                }
            }
            h.future.clear();
            h.last_key = key;
        });
        self.content.set(next);
        self.sync_history_flags();
        Ok(out)
    }

    fn sync_history_flags(&self) {
        let (u, r) = self
            .history
            .with_value(|h| (!h.past.is_empty(), !h.future.is_empty()));
        self.can_undo.set(u);
        self.can_redo.set(r);
    }

    /// Undoes the last edit.
    pub fn undo(&self) {
        let current = self.content.get_untracked();
        let prev = self.history.try_update_value(|h| {
            h.last_key = None;
            let prev = h.past.pop()?;
            h.future.push(current);
            Some(prev)
        });
        if let Some(Some(prev)) = prev {
            self.content.set(prev);
            self.keep_selection_valid();
        }
        self.sync_history_flags();
    }

    /// Redoes the last undone edit.
    pub fn redo(&self) {
        let current = self.content.get_untracked();
        let next = self.history.try_update_value(|h| {
            h.last_key = None;
            let next = h.future.pop()?;
            h.past.push(current);
            Some(next)
        });
        if let Some(Some(next)) = next {
            self.content.set(next);
            self.keep_selection_valid();
        }
        self.sync_history_flags();
    }

    fn keep_selection_valid(&self) {
        if let Some(id) = self.selected.get_untracked() {
            if self.content.with_untracked(|c| c.steps.get(id).is_none()) {
                self.selected.set(None);
            }
        }
    }

    /// Adds a step of type `ty` at `at` (or the entry of an empty journey),
    /// selects it and returns its id.
    pub fn add_step(&self, at: Option<(StepId, Slot)>, ty: StepType) -> Result<StepId, GraphError> {
        let limits = self.limits.get_value();
        let id = self.edit(None, |c| {
            let name = c.name.clone();
            let taken: Vec<String> = c
                .steps
                .steps()
                .filter_map(|(_, s)| s.key().map(|k| k.to_string()))
                .collect();
            let step = Step::new_of_type(ty, || {
                generate_key(&name, ty.label(), limits.key_max, &mut BrowserRng, &|k| {
                    taken.iter().any(|t| t == k)
                })
            });
            c.steps.add_step(at, step, &limits)
        })?;
        self.selected.set(Some(id));
        Ok(id)
    }

    /// Replaces a step's definition (same type and branches). A Send step the
    /// server has not stored yet gets its key regenerated from its new name.
    pub fn update_step(
        &self,
        id: StepId,
        step: Step,
        key: Option<EditKey>,
    ) -> Result<(), GraphError> {
        let limits = self.limits.get_value();
        let stored = self.saved.with_untracked(|s| s.steps.get(id).is_some());
        self.edit(key, |c| {
            let mut step = step;
            if let (false, Step::SendToDestinations { name, key, .. }) = (stored, &mut step) {
                *key = regenerate_key(&c.name, name, key, limits.key_max);
            }
            c.steps.update_definition(id, step)
        })
    }

    /// Removes a step as `mode` says.
    pub fn remove_step(&self, id: StepId, mode: RemoveMode) -> Result<Removal, GraphError> {
        let removal = self.edit(None, |c| c.steps.remove_step(id, mode))?;
        self.keep_selection_valid();
        self.pending_delete.set(None);
        Ok(removal)
    }

    /// Records that the server now stores `journey`. The content being
    /// edited is left alone: edits made while the save was under way stay,
    /// and stay dirty.
    pub fn mark_saved(&self, journey: &Journey) {
        self.id.set(Some(journey.id.clone()));
        self.version.set(journey.version);
        self.status.set(journey.status);
        self.saved.set(Content::of(journey));
    }

    /// Replaces everything with `journey` as stored (after a reload): the
    /// content, the saved copy; undo history is cleared.
    pub fn load(&self, journey: &Journey) {
        self.mark_saved(journey);
        self.content.set(Content::of(journey));
        self.history.set_value(History::default());
        self.keep_selection_valid();
        self.sync_history_flags();
    }
}
