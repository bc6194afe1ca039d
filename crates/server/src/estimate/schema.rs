//! What the data offers the condition builder: event names with counts, per
//! event its property names with their most common values, trait names.

use super::index::{Index, NONE};
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

/// How many values of a property or trait are listed.
pub const TOP_VALUES: usize = 10;

/// The schema of the data.
#[derive(Debug, Clone, Serialize)]
pub struct Schema {
    /// Profiles in the data.
    pub profiles: u64,
    /// Every event name, most frequent first.
    pub events: Vec<EventSchema>,
    /// Every trait name, most common first.
    pub traits: Vec<FieldSchema>,
}

/// One event name.
#[derive(Debug, Clone, Serialize)]
pub struct EventSchema {
    /// The name (`Order Completed`).
    pub name: String,
    /// How many times it occurred.
    pub count: u64,
    /// Its property names, most common first.
    pub properties: Vec<FieldSchema>,
}

/// A property or trait name.
#[derive(Debug, Clone, Serialize)]
pub struct FieldSchema {
    /// The name.
    pub name: String,
    /// The JSON types seen (`string`, `number`, `boolean`, `array`, `object`).
    pub types: Vec<&'static str>,
    /// How many events (or profiles) have it.
    pub count: u64,
    /// Up to ten of the most common values with their counts.
    pub top_values: Vec<ValueCount>,
}

/// A value and how often it occurs.
#[derive(Debug, Clone, Serialize)]
pub struct ValueCount {
    /// The value.
    pub value: Value,
    /// How often.
    pub count: u64,
}

fn field(index: &Index, name: String, counts: HashMap<u32, u64>) -> FieldSchema {
    let total = counts.values().sum();
    let types: BTreeSet<&'static str> = counts
        .keys()
        .map(|v| index.values[*v as usize].type_name())
        .collect();
    let mut top: Vec<(u32, u64)> = counts.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    FieldSchema {
        name,
        types: types.into_iter().collect(),
        count: total,
        top_values: top
            .into_iter()
            .take(TOP_VALUES)
            .map(|(v, count)| ValueCount {
                value: index.values[v as usize].to_json(),
                count,
            })
            .collect(),
    }
}

fn sorted(mut fields: Vec<FieldSchema>) -> Vec<FieldSchema> {
    fields.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    fields
}

/// The schema of everything in the index.
pub fn schema(index: &Index) -> Schema {
    let mut events: Vec<EventSchema> = index
        .events
        .iter()
        .map(|(name, table)| {
            let mut per_name: HashMap<u32, HashMap<u32, u64>> = HashMap::new();
            for (k, v) in &table.pairs {
                *per_name.entry(*k).or_default().entry(*v).or_default() += 1;
            }
            let properties = per_name
                .into_iter()
                .map(|(k, counts)| field(index, index.name_list[k as usize].to_string(), counts))
                .collect();
            EventSchema {
                name: name.clone(),
                count: table.len() as u64,
                properties: sorted(properties),
            }
        })
        .collect();
    events.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    let traits = index
        .traits
        .iter()
        .map(|(name, col)| {
            let mut counts: HashMap<u32, u64> = HashMap::new();
            for v in col.iter().filter(|v| **v != NONE) {
                *counts.entry(*v).or_default() += 1;
            }
            field(index, name.clone(), counts)
        })
        .filter(|f| f.count > 0)
        .collect();
    Schema {
        profiles: index.profile_count() as u64,
        events,
        traits: sorted(traits),
    }
}
