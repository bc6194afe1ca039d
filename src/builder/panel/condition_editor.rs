//! The condition builder: edits a step's condition tree (event counts with
//! windows and property filters, traits, audiences, all-of / any-of groups,
//! nested), with each problem beside its field and a one-line summary.
//!
//! Rows are addressed by their index path from the root (`[1, 0]`: the first
//! condition of the group that is the root's second). A root that is a single
//! condition (not a group) shows as an all-of group of one; adding to it or
//! switching it to any-of wraps it in a group then.

use super::fields::{
    described_by, field_error, invalid, parse_count, StepCtx, AUDIENCE_LIST, EVENT_LIST,
    LOCKED_NOTE_ID, LOCKED_REASON, PROPERTY_LIST, TRAIT_LIST,
};
use crate::builder::schema::{property_values_list, trait_values_list};
use cairn_domain::condition::{
    AudienceCondition, Comparison, Condition, ConditionGroup, Count, CountOp, Duration,
    EventCondition, PropertyFilter, Scalar, TimeUnit, TraitCondition,
};
use cairn_domain::step::Step;
use leptos::prelude::*;

/// Which condition of a step an editor edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CondLoc {
    /// The step's own condition (entry, wait for condition, true/false split).
    Main,
    /// The condition of branch `i` of a multi-branch split.
    Branch(usize),
}

impl CondLoc {
    /// The path of the condition below its step: `condition`, `branches[1].condition`.
    pub fn suffix(self) -> String {
        match self {
            CondLoc::Main => "condition".into(),
            CondLoc::Branch(i) => format!("branches[{i}].condition"),
        }
    }

    /// The condition in `step`, if the step has it.
    pub fn get(self, step: &Step) -> Option<&Condition> {
        match (self, step) {
            (
                CondLoc::Main,
                Step::EntryCondition { condition, .. }
                | Step::WaitForCondition { condition, .. }
                | Step::TrueFalseSplit { condition, .. },
            ) => Some(condition),
            (CondLoc::Branch(i), Step::MultiBranchSplit { branches, .. }) => {
                branches.get(i).map(|b| &b.condition)
            }
            _ => None,
        }
    }

    /// See [`CondLoc::get`].
    pub fn get_mut(self, step: &mut Step) -> Option<&mut Condition> {
        match (self, step) {
            (
                CondLoc::Main,
                Step::EntryCondition { condition, .. }
                | Step::WaitForCondition { condition, .. }
                | Step::TrueFalseSplit { condition, .. },
            ) => Some(condition),
            (CondLoc::Branch(i), Step::MultiBranchSplit { branches, .. }) => {
                branches.get_mut(i).map(|b| &mut b.condition)
            }
            _ => None,
        }
    }
}

// ---------- the tree, addressed by index paths ----------

fn is_group(c: &Condition) -> bool {
    matches!(c, Condition::AllOf(_) | Condition::AnyOf(_))
}

fn members(c: &Condition) -> Option<&Vec<Condition>> {
    match c {
        Condition::AllOf(g) | Condition::AnyOf(g) => Some(&g.conditions),
        _ => None,
    }
}

fn members_mut(c: &mut Condition) -> Option<&mut Vec<Condition>> {
    match c {
        Condition::AllOf(g) | Condition::AnyOf(g) => Some(&mut g.conditions),
        _ => None,
    }
}

fn descend<'a>(c: &'a Condition, path: &[usize]) -> Option<&'a Condition> {
    match path.split_first() {
        None => Some(c),
        Some((i, rest)) => descend(members(c)?.get(*i)?, rest),
    }
}

fn descend_mut<'a>(c: &'a mut Condition, path: &[usize]) -> Option<&'a mut Condition> {
    match path.split_first() {
        None => Some(c),
        Some((i, rest)) => descend_mut(members_mut(c)?.get_mut(*i)?, rest),
    }
}

/// The condition at `path`; a root that is one condition is its own row `[0]`.
fn node_at<'a>(root: &'a Condition, path: &[usize]) -> Option<&'a Condition> {
    if !is_group(root) && path == [0] {
        return Some(root);
    }
    descend(root, path)
}

fn node_at_mut<'a>(root: &'a mut Condition, path: &[usize]) -> Option<&'a mut Condition> {
    if !is_group(root) && path == [0] {
        return Some(root);
    }
    descend_mut(root, path)
}

/// Makes a root that is one condition an all-of group of it.
fn wrap_root(root: &mut Condition) {
    if !is_group(root) {
        let only = std::mem::take(root);
        *root = Condition::AllOf(ConditionGroup {
            conditions: vec![only],
        });
    }
}

/// The members of the group at `path` (a single-condition root is wrapped first).
fn group_members_mut<'a>(
    root: &'a mut Condition,
    path: &[usize],
) -> Option<&'a mut Vec<Condition>> {
    if path.is_empty() {
        wrap_root(root);
    }
    members_mut(descend_mut(root, path)?)
}

/// The validation path of the condition at `path` below the step's
/// condition (`condition.conditions[1].conditions[0]`).
fn suffix_of(root: &Condition, base: &str, path: &[usize]) -> String {
    let mut out = base.to_string();
    if is_group(root) {
        for i in path {
            out.push_str(&format!(".conditions[{i}]"));
        }
    }
    out
}

/// Adds `new` to the group at `path`.
pub fn add_member(root: &mut Condition, path: &[usize], new: Condition) {
    if let Some(members) = group_members_mut(root, path) {
        members.push(new);
    }
}

/// Makes the group at `path` an any-of (`any`) or all-of group.
pub fn set_group_mode(root: &mut Condition, path: &[usize], any: bool) {
    if path.is_empty() {
        wrap_root(root);
    }
    if let Some(node) = descend_mut(root, path) {
        let group = match std::mem::take(node) {
            Condition::AllOf(g) | Condition::AnyOf(g) => g,
            leaf => ConditionGroup {
                conditions: vec![leaf],
            },
        };
        *node = if any {
            Condition::AnyOf(group)
        } else {
            Condition::AllOf(group)
        };
    }
}

/// Removes the condition at `path` (a non-empty path).
pub fn remove_member(root: &mut Condition, path: &[usize]) {
    let Some((last, parent)) = path.split_last() else {
        return;
    };
    if parent.is_empty() && !is_group(root) {
        *root = Condition::default();
        return;
    }
    if let Some(members) = descend_mut(root, parent).and_then(members_mut) {
        if *last < members.len() {
            members.remove(*last);
        }
    }
}

// ---------- the kinds of row and of comparison ----------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Event,
    Trait,
    Audience,
    Group,
}

impl Kind {
    fn of(c: &Condition) -> Kind {
        match c {
            Condition::Event(_) => Kind::Event,
            Condition::Trait(_) => Kind::Trait,
            Condition::Audience(_) => Kind::Audience,
            Condition::AllOf(_) | Condition::AnyOf(_) => Kind::Group,
        }
    }
}

const COUNT_OPS: [(CountOp, &str, &str); 3] = [
    (CountOp::AtLeast, "at_least", "at least"),
    (CountOp::Exactly, "exactly", "exactly"),
    (CountOp::AtMost, "at_most", "at most"),
];

/// A time unit's option value and label.
pub fn unit_name(unit: TimeUnit) -> &'static str {
    match unit {
        TimeUnit::Minutes => "minutes",
        TimeUnit::Hours => "hours",
        TimeUnit::Days => "days",
        TimeUnit::Weeks => "weeks",
    }
}

/// The unit an option value names.
pub fn parse_unit(value: &str) -> Option<TimeUnit> {
    TimeUnit::ALL.into_iter().find(|u| unit_name(*u) == value)
}

/// The comparison operators, as the op pickers list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// [`Comparison::Equals`].
    Equals,
    /// [`Comparison::NotEquals`].
    NotEquals,
    /// [`Comparison::Contains`].
    Contains,
    /// [`Comparison::GreaterThan`].
    GreaterThan,
    /// [`Comparison::LessThan`].
    LessThan,
    /// [`Comparison::Exists`].
    Exists,
}

const OPS: [(Op, &str, &str); 6] = [
    (Op::Equals, "equals", "equals"),
    (Op::NotEquals, "not_equals", "not equals"),
    (Op::Contains, "contains", "contains"),
    (Op::GreaterThan, "greater_than", "greater than"),
    (Op::LessThan, "less_than", "less than"),
    (Op::Exists, "exists", "exists"),
];

impl Op {
    /// The operator of a comparison.
    pub fn of(c: &Comparison) -> Op {
        match c {
            Comparison::Equals { .. } => Op::Equals,
            Comparison::NotEquals { .. } => Op::NotEquals,
            Comparison::Contains { .. } => Op::Contains,
            Comparison::GreaterThan { .. } => Op::GreaterThan,
            Comparison::LessThan { .. } => Op::LessThan,
            Comparison::Exists => Op::Exists,
        }
    }

    fn parse(value: &str) -> Option<Op> {
        OPS.iter()
            .find(|(_, v, _)| *v == value)
            .map(|(op, _, _)| *op)
    }

    fn numeric(self) -> bool {
        matches!(self, Op::GreaterThan | Op::LessThan)
    }

    /// The comparison `self` makes with the typed `text`; `None` when the
    /// text does not fit (not a number for greater / less than).
    pub fn build(self, text: &str) -> Option<Comparison> {
        Some(match self {
            Op::Equals => Comparison::Equals {
                value: parse_scalar(text),
            },
            Op::NotEquals => Comparison::NotEquals {
                value: parse_scalar(text),
            },
            Op::Contains => Comparison::Contains {
                value: text.to_string(),
            },
            Op::GreaterThan => Comparison::GreaterThan {
                value: parse_number(text)?,
            },
            Op::LessThan => Comparison::LessThan {
                value: parse_number(text)?,
            },
            Op::Exists => Comparison::Exists,
        })
    }
}

fn parse_number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|n| n.is_finite())
}

/// What a typed value means in an equals / not-equals comparison: a number
/// or `true`/`false` when the text is exactly how that value is written
/// (so `12` is a number but `012` stays text, and the field never rewrites
/// what was typed), else text.
pub fn parse_scalar(text: &str) -> Scalar {
    match text {
        "true" => return Scalar::Bool(true),
        "false" => return Scalar::Bool(false),
        _ => {}
    }
    match text.parse::<f64>() {
        Ok(n) if n.is_finite() && n.to_string() == text => Scalar::Number(n),
        _ => Scalar::Text(text.to_string()),
    }
}

/// The value of a comparison as its field shows it.
pub fn value_text(c: &Comparison) -> String {
    match c {
        Comparison::Equals { value } | Comparison::NotEquals { value } => match value {
            Scalar::Bool(b) => b.to_string(),
            Scalar::Number(n) => n.to_string(),
            Scalar::Text(t) => t.clone(),
        },
        Comparison::Contains { value } => value.clone(),
        Comparison::GreaterThan { value } | Comparison::LessThan { value } => value.to_string(),
        Comparison::Exists => String::new(),
    }
}

// ---------- reactive addressing ----------

#[derive(Clone, Copy)]
struct Tree {
    ctx: StepCtx,
    loc: CondLoc,
    root: Memo<Option<Condition>>,
}

/// One row (or group) of the tree.
#[derive(Clone, Copy)]
struct Node {
    tree: Tree,
    path: StoredValue<Vec<usize>>,
}

impl Node {
    fn child(&self, i: usize) -> Node {
        let mut path = self.path.get_value();
        path.push(i);
        Node {
            tree: self.tree,
            path: StoredValue::new(path),
        }
    }

    fn depth(&self) -> usize {
        self.path.with_value(Vec::len)
    }

    /// Reads the condition at this node (tracked).
    fn with<T>(&self, f: impl FnOnce(&Condition) -> T) -> Option<T> {
        self.tree.root.with(|root| {
            let root = root.as_ref()?;
            self.path.with_value(|p| node_at(root, p)).map(f)
        })
    }

    fn suffix_with(&self, root: &Option<Condition>) -> String {
        let base = self.tree.loc.suffix();
        match root {
            Some(root) => self.path.with_value(|p| suffix_of(root, &base, p)),
            None => base,
        }
    }

    /// The validation path of this node's `field` (empty: the node itself). Tracked.
    fn path_of(&self, field: &str) -> String {
        let suffix = self.tree.root.with(|r| self.suffix_with(r));
        let node = self.tree.ctx.path(&suffix);
        if field.is_empty() {
            node
        } else {
            format!("{node}.{field}")
        }
    }

    /// Changes a value of this node; typing into one field is one undo step.
    fn set(&self, field: &str, f: impl FnOnce(&mut Condition)) {
        let suffix = self.tree.root.with_untracked(|r| self.suffix_with(r));
        let key = format!("{}.{suffix}.{field}", self.tree.ctx.id);
        let path = self.path.get_value();
        let loc = self.tree.loc;
        self.tree.ctx.edit_keyed(Some(key), move |step| {
            if let Some(node) = loc.get_mut(step).and_then(|root| node_at_mut(root, &path)) {
                f(node);
            }
        });
    }

    /// Changes the shape of the tree (its own undo step): `f` gets the root and this node's path.
    fn restructure(&self, f: impl FnOnce(&mut Condition, &[usize])) {
        let path = self.path.get_value();
        let loc = self.tree.loc;
        self.tree.ctx.edit_keyed(None, move |step| {
            if let Some(root) = loc.get_mut(step) {
                f(root, &path);
            }
        });
    }
}

// ---------- views ----------

/// The condition builder for the condition `loc` of the panel's step.
#[component]
pub fn ConditionEditor(
    /// The step being edited.
    ctx: StepCtx,
    /// Which of its conditions.
    loc: CondLoc,
) -> impl IntoView {
    let root = Memo::new(move |_| ctx.read(|s| loc.get(s).cloned()).flatten());
    let tree = Tree { ctx, loc, root };
    let node = Node {
        tree,
        path: StoredValue::new(Vec::new()),
    };
    let summary = move || {
        root.with(|r| {
            r.as_ref()
                .map(|c| c.to_string())
                .unwrap_or_else(|| "(no condition yet)".into())
        })
    };
    view! {
        <div class="condition-editor">
            {group_view(node)}
            <p class="condition-preview">
                <span class="preview-label">"Summary"</span>
                <span class="preview-text">{summary}</span>
            </p>
        </div>
    }
}

fn group_view(node: Node) -> AnyView {
    let ctx = node.tree.ctx;
    let locked = ctx.locked;
    let nested = node.depth() > 0;
    let any = Memo::new(move |_| {
        node.with(|c| matches!(c, Condition::AnyOf(_)))
            .unwrap_or(false)
    });
    let count = Memo::new(move |_| node.with(|c| members(c).map_or(1, Vec::len)).unwrap_or(0));
    let add = move |kind: Kind| {
        node.restructure(move |root, path| {
            let new = match kind {
                Kind::Event => Condition::event("", Count::at_least(1)),
                Kind::Trait => Condition::trait_cmp(
                    "",
                    Comparison::Equals {
                        value: Scalar::Text(String::new()),
                    },
                ),
                Kind::Audience => Condition::Audience(AudienceCondition {
                    audience: String::new(),
                    member: true,
                }),
                // A group inside an all-of group is usually an any-of one, and the other way round.
                Kind::Group => {
                    let parent_any =
                        node_at(root, path).is_some_and(|c| matches!(c, Condition::AnyOf(_)));
                    if parent_any {
                        Condition::AllOf(ConditionGroup::default())
                    } else {
                        Condition::AnyOf(ConditionGroup::default())
                    }
                }
            };
            add_member(root, path, new);
        });
    };
    let add_button =
        move |kind: Kind, data: &'static str, text: &'static str, label: &'static str| {
            view! {
                <button
                    type="button"
                    class="add-condition"
                    data-kind=data
                    aria-label=label
                    disabled=locked
                    title=move || locked.get().then_some(LOCKED_REASON)
                    aria-describedby=move || locked.get().then_some(LOCKED_NOTE_ID)
                    on:click=move |_| add(kind)
                >
                    {text}
                </button>
            }
        };
    let mode_value = move || if any.get() { "any" } else { "all" };
    view! {
        <div
            class="condition-group"
            class:nested=nested
            data-mode=mode_value
            role="group"
            aria-label=if nested { "Nested condition group" } else { "Conditions" }
        >
            <div class="group-head">
                <select
                    class="group-mode"
                    aria-label="Match all or any of these conditions"
                    disabled=locked
                    title=move || locked.get().then_some(LOCKED_REASON)
                    aria-describedby=move || locked.get().then_some(LOCKED_NOTE_ID)
                    on:change:target=move |ev| {
                        let any = ev.target().value() == "any";
                        node.restructure(move |root, path| set_group_mode(root, path, any));
                    }
                >
                    <option value="all" prop:selected=move || !any.get()>
                        "All of"
                    </option>
                    <option value="any" prop:selected=move || any.get()>
                        "Any of"
                    </option>
                </select>
                <span class="group-head-text">"these conditions"</span>
                {nested.then(|| remove_button(node, "Remove this group"))}
            </div>
            {field_error(ctx.state, move || node.path_of(""))}
            <div class="group-rows">
                <For each=move || 0..count.get() key=|i| *i children=move |i| row_view(node.child(i)) />
            </div>
            <div class="add-buttons">
                {add_button(Kind::Event, "event", "+ Event", "Add an event condition")}
                {add_button(Kind::Trait, "trait", "+ Trait", "Add a trait condition")}
                {add_button(Kind::Audience, "audience", "+ Audience", "Add an audience condition")}
                {add_button(Kind::Group, "group", "+ Group", "Add a nested group")}
            </div>
        </div>
    }
    .into_any()
}

fn row_view(node: Node) -> AnyView {
    let kind = Memo::new(move |_| node.with(Kind::of));
    (move || match kind.get() {
        Some(Kind::Event) => event_row(node).into_any(),
        Some(Kind::Trait) => trait_row(node).into_any(),
        Some(Kind::Audience) => audience_row(node).into_any(),
        Some(Kind::Group) => view! {
            <div class="condition-row group-row" data-kind="group">
                {group_view(node)}
            </div>
        }
        .into_any(),
        None => ().into_any(),
    })
    .into_any()
}

fn remove_button(node: Node, label: &'static str) -> impl IntoView {
    view! {
        <button
            type="button"
            class="remove-condition icon-button"
            aria-label=label
            title=move || if node.tree.ctx.locked.get() { LOCKED_REASON } else { label }
            disabled=node.tree.ctx.locked
            aria-describedby=move || node.tree.ctx.locked.get().then_some(LOCKED_NOTE_ID)
            on:click=move |_| node.restructure(remove_member)
        >
            "✕"
        </button>
    }
}

fn event_row(node: Node) -> impl IntoView {
    let ctx = node.tree.ctx;
    let state = ctx.state;
    let locked = ctx.locked;
    let event = Memo::new(move |_| {
        node.with(|c| match c {
            Condition::Event(e) => Some(e.clone()),
            _ => None,
        })
        .flatten()
    });
    let read = move |f: fn(&EventCondition) -> String| {
        event.with(|e| e.as_ref().map(f).unwrap_or_default())
    };
    let name = Memo::new(move |_| read(|e| e.event.clone()));
    let op =
        Memo::new(move |_| event.with(|e| e.as_ref().map_or(CountOp::AtLeast, |e| e.count.op)));
    let value = Memo::new(move |_| event.with(|e| e.as_ref().map_or(0, |e| e.count.value)));
    let window = Memo::new(move |_| event.with(|e| e.as_ref().and_then(|e| e.within)));
    let has_window = Memo::new(move |_| window.with(Option::is_some));
    let filters = Memo::new(move |_| event.with(|e| e.as_ref().map_or(0, |e| e.filters.len())));
    let edit = move |field: &str, f: Box<dyn FnOnce(&mut EventCondition)>| {
        node.set(field, move |c| {
            if let Condition::Event(e) = c {
                f(e);
            }
        });
    };

    let window_fields = move || {
        has_window.get().then(|| {
            let amount = Memo::new(move |_| window.with(|w| w.map_or(1, |w| w.amount)));
            let unit = Memo::new(move |_| window.with(|w| w.map_or(TimeUnit::Days, |w| w.unit)));
            let amount_path = move || node.path_of("within.amount");
            view! {
                <input
                    type="number"
                    class="window-amount"
                    min="1"
                    step="1"
                    inputmode="numeric"
                    aria-label="Window length"
                    disabled=locked
                    title=move || locked.get().then_some(LOCKED_REASON)
                    prop:value=move || amount.get().to_string()
                    aria-invalid=move || invalid(state, &amount_path())
                    aria-describedby=move || described_by(state, &amount_path(), "")
                    on:input:target=move |ev| {
                        if let Some(n) = parse_count(&ev.target().value()) {
                            edit(
                                "within.amount",
                                Box::new(move |e| {
                                    if let Some(w) = e.within.as_mut() {
                                        w.amount = n;
                                    }
                                }),
                            );
                        }
                    }
                    on:change:target=move |ev| resync(&ev.target(), amount.get_untracked())
                />
                <select
                    class="window-unit"
                    aria-label="Window unit"
                    disabled=locked
                    title=move || locked.get().then_some(LOCKED_REASON)
                    aria-describedby=move || locked.get().then_some(LOCKED_NOTE_ID)
                    on:change:target=move |ev| {
                        if let Some(u) = parse_unit(&ev.target().value()) {
                            edit(
                                "within.unit",
                                Box::new(move |e| {
                                    if let Some(w) = e.within.as_mut() {
                                        w.unit = u;
                                    }
                                }),
                            );
                        }
                    }
                >
                    {TimeUnit::ALL
                        .into_iter()
                        .map(|u| {
                            view! {
                                <option value=unit_name(u) prop:selected=move || unit.get() == u>
                                    {unit_name(u)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            }
        })
    };

    let name_path = move || node.path_of("event");
    view! {
        <div class="condition-row event-row" data-kind="event">
            <div class="row-head">
                <span class="row-kind">"Event"</span>
                {remove_button(node, "Remove this event condition")}
            </div>
            <input
                type="text"
                class="event-name"
                list=EVENT_LIST
                autocomplete="off"
                placeholder="Event name, e.g. Order Completed"
                aria-label="Event name"
                disabled=locked
                title=move || locked.get().then_some(LOCKED_REASON)
                prop:value=name
                aria-invalid=move || invalid(state, &name_path())
                aria-describedby=move || described_by(state, &name_path(), "")
                on:input:target=move |ev| {
                    let v = ev.target().value();
                    edit("event", Box::new(move |e| e.event = v));
                }
            />
            {field_error(state, name_path)}
            <div class="row-line">
                <span class="row-word">"performed"</span>
                <select
                    class="count-op"
                    aria-label="How many times"
                    disabled=locked
                    title=move || locked.get().then_some(LOCKED_REASON)
                    aria-describedby=move || locked.get().then_some(LOCKED_NOTE_ID)
                    on:change:target=move |ev| {
                        let chosen = ev.target().value();
                        if let Some((o, _, _)) = COUNT_OPS.iter().find(|(_, v, _)| *v == chosen) {
                            let o = *o;
                            edit("count.op", Box::new(move |e| e.count.op = o));
                        }
                    }
                >
                    {COUNT_OPS
                        .into_iter()
                        .map(|(o, v, label)| {
                            view! {
                                <option value=v prop:selected=move || op.get() == o>
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
                <input
                    type="number"
                    class="count-value"
                    min="0"
                    step="1"
                    inputmode="numeric"
                    aria-label="Number of times"
                    disabled=locked
                    title=move || locked.get().then_some(LOCKED_REASON)
                    aria-describedby=move || locked.get().then_some(LOCKED_NOTE_ID)
                    prop:value=move || value.get().to_string()
                    on:input:target=move |ev| {
                        if let Some(n) = parse_count(&ev.target().value()) {
                            edit("count.value", Box::new(move |e| e.count.value = n));
                        }
                    }
                    on:change:target=move |ev| resync(&ev.target(), value.get_untracked())
                />
                <span class="row-word">{move || if value.get() == 1 { "time" } else { "times" }}</span>
            </div>
            <div class="row-line">
                <label class="check">
                    <input
                        type="checkbox"
                        class="window-enabled"
                        disabled=locked
                        title=move || locked.get().then_some(LOCKED_REASON)
                        aria-describedby=move || locked.get().then_some(LOCKED_NOTE_ID)
                        prop:checked=has_window
                        on:change:target=move |ev| {
                            let on = ev.target().checked();
                            node.set(
                                "within",
                                move |c| {
                                    if let Condition::Event(e) = c {
                                        e.within = on.then(|| Duration::new(1, TimeUnit::Days));
                                    }
                                },
                            );
                        }
                    />
                    "within the last"
                </label>
                {window_fields}
            </div>
            {field_error(state, move || node.path_of("within.amount"))}
            <div class="filters">
                <For each=move || 0..filters.get() key=|i| *i children=move |i| filter_row(node, event, i) />
            </div>
            <button
                type="button"
                class="add-filter link-button"
                disabled=locked
                title=move || locked.get().then_some(LOCKED_REASON)
                aria-describedby=move || locked.get().then_some(LOCKED_NOTE_ID)
                on:click=move |_| {
                    node.restructure(|root, path| {
                        if let Some(Condition::Event(e)) = node_at_mut(root, path) {
                            e.filters.push(PropertyFilter {
                                property: String::new(),
                                compare: Comparison::Equals {
                                    value: Scalar::Text(String::new()),
                                },
                            });
                        }
                    })
                }
            >
                "+ Property filter"
            </button>
        </div>
    }
}

/// Puts the model's number back into a number field left empty or invalid.
fn resync(input: &web_sys::HtmlInputElement, model: u32) {
    let shown = model.to_string();
    if input.value() != shown {
        input.set_value(&shown);
    }
}

fn filter_row(node: Node, event: Memo<Option<EventCondition>>, i: usize) -> impl IntoView {
    let ctx = node.tree.ctx;
    let state = ctx.state;
    let locked = ctx.locked;
    let filter =
        Memo::new(move |_| event.with(|e| e.as_ref().and_then(|e| e.filters.get(i).cloned())));
    let property = Memo::new(move |_| {
        filter.with(|f| f.as_ref().map(|f| f.property.clone()).unwrap_or_default())
    });
    let compare = Memo::new(move |_| filter.with(|f| f.as_ref().map(|f| f.compare.clone())));
    let property_path = move || node.path_of(&format!("where[{i}].property"));
    view! {
        <div class="filter-row">
            <div class="row-line">
                <span class="row-word">{if i == 0 { "where" } else { "and" }}</span>
                <input
                    type="text"
                    class="filter-property"
                    list=PROPERTY_LIST
                    autocomplete="off"
                    placeholder="property"
                    aria-label="Property"
                    disabled=locked
                    title=move || locked.get().then_some(LOCKED_REASON)
                    prop:value=property
                    aria-invalid=move || invalid(state, &property_path())
                    aria-describedby=move || described_by(state, &property_path(), "")
                    on:input:target=move |ev| {
                        let v = ev.target().value();
                        node.set(
                            &format!("where[{i}].property"),
                            move |c| {
                                if let Condition::Event(e) = c {
                                    if let Some(f) = e.filters.get_mut(i) {
                                        f.property = v;
                                    }
                                }
                            },
                        );
                    }
                />
                <button
                    type="button"
                    class="remove-filter icon-button"
                    aria-label="Remove this filter"
                    title=move || if locked.get() { LOCKED_REASON } else { "Remove this filter" }
                    disabled=locked
                    aria-describedby=move || locked.get().then_some(LOCKED_NOTE_ID)
                    on:click=move |_| {
                        node.restructure(move |root, path| {
                            if let Some(Condition::Event(e)) = node_at_mut(root, path) {
                                if i < e.filters.len() {
                                    e.filters.remove(i);
                                }
                            }
                        })
                    }
                >
                    "✕"
                </button>
            </div>
            {field_error(state, property_path)}
            {comparison_editor(
                node,
                "filter",
                format!("where[{i}].compare"),
                compare,
                Signal::derive(move || property_values_list(&property.get())),
                move |c, cmp| {
                    if let Condition::Event(e) = c {
                        if let Some(f) = e.filters.get_mut(i) {
                            f.compare = cmp;
                        }
                    }
                },
            )}
        </div>
    }
}

fn comparison_editor(
    node: Node,
    prefix: &'static str,
    field: String,
    compare: Memo<Option<Comparison>>,
    values: Signal<String>,
    set: impl Fn(&mut Condition, Comparison) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let ctx = node.tree.ctx;
    let state = ctx.state;
    let locked = ctx.locked;
    let op = Memo::new(move |_| compare.with(|c| c.as_ref().map_or(Op::Equals, Op::of)));
    let text = Memo::new(move |_| compare.with(|c| c.as_ref().map(value_text).unwrap_or_default()));
    let field = StoredValue::new(field);
    let value_path = move || node.path_of(&format!("{}.value", field.get_value()));
    let value_input = move || {
        (op.get() != Op::Exists).then(|| {
            let numeric = op.get().numeric();
            view! {
                <input
                    type=if numeric { "number" } else { "text" }
                    class=format!("{prefix}-value")
                    list=values
                    autocomplete="off"
                    placeholder="value"
                    aria-label="Value"
                    disabled=locked
                    title=move || locked.get().then_some(LOCKED_REASON)
                    prop:value=text
                    aria-invalid=move || invalid(state, &value_path())
                    aria-describedby=move || described_by(state, &value_path(), "")
                    on:input:target=move |ev| {
                        let typed = ev.target().value();
                        if let Some(cmp) = op.get_untracked().build(&typed) {
                            node.set(&format!("{}.value", field.get_value()), move |c| set(c, cmp));
                        }
                    }
                />
            }
        })
    };
    view! {
        <div class="row-line comparison">
            <select
                class=format!("{prefix}-op")
                aria-label="Comparison"
                disabled=locked
                title=move || locked.get().then_some(LOCKED_REASON)
                aria-describedby=move || locked.get().then_some(LOCKED_NOTE_ID)
                on:change:target=move |ev| {
                    let Some(new_op) = Op::parse(&ev.target().value()) else {
                        return;
                    };
                    let current = text.get_untracked();
                    let cmp = new_op
                        .build(&current)
                        .or_else(|| new_op.build("0"))
                        .unwrap_or(Comparison::Exists);
                    node.set(&format!("{}.op", field.get_value()), move |c| set(c, cmp));
                }
            >
                {OPS
                    .into_iter()
                    .map(|(o, v, label)| {
                        view! {
                            <option value=v prop:selected=move || op.get() == o>
                                {label}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            {value_input}
        </div>
        {field_error(state, value_path)}
    }
}

fn trait_row(node: Node) -> impl IntoView {
    let ctx = node.tree.ctx;
    let state = ctx.state;
    let locked = ctx.locked;
    let cond = Memo::new(move |_| {
        node.with(|c| match c {
            Condition::Trait(t) => Some(t.clone()),
            _ => None,
        })
        .flatten()
    });
    let name = Memo::new(move |_| {
        cond.with(|t| t.as_ref().map(|t| t.trait_name.clone()).unwrap_or_default())
    });
    let compare = Memo::new(move |_| cond.with(|t| t.as_ref().map(|t| t.compare.clone())));
    let name_path = move || node.path_of("trait");
    view! {
        <div class="condition-row trait-row" data-kind="trait">
            <div class="row-head">
                <span class="row-kind">"Trait"</span>
                {remove_button(node, "Remove this trait condition")}
            </div>
            <input
                type="text"
                class="trait-name"
                list=TRAIT_LIST
                autocomplete="off"
                placeholder="Trait name, e.g. plan"
                aria-label="Trait name"
                disabled=locked
                title=move || locked.get().then_some(LOCKED_REASON)
                prop:value=name
                aria-invalid=move || invalid(state, &name_path())
                aria-describedby=move || described_by(state, &name_path(), "")
                on:input:target=move |ev| {
                    let v = ev.target().value();
                    node.set(
                        "trait",
                        move |c| {
                            if let Condition::Trait(TraitCondition { trait_name, .. }) = c {
                                *trait_name = v;
                            }
                        },
                    );
                }
            />
            {field_error(state, name_path)}
            {comparison_editor(
                node,
                "trait",
                "compare".to_string(),
                compare,
                Signal::derive(move || trait_values_list(&name.get())),
                |c, cmp| {
                    if let Condition::Trait(t) = c {
                        t.compare = cmp;
                    }
                },
            )}
        </div>
    }
}

fn audience_row(node: Node) -> impl IntoView {
    let ctx = node.tree.ctx;
    let state = ctx.state;
    let locked = ctx.locked;
    let cond = Memo::new(move |_| {
        node.with(|c| match c {
            Condition::Audience(a) => Some(a.clone()),
            _ => None,
        })
        .flatten()
    });
    let name = Memo::new(move |_| {
        cond.with(|a| a.as_ref().map(|a| a.audience.clone()).unwrap_or_default())
    });
    let member = Memo::new(move |_| cond.with(|a| a.as_ref().is_none_or(|a| a.member)));
    let name_path = move || node.path_of("audience");
    view! {
        <div class="condition-row audience-row" data-kind="audience">
            <div class="row-head">
                <span class="row-kind">"Audience"</span>
                {remove_button(node, "Remove this audience condition")}
            </div>
            <div class="row-line">
                <select
                    class="audience-member"
                    aria-label="Membership"
                    disabled=locked
                    title=move || locked.get().then_some(LOCKED_REASON)
                    aria-describedby=move || locked.get().then_some(LOCKED_NOTE_ID)
                    on:change:target=move |ev| {
                        let yes = ev.target().value() == "member";
                        node.set(
                            "member",
                            move |c| {
                                if let Condition::Audience(a) = c {
                                    a.member = yes;
                                }
                            },
                        );
                    }
                >
                    <option value="member" prop:selected=member>
                        "is a member"
                    </option>
                    <option value="not_member" prop:selected=move || !member.get()>
                        "is not a member"
                    </option>
                </select>
                <span class="row-word">"of"</span>
            </div>
            <input
                type="text"
                class="audience-name"
                list=AUDIENCE_LIST
                autocomplete="off"
                placeholder="Audience key"
                aria-label="Audience"
                disabled=locked
                title=move || locked.get().then_some(LOCKED_REASON)
                prop:value=name
                aria-invalid=move || invalid(state, &name_path())
                aria-describedby=move || described_by(state, &name_path(), "")
                on:input:target=move |ev| {
                    let v = ev.target().value();
                    node.set(
                        "audience",
                        move |c| {
                            if let Condition::Audience(a) = c {
                                a.audience = v;
                            }
                        },
                    );
                }
            />
            {field_error(state, name_path)}
        </div>
    }
}
