//! Every step's full definition in words, for the overview.

use cairn_domain::step::{DestinationRef, Step};

/// The definition of `step` as labelled lines, e.g. `("Who enters", "Product Added ≥ 1 time")`.
pub fn definition(step: &Step) -> Vec<(&'static str, String)> {
    definition_named(step, &|id| id.to_string())
}

/// Like [`definition`], with destinations named by `name_of` (their id → their name).
pub fn definition_named(
    step: &Step,
    name_of: &dyn Fn(&str) -> String,
) -> Vec<(&'static str, String)> {
    match step {
        Step::EntryCondition {
            condition,
            use_historical_data,
            ..
        } => vec![
            ("Who enters", condition.to_string()),
            (
                "Historical data",
                if *use_historical_data {
                    "Used: users who matched before publishing enter too".into()
                } else {
                    "Not used: only users who match from publishing on enter".into()
                },
            ),
        ],
        Step::WaitForCondition { condition, .. } => vec![("Waits until", condition.to_string())],
        Step::WaitForDuration { duration, .. } => vec![("Waits", duration.to_string())],
        Step::TrueFalseSplit {
            condition,
            true_branch,
            false_branch,
            ..
        } => vec![
            ("Condition", condition.to_string()),
            (
                "Users who meet it",
                format!("go down “{}”", true_branch.name),
            ),
            (
                "Everyone else",
                format!("goes down “{}”", false_branch.name),
            ),
        ],
        Step::MultiBranchSplit { branches, .. } => branches
            .iter()
            .map(|b| ("Branch", format!("{}: {}", b.name, b.condition)))
            .collect(),
        Step::SendToDestinations {
            key, destinations, ..
        } => {
            let mut lines = vec![("Key", key.to_string())];
            if destinations.is_empty() {
                lines.push(("Destinations", "None connected yet".into()));
            }
            for d in destinations {
                let text = match d {
                    DestinationRef::Event {
                        destination_id,
                        call,
                    } => format!(
                        "{} (event destination, {call:?} calls)",
                        name_of(destination_id)
                    ),
                    DestinationRef::List { destination_id } => {
                        format!("{} (list destination)", name_of(destination_id))
                    }
                };
                lines.push(("Destination", text));
            }
            lines
        }
    }
}
