//! What makes a condition unfit to estimate, with the path to the field
//! (the same rules the domain's validation applies before publishing).

use cairn_domain::condition::Comparison;
use cairn_domain::Condition;
use serde::Serialize;

/// One problem of a condition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConditionProblem {
    /// Path to the field, like `condition.conditions[1].event`.
    pub path: String,
    /// `empty_condition`, `incomplete_condition` or `zero_duration`.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
}

fn push(out: &mut Vec<ConditionProblem>, path: String, code: &'static str, message: &str) {
    out.push(ConditionProblem {
        path,
        code,
        message: message.into(),
    });
}

fn comparison(path: String, c: &Comparison, out: &mut Vec<ConditionProblem>) {
    if let Comparison::Contains { value } = c {
        if value.is_empty() {
            push(
                out,
                format!("{path}.value"),
                "incomplete_condition",
                "Enter the text to look for",
            );
        }
    }
}

/// Every problem of `c`, whose path is `path`.
pub fn problems(path: &str, c: &Condition) -> Vec<ConditionProblem> {
    let mut out = Vec::new();
    walk(path.to_string(), c, &mut out);
    out
}

fn walk(path: String, c: &Condition, out: &mut Vec<ConditionProblem>) {
    match c {
        Condition::Event(e) => {
            if e.event.trim().is_empty() {
                push(
                    out,
                    format!("{path}.event"),
                    "incomplete_condition",
                    "Choose an event",
                );
            }
            if e.within.is_some_and(|w| w.amount == 0) {
                push(
                    out,
                    format!("{path}.within.amount"),
                    "zero_duration",
                    "A time window must be at least 1",
                );
            }
            for (i, f) in e.filters.iter().enumerate() {
                if f.property.trim().is_empty() {
                    push(
                        out,
                        format!("{path}.where[{i}].property"),
                        "incomplete_condition",
                        "Choose a property",
                    );
                }
                comparison(format!("{path}.where[{i}].compare"), &f.compare, out);
            }
        }
        Condition::Trait(t) => {
            if t.trait_name.trim().is_empty() {
                push(
                    out,
                    format!("{path}.trait"),
                    "incomplete_condition",
                    "Choose a trait",
                );
            }
            comparison(format!("{path}.compare"), &t.compare, out);
        }
        Condition::Audience(a) => {
            if a.audience.trim().is_empty() {
                push(
                    out,
                    format!("{path}.audience"),
                    "incomplete_condition",
                    "Choose an audience",
                );
            }
        }
        Condition::AllOf(g) | Condition::AnyOf(g) => {
            if g.conditions.is_empty() {
                push(out, path, "empty_condition", "Add at least one condition");
                return;
            }
            for (i, m) in g.conditions.iter().enumerate() {
                walk(format!("{path}.conditions[{i}]"), m, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cairn_domain::condition::ConditionGroup;
    use cairn_domain::{Count, Duration, TimeUnit};

    #[test]
    fn problems_name_the_path() {
        let c = Condition::AllOf(ConditionGroup {
            conditions: vec![
                Condition::event_within("", Count::at_least(1), Duration::new(0, TimeUnit::Days)),
                Condition::AnyOf(ConditionGroup::default()),
            ],
        });
        let p = problems("condition", &c);
        let paths: Vec<_> = p.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            vec![
                "condition.conditions[0].event",
                "condition.conditions[0].within.amount",
                "condition.conditions[1]"
            ]
        );
        assert!(problems("condition", &Condition::event("A", Count::at_least(1))).is_empty());
    }
}
