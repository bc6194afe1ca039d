//! Pieces every field of the panel shares: the step being edited, problems
//! shown beside their field, and name inputs stopped at their limit.

use crate::builder::state::{BuilderState, EditKey};
use crate::format::char_counter;
use crate::input::keep_within_limit;
use cairn_domain::step::{Step, StepId};
use leptos::prelude::*;

/// Ids of the suggestion lists the inputs point at, filled from the
/// workspace's data by [`crate::builder::schema::SuggestionLists`].
pub const EVENT_LIST: &str = "cairn-event-names";
/// See [`EVENT_LIST`].
pub const PROPERTY_LIST: &str = "cairn-property-names";
/// See [`EVENT_LIST`].
pub const TRAIT_LIST: &str = "cairn-trait-names";
/// See [`EVENT_LIST`].
pub const AUDIENCE_LIST: &str = "cairn-audience-names";

/// Why a published journey's step controls are disabled: their `title`,
/// and the visible note at the top of the panel.
pub const LOCKED_REASON: &str =
    "Published journeys' steps are locked. Clone the journey to change its steps.";

/// The DOM id of the panel's locked note (controls point at it with
/// `aria-describedby` while locked).
pub const LOCKED_NOTE_ID: &str = "locked-note";

/// `ids` (space-separated, may be `None`) plus the locked note while `locked`.
pub fn with_locked_note(locked: bool, ids: Option<String>) -> Option<String> {
    match (locked, ids) {
        (false, ids) => ids,
        (true, None) => Some(LOCKED_NOTE_ID.to_string()),
        (true, Some(ids)) => Some(format!("{LOCKED_NOTE_ID} {ids}")),
    }
}

/// The step the panel edits, and how to change it.
#[derive(Clone, Copy)]
pub struct StepCtx {
    /// The builder.
    pub state: BuilderState,
    /// The step's id.
    pub id: StepId,
    /// The step as it is now (`None` once it is gone).
    pub step: Memo<Option<Step>>,
    /// Whether the journey is published (nothing can change).
    pub locked: Signal<bool>,
}

impl StepCtx {
    /// The validation path of one of the step's fields: `steps.3.name`.
    pub fn path(&self, field: &str) -> String {
        format!("steps.{}.{field}", self.id)
    }

    /// Changes one field of the step: consecutive edits of the same `field`
    /// (typing) make one undo step.
    pub fn edit(&self, field: &str, f: impl FnOnce(&mut Step)) {
        self.edit_keyed(Some(format!("{}.{field}", self.id)), f);
    }

    /// Changes the step; `key` groups consecutive edits into one undo step
    /// (`None`: this edit is an undo step of its own).
    pub fn edit_keyed(&self, key: Option<String>, f: impl FnOnce(&mut Step)) {
        if self.locked.get_untracked() {
            return;
        }
        let current = self
            .state
            .content
            .with_untracked(|c| c.steps.get(self.id).cloned());
        let Some(mut step) = current else {
            return;
        };
        f(&mut step);
        if let Err(e) = self.state.update_step(self.id, step, key.map(EditKey)) {
            leptos::logging::warn!("step {} not updated: {e}", self.id);
        }
    }

    /// Reads from the step (tracked); `None` once the step is gone.
    pub fn read<T>(&self, f: impl FnOnce(&Step) -> T) -> Option<T> {
        self.step.with(|s| s.as_ref().map(f))
    }
}

/// The messages of every problem at exactly `path`, joined; `None` when the
/// field has none. Tracked: re-runs when the problems change.
pub fn problem_at(state: BuilderState, path: &str) -> Option<String> {
    state.problems.with(|problems| {
        let messages: Vec<&str> = problems
            .iter()
            .filter(|p| p.path == path)
            .map(|p| p.message.as_str())
            .collect();
        (!messages.is_empty()).then(|| messages.join(" "))
    })
}

/// The DOM id of the error shown for the field at `path`.
pub fn error_id(path: &str) -> String {
    let mut id = String::from("error-");
    id.extend(
        path.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }),
    );
    id
}

/// `aria-invalid` for the field at `path`: `"true"` while it has a problem.
pub fn invalid(state: BuilderState, path: &str) -> Option<&'static str> {
    problem_at(state, path).map(|_| "true")
}

/// `aria-describedby` for the field at `path`: `also` (a hint or counter id,
/// may be empty) and the error's id while there is one.
pub fn described_by(state: BuilderState, path: &str, also: &str) -> Option<String> {
    let error = problem_at(state, path).map(|_| error_id(path));
    let ids = match (also.is_empty(), error) {
        (true, None) => None,
        (true, Some(e)) => Some(e),
        (false, None) => Some(also.to_string()),
        (false, Some(e)) => Some(format!("{also} {e}")),
    };
    with_locked_note(state.locked(), ids)
}

/// The error beside the field whose path `path` computes: a `.field-error`
/// paragraph while the field has a problem, nothing otherwise.
pub fn field_error(
    state: BuilderState,
    path: impl Fn() -> String + Send + Sync + 'static,
) -> impl IntoView {
    move || {
        let path = path();
        problem_at(state, &path).map(|message| {
            view! {
                <p class="field-error" id=error_id(&path)>
                    {message}
                </p>
            }
        })
    }
}

/// What a [`limited_text`] input edits.
pub struct LimitedText<G, S> {
    /// The input's DOM id (its counter is `{id}-counter`).
    pub input_id: String,
    /// Extra classes of the input.
    pub class: &'static str,
    /// The visible label.
    pub label: String,
    /// The field's path below the step (`name`, `branches[1].name`).
    pub field: String,
    /// Placeholder text.
    pub placeholder: &'static str,
    /// Reads the value from the step.
    pub get: G,
    /// Writes the value into the step.
    pub set: S,
}

/// A labelled text input for a name, with a live "used/max" counter,
/// stopped at the step-name limit (`maxlength`, and pasted text is cut to
/// the limit in characters), and its problems beside it.
pub fn limited_text<G, S>(ctx: StepCtx, field: LimitedText<G, S>) -> impl IntoView
where
    G: Fn(&Step) -> Option<String> + Copy + Send + Sync + 'static,
    S: Fn(&mut Step, String) + Copy + Send + Sync + 'static,
{
    let LimitedText {
        input_id,
        class,
        label,
        field,
        placeholder,
        get,
        set,
    } = field;
    let state = ctx.state;
    let max = state.limits.get_value().step_name_max;
    let value = Memo::new(move |_| ctx.read(get).flatten().unwrap_or_default());
    let counter_id = format!("{input_id}-counter");
    let path = ctx.path(&field);
    let path_invalid = path.clone();
    let path_described = path.clone();
    let path_error = path.clone();
    let also = counter_id.clone();
    view! {
        <div class="field">
            <div class="field-label">
                <label for=input_id.clone()>{label}</label>
                <span class="counter" id=counter_id>
                    {move || char_counter(value.with(|v| v.chars().count()), max)}
                </span>
            </div>
            <input
                type="text"
                id=input_id
                class=class
                autocomplete="off"
                placeholder=placeholder
                maxlength=max.to_string()
                disabled=ctx.locked
                title=move || ctx.locked.get().then_some(LOCKED_REASON)
                prop:value=value
                aria-invalid=move || invalid(state, &path_invalid)
                aria-describedby=move || described_by(state, &path_described, &also)
                on:input:target=move |ev| {
                    let kept = keep_within_limit(&ev.target(), max);
                    ctx.edit(&field, move |step| set(step, kept));
                }
            />
            {field_error(state, move || path_error.clone())}
        </div>
    }
}

/// `value` parsed as a whole number, if it is one (spaces around allowed).
pub fn parse_count(value: &str) -> Option<u32> {
    value.trim().parse::<u32>().ok()
}
