//! Conditions: who enters, who waits, which branch a user takes.
//!
//! A condition is a tree: event counts, trait comparisons and audience
//! membership at the leaves, all-of / any-of groups above them.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A unit of time for windows and waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    /// Minutes.
    Minutes,
    /// Hours.
    Hours,
    /// Days.
    Days,
    /// Weeks.
    Weeks,
}

impl TimeUnit {
    /// Every unit, shortest first (for pickers).
    pub const ALL: [TimeUnit; 4] = [
        TimeUnit::Minutes,
        TimeUnit::Hours,
        TimeUnit::Days,
        TimeUnit::Weeks,
    ];

    /// Seconds in one unit.
    pub fn seconds(self) -> u64 {
        match self {
            TimeUnit::Minutes => 60,
            TimeUnit::Hours => 3_600,
            TimeUnit::Days => 86_400,
            TimeUnit::Weeks => 604_800,
        }
    }

    fn word(self, amount: u32) -> &'static str {
        match (self, amount == 1) {
            (TimeUnit::Minutes, true) => "minute",
            (TimeUnit::Minutes, false) => "minutes",
            (TimeUnit::Hours, true) => "hour",
            (TimeUnit::Hours, false) => "hours",
            (TimeUnit::Days, true) => "day",
            (TimeUnit::Days, false) => "days",
            (TimeUnit::Weeks, true) => "week",
            (TimeUnit::Weeks, false) => "weeks",
        }
    }
}

/// An amount of time: `1 hour`, `180 days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Duration {
    /// How many units (at least 1 to be valid).
    pub amount: u32,
    /// Which unit.
    pub unit: TimeUnit,
}

impl Duration {
    /// A duration of `amount` `unit`s.
    pub fn new(amount: u32, unit: TimeUnit) -> Self {
        Duration { amount, unit }
    }

    /// The duration in seconds.
    pub fn as_seconds(self) -> u64 {
        u64::from(self.amount) * self.unit.seconds()
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.unit.word(self.amount))
    }
}

/// How an event count is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CountOp {
    /// Performed at least N times.
    AtLeast,
    /// Performed exactly N times (`exactly 0` means never in the window).
    Exactly,
    /// Performed at most N times.
    AtMost,
}

/// "at least 1", "exactly 0", "at most 3".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Count {
    /// The comparison.
    pub op: CountOp,
    /// The number of times.
    pub value: u32,
}

impl Count {
    /// Performed at least `n` times.
    pub fn at_least(n: u32) -> Self {
        Count {
            op: CountOp::AtLeast,
            value: n,
        }
    }
    /// Performed exactly `n` times.
    pub fn exactly(n: u32) -> Self {
        Count {
            op: CountOp::Exactly,
            value: n,
        }
    }
    /// Performed at most `n` times.
    pub fn at_most(n: u32) -> Self {
        Count {
            op: CountOp::AtMost,
            value: n,
        }
    }

    /// Whether `n` occurrences satisfy this count.
    pub fn matches(self, n: u64) -> bool {
        let v = u64::from(self.value);
        match self.op {
            CountOp::AtLeast => n >= v,
            CountOp::Exactly => n == v,
            CountOp::AtMost => n <= v,
        }
    }
}

impl fmt::Display for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let times = if self.value == 1 { "time" } else { "times" };
        match (self.op, self.value) {
            (CountOp::Exactly | CountOp::AtMost, 0) => write!(f, "0 times"),
            (CountOp::AtLeast, v) => write!(f, "≥ {v} {times}"),
            (CountOp::Exactly, v) => write!(f, "exactly {v} {times}"),
            (CountOp::AtMost, v) => write!(f, "≤ {v} {times}"),
        }
    }
}

/// A literal a property or trait is compared with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    /// `true` / `false`.
    Bool(bool),
    /// A number.
    Number(f64),
    /// Text.
    Text(String),
}

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scalar::Bool(b) => write!(f, "{b}"),
            Scalar::Number(n) => write!(f, "{n}"),
            Scalar::Text(s) => write!(f, "\"{s}\""),
        }
    }
}

/// A comparison of a property or trait value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Comparison {
    /// Equal to the value (text compares case-sensitively).
    Equals {
        /// The value.
        value: Scalar,
    },
    /// Present and not equal to the value.
    NotEquals {
        /// The value.
        value: Scalar,
    },
    /// Text that contains the value.
    Contains {
        /// The text looked for.
        value: String,
    },
    /// A number greater than the value.
    GreaterThan {
        /// The bound.
        value: f64,
    },
    /// A number less than the value.
    LessThan {
        /// The bound.
        value: f64,
    },
    /// Present, with any value.
    Exists,
}

impl fmt::Display for Comparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Comparison::Equals { value } => write!(f, "= {value}"),
            Comparison::NotEquals { value } => write!(f, "≠ {value}"),
            Comparison::Contains { value } => write!(f, "contains \"{value}\""),
            Comparison::GreaterThan { value } => write!(f, "> {value}"),
            Comparison::LessThan { value } => write!(f, "< {value}"),
            Comparison::Exists => write!(f, "exists"),
        }
    }
}

/// A filter on an event's properties: `utm_source = "facebook"`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PropertyFilter {
    /// The property name.
    pub property: String,
    /// How its value is compared.
    pub compare: Comparison,
}

/// "Performed Product Added at least once within 1 day where ...".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventCondition {
    /// The event name (`Product Added`).
    pub event: String,
    /// How many times.
    pub count: Count,
    /// Only events within this window before now count; `None` means all time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within: Option<Duration>,
    /// Only events whose properties match every filter count.
    #[serde(default, rename = "where", skip_serializing_if = "Vec::is_empty")]
    pub filters: Vec<PropertyFilter>,
}

/// "Customer Lifetime Value > 100".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TraitCondition {
    /// The trait name.
    #[serde(rename = "trait")]
    pub trait_name: String,
    /// How its value is compared.
    pub compare: Comparison,
}

/// Membership (or not) of an existing audience.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AudienceCondition {
    /// The audience's key.
    pub audience: String,
    /// `true`: is a member; `false`: is not.
    #[serde(default = "yes")]
    pub member: bool,
}

fn yes() -> bool {
    true
}

/// The members of an all-of or any-of group.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionGroup {
    /// The conditions (nested groups allowed).
    pub conditions: Vec<Condition>,
}

/// A condition on a user.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(remote = "Self", rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    /// An event performed a number of times.
    Event(EventCondition),
    /// A trait comparison.
    Trait(TraitCondition),
    /// Audience membership.
    Audience(AudienceCondition),
    /// Every condition holds. An empty group is an incomplete condition.
    AllOf(ConditionGroup),
    /// At least one condition holds. An empty group is an incomplete condition.
    AnyOf(ConditionGroup),
}

impl Default for Condition {
    /// An empty all-of group: what a new step starts with.
    fn default() -> Self {
        Condition::AllOf(ConditionGroup::default())
    }
}

impl Condition {
    /// An event condition without window or filters.
    pub fn event(event: impl Into<String>, count: Count) -> Self {
        Condition::Event(EventCondition {
            event: event.into(),
            count,
            within: None,
            filters: Vec::new(),
        })
    }

    /// An event condition within a time window.
    pub fn event_within(event: impl Into<String>, count: Count, within: Duration) -> Self {
        Condition::Event(EventCondition {
            event: event.into(),
            count,
            within: Some(within),
            filters: Vec::new(),
        })
    }

    /// A trait comparison.
    pub fn trait_cmp(name: impl Into<String>, compare: Comparison) -> Self {
        Condition::Trait(TraitCondition {
            trait_name: name.into(),
            compare,
        })
    }

    /// Whether this condition has nothing in it (an empty group, or groups of empty groups).
    pub fn is_empty(&self) -> bool {
        match self {
            Condition::AllOf(ConditionGroup { conditions })
            | Condition::AnyOf(ConditionGroup { conditions }) => {
                conditions.iter().all(Condition::is_empty)
            }
            _ => false,
        }
    }

    /// Every leaf condition, depth first.
    pub fn leaves(&self) -> Vec<&Condition> {
        let mut out = Vec::new();
        self.collect_leaves(&mut out);
        out
    }

    fn collect_leaves<'a>(&'a self, out: &mut Vec<&'a Condition>) {
        match self {
            Condition::AllOf(ConditionGroup { conditions })
            | Condition::AnyOf(ConditionGroup { conditions }) => {
                conditions.iter().for_each(|c| c.collect_leaves(out))
            }
            leaf => out.push(leaf),
        }
    }
}

impl fmt::Display for Condition {
    /// A one-line summary: `Product Added ≥ 1 time within 1 day, and Order Completed 0 times within 1 day`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Condition::Event(e) => {
                write!(f, "{} {}", e.event, e.count)?;
                for (i, filter) in e.filters.iter().enumerate() {
                    let join = if i == 0 { " where" } else { " and" };
                    write!(f, "{join} {} {}", filter.property, filter.compare)?;
                }
                if let Some(w) = e.within {
                    write!(f, " within {w}")?;
                }
                Ok(())
            }
            Condition::Trait(t) => write!(f, "{} {}", t.trait_name, t.compare),
            Condition::Audience(a) if a.member => write!(f, "in audience {}", a.audience),
            Condition::Audience(a) => write!(f, "not in audience {}", a.audience),
            Condition::AllOf(ConditionGroup { conditions })
            | Condition::AnyOf(ConditionGroup { conditions }) => {
                if conditions.is_empty() {
                    return write!(f, "(no condition yet)");
                }
                let join = if matches!(self, Condition::AllOf(_)) {
                    ", and "
                } else {
                    ", or "
                };
                for (i, c) in conditions.iter().enumerate() {
                    if i > 0 {
                        f.write_str(join)?;
                    }
                    let nested = matches!(c, Condition::AllOf(_) | Condition::AnyOf(_));
                    if nested {
                        write!(f, "({c})")?;
                    } else {
                        write!(f, "{c}")?;
                    }
                }
                Ok(())
            }
        }
    }
}

impl Serialize for Condition {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        crate::tagged::serialize(
            Condition::serialize(self, serde_json::value::Serializer),
            "type",
            s,
        )
    }
}

impl<'de> Deserialize<'de> for Condition {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::tagged::deserialize(d, "type", |de| Condition::deserialize(de))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_of_cart_abandoners_reads_like_the_seed() {
        let c = Condition::AllOf(ConditionGroup {
            conditions: vec![
                Condition::event_within(
                    "Product Added",
                    Count::at_least(1),
                    Duration::new(1, TimeUnit::Days),
                ),
                Condition::event_within(
                    "Order Completed",
                    Count::exactly(0),
                    Duration::new(1, TimeUnit::Days),
                ),
            ],
        });
        assert_eq!(
            c.to_string(),
            "Product Added ≥ 1 time within 1 day, and Order Completed 0 times within 1 day"
        );
    }

    #[test]
    fn empty_groups_are_empty_and_leaves_are_not() {
        assert!(Condition::default().is_empty());
        let nested = Condition::AnyOf(ConditionGroup {
            conditions: vec![Condition::default()],
        });
        assert!(nested.is_empty());
        assert!(!Condition::event("A", Count::at_least(1)).is_empty());
    }

    #[test]
    fn counts_match_as_named() {
        assert!(Count::exactly(0).matches(0));
        assert!(!Count::exactly(0).matches(1));
        assert!(Count::at_least(2).matches(2));
        assert!(!Count::at_least(2).matches(1));
        assert!(Count::at_most(1).matches(0));
        assert!(!Count::at_most(1).matches(2));
    }

    #[test]
    fn json_shape_round_trips_and_rejects_unknown_fields() {
        let json = r#"{"type":"event","event":"Page Viewed","count":{"op":"at_least","value":1},
            "within":{"amount":1,"unit":"days"},
            "where":[{"property":"utm_source","compare":{"op":"equals","value":"facebook"}}]}"#;
        let c: Condition = serde_json::from_str(json).expect("valid condition");
        let back: Condition =
            serde_json::from_str(&serde_json::to_string(&c).expect("serializes")).expect("parses");
        assert_eq!(c, back);
        let bad =
            r#"{"type":"event","event":"X","count":{"op":"at_least","value":1},"colour":"red"}"#;
        assert!(serde_json::from_str::<Condition>(bad).is_err());
        let bad_cmp =
            r#"{"type":"trait","trait":"clv","compare":{"op":"greater_than","value":1,"x":2}}"#;
        assert!(serde_json::from_str::<Condition>(bad_cmp).is_err());
    }
}
