//! Exclusivity: whether two conditions provably cannot hold for the same user.
//!
//! Used by the overlapping-branches lint. The analysis is conservative: it
//! answers `true` only when no user can meet both conditions, and `false`
//! whenever it cannot prove that (so a `false` may be a false alarm, never
//! the reverse). What it proves:
//!
//! - any-of groups: exclusive when every member is exclusive with the other side;
//! - all-of groups: exclusive when one member is exclusive with the other side;
//! - the same event, where one side counts a subset of the other's
//!   occurrences (a window no longer, the same property filters or more) and
//!   needs more of them than the other allows: `E ≥ 1` vs `E exactly 0`,
//!   `E ≥ 3 within 1 day` vs `E ≤ 1 within 7 days`;
//! - the same trait compared incompatibly: `= "gold"` vs `= "silver"`,
//!   `= v` vs `≠ v`, `> 100` vs `< 50`, `= 10` vs `> 20`;
//! - the same audience, member vs not a member.

use crate::condition::{
    AudienceCondition, Comparison, Condition, ConditionGroup, CountOp, EventCondition, Scalar,
    TraitCondition,
};

/// Whether no user can meet both `a` and `b` (see the module docs for what is proven).
pub fn exclusive(a: &Condition, b: &Condition) -> bool {
    match (a, b) {
        // Splitting any-of groups first is exact, and gives all-of groups
        // below the best chance of finding an exclusive member.
        (Condition::AnyOf(ConditionGroup { conditions }), other)
        | (other, Condition::AnyOf(ConditionGroup { conditions })) => {
            !conditions.is_empty() && conditions.iter().all(|c| exclusive(c, other))
        }
        (Condition::AllOf(ConditionGroup { conditions }), other)
        | (other, Condition::AllOf(ConditionGroup { conditions })) => {
            conditions.iter().any(|c| exclusive(c, other))
        }
        (Condition::Event(x), Condition::Event(y)) => events_exclusive(x, y),
        (Condition::Trait(x), Condition::Trait(y)) => traits_exclusive(x, y),
        (Condition::Audience(x), Condition::Audience(y)) => audiences_exclusive(x, y),
        _ => false,
    }
}

/// The counts an event condition accepts, as an inclusive range (`None`: unbounded).
fn range(e: &EventCondition) -> (u64, Option<u64>) {
    let v = u64::from(e.count.value);
    match e.count.op {
        CountOp::AtLeast => (v, None),
        CountOp::Exactly => (v, Some(v)),
        CountOp::AtMost => (0, Some(v)),
    }
}

/// Whether every occurrence `inner` counts is also counted by `outer`
/// (same event, a window no longer, and at least `outer`'s filters).
fn counted_within(inner: &EventCondition, outer: &EventCondition) -> bool {
    let window_ok = match (inner.within, outer.within) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(i), Some(o)) => i.as_seconds() <= o.as_seconds(),
    };
    window_ok && outer.filters.iter().all(|f| inner.filters.contains(f))
}

fn events_exclusive(x: &EventCondition, y: &EventCondition) -> bool {
    if x.event != y.event {
        return false;
    }
    // When `inner`'s occurrences are a subset of `outer`'s, inner's count is at
    // most outer's: both hold only if inner's minimum fits under outer's maximum.
    let needs_more = |inner: &EventCondition, outer: &EventCondition| {
        counted_within(inner, outer) && range(outer).1.is_some_and(|max| range(inner).0 > max)
    };
    needs_more(x, y) || needs_more(y, x)
}

fn number(s: &Scalar) -> Option<f64> {
    match s {
        Scalar::Number(n) => Some(*n),
        _ => None,
    }
}

fn same_kind(a: &Scalar, b: &Scalar) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

/// Whether one value can satisfy both comparisons, as far as can be proven.
fn comparisons_exclusive(a: &Comparison, b: &Comparison) -> bool {
    use Comparison as C;
    match (a, b) {
        (C::Equals { value: x }, C::Equals { value: y }) => same_kind(x, y) && x != y,
        (C::Equals { value: x }, C::NotEquals { value: y })
        | (C::NotEquals { value: y }, C::Equals { value: x }) => x == y,
        (C::GreaterThan { value: lo }, C::LessThan { value: hi })
        | (C::LessThan { value: hi }, C::GreaterThan { value: lo }) => hi <= lo,
        (C::Equals { value }, C::GreaterThan { value: lo })
        | (C::GreaterThan { value: lo }, C::Equals { value }) => {
            number(value).is_some_and(|n| n <= *lo)
        }
        (C::Equals { value }, C::LessThan { value: hi })
        | (C::LessThan { value: hi }, C::Equals { value }) => {
            number(value).is_some_and(|n| n >= *hi)
        }
        (C::Equals { value }, C::Contains { value: part })
        | (C::Contains { value: part }, C::Equals { value }) => {
            matches!(value, Scalar::Text(t) if !t.contains(part.as_str()))
        }
        _ => false,
    }
}

fn traits_exclusive(x: &TraitCondition, y: &TraitCondition) -> bool {
    x.trait_name == y.trait_name && comparisons_exclusive(&x.compare, &y.compare)
}

fn audiences_exclusive(x: &AudienceCondition, y: &AudienceCondition) -> bool {
    x.audience == y.audience && x.member != y.member
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::condition::{AudienceCondition, Count, Duration, PropertyFilter, TimeUnit};

    fn all(c: Vec<Condition>) -> Condition {
        Condition::AllOf(ConditionGroup { conditions: c })
    }
    fn any(c: Vec<Condition>) -> Condition {
        Condition::AnyOf(ConditionGroup { conditions: c })
    }
    fn did(e: &str) -> Condition {
        Condition::event(e, Count::at_least(1))
    }
    fn never(e: &str) -> Condition {
        Condition::event(e, Count::exactly(0))
    }
    fn days(n: u32) -> Duration {
        Duration::new(n, TimeUnit::Days)
    }
    fn equals(t: &str, v: Scalar) -> Condition {
        Condition::trait_cmp(t, Comparison::Equals { value: v })
    }
    fn both_ways(a: &Condition, b: &Condition) -> bool {
        let (x, y) = (exclusive(a, b), exclusive(b, a));
        assert_eq!(x, y, "exclusivity is symmetric: {a} / {b}");
        x
    }

    #[test]
    fn the_seeds_webinar_example_overlaps_until_branch_2_excludes_branch_1() {
        let webinar = did("webinar attended");
        let registered = did("registration form submitted");
        assert!(!both_ways(&webinar, &registered));
        let fixed = all(vec![
            did("registration form submitted"),
            never("webinar attended"),
        ]);
        assert!(both_ways(&webinar, &fixed));
    }

    #[test]
    fn counts_of_the_same_event_in_the_same_window() {
        let w = |c: Count| Condition::event_within("Order Completed", c, days(30));
        assert!(both_ways(&w(Count::at_least(3)), &w(Count::at_most(2))));
        assert!(both_ways(&w(Count::exactly(1)), &w(Count::exactly(2))));
        assert!(both_ways(&w(Count::at_least(1)), &w(Count::exactly(0))));
        assert!(!both_ways(&w(Count::at_least(2)), &w(Count::at_most(2))));
        assert!(!both_ways(&w(Count::at_least(1)), &w(Count::at_least(3))));
        // Different events never exclude each other.
        let other = Condition::event_within("Page Viewed", Count::exactly(0), days(30));
        assert!(!both_ways(&w(Count::at_least(1)), &other));
    }

    #[test]
    fn windows_and_filters_are_compared_as_subsets() {
        let e = |c: Count, d: Option<u32>| match d {
            Some(d) => Condition::event_within("Page Viewed", c, days(d)),
            None => Condition::event("Page Viewed", c),
        };
        // 3 in the last day implies 3 in the last week.
        assert!(both_ways(
            &e(Count::at_least(3), Some(1)),
            &e(Count::at_most(1), Some(7))
        ));
        assert!(both_ways(
            &e(Count::at_least(1), Some(7)),
            &e(Count::exactly(0), None)
        ));
        // Performed in the last week vs not in the last day: both can hold.
        assert!(!both_ways(
            &e(Count::at_least(1), Some(7)),
            &e(Count::exactly(0), Some(1))
        ));
        let filtered = Condition::Event(EventCondition {
            event: "Page Viewed".into(),
            count: Count::at_least(1),
            within: None,
            filters: vec![PropertyFilter {
                property: "utm_source".into(),
                compare: Comparison::Equals {
                    value: Scalar::Text("ads".into()),
                },
            }],
        });
        // A filtered view implies a view ...
        assert!(both_ways(&filtered, &e(Count::exactly(0), None)));
        // ... but no filtered view says nothing about views in general.
        let none_filtered = match &filtered {
            Condition::Event(f) => Condition::Event(EventCondition {
                count: Count::exactly(0),
                ..f.clone()
            }),
            _ => unreachable!(),
        };
        assert!(!both_ways(&none_filtered, &e(Count::at_least(1), None)));
        assert!(both_ways(&none_filtered, &filtered));
    }

    #[test]
    fn traits_and_audiences() {
        let text = |s: &str| Scalar::Text(s.into());
        assert!(both_ways(
            &equals("plan", text("gold")),
            &equals("plan", text("silver"))
        ));
        assert!(!both_ways(
            &equals("plan", text("gold")),
            &equals("tier", text("silver"))
        ));
        assert!(!both_ways(
            &equals("plan", text("1")),
            &equals("plan", Scalar::Number(1.0))
        ));
        let cmp = |c: Comparison| Condition::trait_cmp("clv", c);
        assert!(both_ways(
            &cmp(Comparison::GreaterThan { value: 100.0 }),
            &cmp(Comparison::LessThan { value: 50.0 })
        ));
        assert!(!both_ways(
            &cmp(Comparison::GreaterThan { value: 50.0 }),
            &cmp(Comparison::LessThan { value: 100.0 })
        ));
        assert!(both_ways(
            &cmp(Comparison::Equals {
                value: Scalar::Number(10.0)
            }),
            &cmp(Comparison::GreaterThan { value: 20.0 })
        ));
        assert!(both_ways(
            &equals("clv", text("x")),
            &cmp(Comparison::NotEquals { value: text("x") })
        ));
        assert!(!both_ways(
            &cmp(Comparison::Exists),
            &equals("clv", text("x"))
        ));
        let aud = |member| {
            Condition::Audience(AudienceCondition {
                audience: "vip".into(),
                member,
            })
        };
        assert!(both_ways(&aud(true), &aud(false)));
        assert!(!both_ways(&aud(true), &aud(true)));
    }

    #[test]
    fn groups_distribute() {
        // (gold or silver) vs bronze: exclusive; (gold or anything) vs bronze: not.
        let text = |s: &str| Scalar::Text(s.into());
        let gold_or_silver = any(vec![
            equals("plan", text("gold")),
            equals("plan", text("silver")),
        ]);
        assert!(both_ways(&gold_or_silver, &equals("plan", text("bronze"))));
        let gold_or_did = any(vec![equals("plan", text("gold")), did("A")]);
        assert!(!both_ways(&gold_or_did, &equals("plan", text("bronze"))));
        // all-of [A never, B never] vs any-of [A, B]: each alternative is excluded.
        let neither = all(vec![never("A"), never("B")]);
        assert!(both_ways(&neither, &any(vec![did("A"), did("B")])));
        // Empty groups prove nothing.
        assert!(!both_ways(&any(vec![]), &did("A")));
        assert!(!both_ways(&all(vec![]), &did("A")));
    }
}
