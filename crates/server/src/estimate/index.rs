//! The in-memory index the estimates read: profiles with their traits, and
//! per event name a time-ordered table of (time, profile, properties).
//!
//! Built from SQLite at start-up and kept current by ingest (after each
//! commit). Property names and values are interned; a row's properties are
//! a slice of (name id, value id) pairs in one arena per event name.

use super::value::Val;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// No value in a trait column.
pub(super) const NONE: u32 = u32::MAX;
/// Late (out-of-order) rows wait in a small unsorted buffer until this many.
const PENDING_MAX: usize = 4096;

/// One occurrence of an event.
#[derive(Debug, Clone, Copy)]
pub(super) struct Row {
    /// When, in ms.
    pub ts: i64,
    /// The profile's dense number.
    pub user: u32,
    /// Start of its properties in the table's arena.
    pub start: u32,
    /// How many properties.
    pub len: u32,
}

/// Every occurrence of one event name.
#[derive(Debug, Default)]
pub(super) struct EventTable {
    /// Sorted by time.
    pub rows: Vec<Row>,
    /// Out-of-order rows not merged yet (unsorted, small).
    pub pending: Vec<Row>,
    /// (property name id, value id) pairs.
    pub pairs: Vec<(u32, u32)>,
}

impl EventTable {
    fn push(&mut self, row: Row) {
        let in_order = self.pending.is_empty() && self.rows.last().is_none_or(|l| l.ts <= row.ts);
        if in_order {
            self.rows.push(row);
            return;
        }
        self.pending.push(row);
        if self.pending.len() >= PENDING_MAX {
            self.pending.sort_by_key(|r| r.ts);
            let old = std::mem::take(&mut self.rows);
            let mut merged = Vec::with_capacity(old.len() + self.pending.len());
            let (mut a, mut b) = (
                old.into_iter().peekable(),
                self.pending.drain(..).peekable(),
            );
            loop {
                let take_a = match (a.peek(), b.peek()) {
                    (Some(x), Some(y)) => x.ts <= y.ts,
                    (Some(_), None) => true,
                    (None, Some(_)) => false,
                    (None, None) => break,
                };
                let next = if take_a { a.next() } else { b.next() };
                merged.extend(next);
            }
            self.rows = merged;
        }
    }

    /// Every row, sorted part first, with `lo < ts <= hi` (`lo` None: no lower bound).
    pub fn each_in(&self, lo: Option<i64>, hi: i64, mut f: impl FnMut(&Row)) {
        let start = lo.map_or(0, |lo| self.rows.partition_point(|r| r.ts <= lo));
        let end = self.rows.partition_point(|r| r.ts <= hi);
        if start < end {
            self.rows[start..end].iter().for_each(&mut f);
        }
        self.pending
            .iter()
            .filter(|r| r.ts <= hi && lo.is_none_or(|lo| r.ts > lo))
            .for_each(f);
    }

    /// The properties of a row.
    pub fn props(&self, r: &Row) -> &[(u32, u32)] {
        let s = r.start as usize;
        &self.pairs[s..s + r.len as usize]
    }

    /// How many rows.
    pub fn len(&self) -> usize {
        self.rows.len() + self.pending.len()
    }
}

/// A profile: its id and merged traits.
#[derive(Debug, Clone)]
pub struct Profile {
    /// `userId` (or `anonymousId`).
    pub id: Box<str>,
    /// Merged identify traits.
    pub traits: Map<String, Value>,
}

/// Everything the estimates read.
#[derive(Debug, Default)]
pub struct Index {
    pub(super) profiles: Vec<Profile>,
    by_id: HashMap<Box<str>, u32>,
    pub(super) events: HashMap<String, EventTable>,
    names: HashMap<Box<str>, u32>,
    pub(super) name_list: Vec<Box<str>>,
    value_ids: HashMap<Val, u32>,
    pub(super) values: Vec<Val>,
    /// Per trait name, the value id of each profile (`NONE`: absent); may be
    /// shorter than `profiles` (missing entries are absent).
    pub(super) traits: HashMap<String, Vec<u32>>,
    events_total: u64,
}

impl Index {
    /// An empty index.
    pub fn new() -> Index {
        Index::default()
    }

    /// How many profiles.
    pub fn profile_count(&self) -> usize {
        self.profiles.len()
    }

    /// How many named events (track, page, screen).
    pub fn event_count(&self) -> u64 {
        self.events_total
    }

    /// A profile by its dense number.
    pub fn profile(&self, n: u32) -> Option<&Profile> {
        self.profiles.get(n as usize)
    }

    /// The dense number of a property name, if any event has it.
    pub(super) fn name_id(&self, name: &str) -> Option<u32> {
        self.names.get(name).copied()
    }

    /// The dense number of a profile, created (without traits) if new.
    pub fn profile_number(&mut self, id: &str) -> u32 {
        if let Some(&n) = self.by_id.get(id) {
            return n;
        }
        let n = self.profiles.len() as u32;
        self.profiles.push(Profile {
            id: id.into(),
            traits: Map::new(),
        });
        self.by_id.insert(id.into(), n);
        n
    }

    fn intern_name(&mut self, name: &str) -> u32 {
        if let Some(&n) = self.names.get(name) {
            return n;
        }
        let n = self.name_list.len() as u32;
        self.name_list.push(name.into());
        self.names.insert(name.into(), n);
        n
    }

    fn intern_value(&mut self, v: Val) -> u32 {
        if let Some(&n) = self.value_ids.get(&v) {
            return n;
        }
        let n = self.values.len() as u32;
        self.values.push(v.clone());
        self.value_ids.insert(v, n);
        n
    }

    /// Sets a profile's traits to `traits` (already merged).
    pub fn set_traits(&mut self, id: &str, traits: Map<String, Value>) {
        let n = self.profile_number(id) as usize;
        let old: Vec<String> = self.profiles[n].traits.keys().cloned().collect();
        for k in old {
            if let Some(col) = self.traits.get_mut(&k) {
                if let Some(slot) = col.get_mut(n) {
                    *slot = NONE;
                }
            }
        }
        for (k, v) in &traits {
            let Some(val) = Val::from_json(v) else {
                continue;
            };
            let id = self.intern_value(val);
            let col = self.traits.entry(k.clone()).or_default();
            if col.len() <= n {
                col.resize(n + 1, NONE);
            }
            col[n] = id;
        }
        self.profiles[n].traits = traits;
    }

    /// Merges identify traits into a profile (the store's rule).
    pub fn merge_traits(&mut self, id: &str, new: &Map<String, Value>) {
        let n = self.profile_number(id) as usize;
        let mut traits = self.profiles[n].traits.clone();
        crate::store::merge_traits(&mut traits, new);
        self.set_traits(id, traits);
    }

    /// Adds one occurrence of a named event.
    pub fn add_event(&mut self, event: &str, ts: i64, profile: &str, props: &Map<String, Value>) {
        let user = self.profile_number(profile);
        let mut pairs = Vec::with_capacity(props.len());
        for (k, v) in props {
            if let Some(val) = Val::from_json(v) {
                let name = self.intern_name(k);
                let value = self.intern_value(val);
                pairs.push((name, value));
            }
        }
        let table = match self.events.get_mut(event) {
            Some(t) => t,
            None => self.events.entry(event.to_string()).or_default(),
        };
        let start = table.pairs.len() as u32;
        let len = pairs.len() as u32;
        table.pairs.extend(pairs);
        table.push(Row {
            ts,
            user,
            start,
            len,
        });
        self.events_total += 1;
    }

    /// The value of trait `name` of profile `n`.
    pub(super) fn trait_value(&self, col: Option<&Vec<u32>>, n: usize) -> Option<&Val> {
        let id = *col?.get(n)?;
        (id != NONE).then(|| &self.values[id as usize])
    }
}
