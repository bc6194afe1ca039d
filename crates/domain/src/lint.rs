//! Lints: the seeds' best practices, as warnings that never block saving or publishing.
//!
//! - [`LintCode::NoTimeWindow`]: "Add time windows whenever possible".
//! - [`LintCode::OverlappingBranches`]: "Enforce exclusivity in multi-branch splits".
//! - [`LintCode::NotReviewedAsDraft`]: "Review your Journey in drafts first".
//!
//! Each lint has a path and a step, like a [`crate::Problem`], so the builder
//! can show it beside the field.

use crate::condition::{Condition, ConditionGroup};
use crate::exclusive::exclusive;
use crate::graph::JourneyGraph;
use crate::journey::JourneySpec;
use crate::step::{Step, StepId};
use serde::{Deserialize, Serialize};

/// Which best practice a lint is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LintCode {
    /// An event condition counts events of all time: users may stay at the
    /// step forever, or keep qualifying on stale behaviour.
    NoTimeWindow,
    /// Two branches of a multi-branch split are not provably exclusive: a user
    /// meeting both conditions goes down both branches.
    OverlappingBranches,
    /// The content being published was never saved as a draft (a new journey,
    /// or unsaved changes saved and published at once).
    NotReviewedAsDraft,
}

/// One warning about a journey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lint {
    /// Path to the field, like `steps.3.branches[1].condition` (`.` for the whole journey).
    pub path: String,
    /// The step it is in, if any.
    pub step: Option<StepId>,
    /// The best practice.
    pub code: LintCode,
    /// What to consider, in words a marketer understands.
    pub message: String,
}

/// Every content lint of a journey's steps (time windows, overlapping
/// branches), in step order. The draft-review lint is [`not_reviewed_as_draft`].
pub fn lints(steps: &JourneyGraph) -> Vec<Lint> {
    let mut out = Vec::new();
    for id in steps.depth_first() {
        let Some(step) = steps.get(id) else { continue };
        for (suffix, c) in step.conditions() {
            windowless(&format!("steps.{id}.{suffix}"), id, c, &mut out);
        }
        if let Step::MultiBranchSplit { branches, .. } = step {
            for (j, later) in branches.iter().enumerate() {
                if later.condition.is_empty() {
                    continue;
                }
                for earlier in branches[..j].iter().filter(|b| !b.condition.is_empty()) {
                    if !exclusive(&earlier.condition, &later.condition) {
                        out.push(Lint {
                            path: format!("steps.{id}.branches[{j}].condition"),
                            step: Some(id),
                            code: LintCode::OverlappingBranches,
                            message: overlap_message(
                                &earlier.name,
                                &later.name,
                                &earlier.condition,
                            ),
                        });
                    }
                }
            }
        }
    }
    out
}

fn overlap_message(earlier: &str, later: &str, earlier_condition: &Condition) -> String {
    format!(
        "Branches “{earlier}” and “{later}” can overlap: a user who meets both conditions \
         ends up in both branches. To make them exclusive and give “{earlier}” priority, \
         add to “{later}” that the user does not meet “{earlier_condition}” (for example \
         “performed registration form submitted and did not perform webinar attended”)"
    )
}

/// Pushes a lint for every event condition without a time window in `c`.
fn windowless(path: &str, step: StepId, c: &Condition, out: &mut Vec<Lint>) {
    match c {
        Condition::Event(e) if e.within.is_none() && !e.event.trim().is_empty() => {
            out.push(Lint {
                path: path.to_string(),
                step: Some(step),
                code: LintCode::NoTimeWindow,
                message: format!(
                    "“{}” has no time window: add one where possible so users eventually \
                     exit the step or journey rather than remain at the step forever \
                     (stale users muddle analytics and cause over-targeting)",
                    e.event
                ),
            });
        }
        Condition::AllOf(ConditionGroup { conditions })
        | Condition::AnyOf(ConditionGroup { conditions }) => {
            for (i, c) in conditions.iter().enumerate() {
                windowless(&format!("{path}.conditions[{i}]"), step, c, out);
            }
        }
        _ => {}
    }
}

/// The draft-review lint, for a publish confirmation: `saved` is the content
/// stored as a draft (`None` when the journey was never saved) and
/// `publishing` what would go live. Warns when they differ, because
/// publishing would then save and publish at once, with no draft reviewed.
pub fn not_reviewed_as_draft(
    saved: Option<&JourneySpec>,
    publishing: &JourneySpec,
) -> Option<Lint> {
    let message = match saved {
        None => "This journey has never been saved: save it as a draft and review it before \
                 publishing. Once published, only its name, description and destinations can \
                 change, and data is sent to destinations"
            .to_string(),
        Some(s) if !same_content(s, publishing) => "This journey has unsaved changes: \
             publishing saves and publishes them at once. Save them as a draft and review it \
             first. Once published, only its name, description and destinations can change, \
             and data is sent to destinations"
            .to_string(),
        Some(_) => return None,
    };
    Some(Lint {
        path: ".".into(),
        step: None,
        code: LintCode::NotReviewedAsDraft,
        message,
    })
}

fn same_content(a: &JourneySpec, b: &JourneySpec) -> bool {
    a.name == b.name && a.description == b.description && a.steps == b.steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::condition::{Count, Duration, TimeUnit};
    use crate::limits::Limits;
    use crate::samples;
    use crate::step::{ConditionBranch, Slot};

    fn days(n: u32) -> Duration {
        Duration::new(n, TimeUnit::Days)
    }

    fn split(branches: Vec<(&str, Condition)>) -> (JourneyGraph, StepId) {
        let limits = Limits::default();
        let mut g = JourneyGraph::new();
        let entry = g
            .add_step(
                None,
                Step::EntryCondition {
                    name: "Signed up".into(),
                    condition: Condition::event_within("Signed Up", Count::at_least(1), days(7)),
                    use_historical_data: false,
                    next: None,
                },
                &limits,
            )
            .expect("entry");
        let id = g
            .add_step(
                Some((entry, Slot::Next)),
                Step::MultiBranchSplit {
                    name: "Engagement".into(),
                    branches: branches
                        .into_iter()
                        .map(|(n, c)| ConditionBranch {
                            name: n.into(),
                            condition: c,
                            next: None,
                        })
                        .collect(),
                },
                &limits,
            )
            .expect("split");
        (g, id)
    }

    fn codes(l: &[Lint]) -> Vec<(String, LintCode)> {
        l.iter().map(|l| (l.path.clone(), l.code)).collect()
    }

    #[test]
    fn the_seeds_webinar_example_warns_until_made_exclusive() {
        let webinar = Condition::event_within("webinar attended", Count::at_least(1), days(30));
        let registered =
            Condition::event_within("registration form submitted", Count::at_least(1), days(30));
        let (g, id) = split(vec![
            ("Attended", webinar.clone()),
            ("Registered", registered.clone()),
        ]);
        let l = lints(&g);
        assert_eq!(
            codes(&l),
            vec![(
                format!("steps.{id}.branches[1].condition"),
                LintCode::OverlappingBranches
            )]
        );
        assert_eq!(l[0].step, Some(id));
        assert!(
            l[0].message.contains("ends up in both branches"),
            "{}",
            l[0].message
        );
        assert!(l[0].message.contains("“Attended” and “Registered”"));

        // The seeds' fix: branch 2 = registered and did not attend.
        let fixed = Condition::AllOf(ConditionGroup {
            conditions: vec![
                registered,
                Condition::event_within("webinar attended", Count::exactly(0), days(30)),
            ],
        });
        let (g, _) = split(vec![("Attended", webinar), ("Registered", fixed)]);
        assert_eq!(lints(&g), vec![]);
    }

    #[test]
    fn every_overlapping_pair_is_reported_once_at_the_later_branch() {
        let tier = |v: &str| {
            Condition::trait_cmp(
                "tier",
                crate::condition::Comparison::Equals {
                    value: crate::condition::Scalar::Text(v.into()),
                },
            )
        };
        let any_vip = Condition::Audience(crate::condition::AudienceCondition {
            audience: "vip".into(),
            member: true,
        });
        let (g, id) = split(vec![
            ("Gold", tier("gold")),
            ("Silver", tier("silver")),
            ("VIP", any_vip),
            ("Empty", Condition::default()),
        ]);
        let paths: Vec<String> = lints(&g).into_iter().map(|l| l.path).collect();
        let at = format!("steps.{id}.branches[2].condition");
        assert_eq!(paths, vec![at.clone(), at]);
    }

    #[test]
    fn windowless_event_conditions_are_found_in_every_condition_step() {
        let spec = samples::trial_to_paid().expect("sample");
        let l = lints(&spec.steps);
        assert!(!l.is_empty());
        for lint in &l {
            assert_eq!(lint.code, LintCode::NoTimeWindow);
            let step = lint.step.expect("in a step");
            assert!(
                lint.path.starts_with(&format!("steps.{step}.condition")),
                "{}",
                lint.path
            );
            assert!(lint
                .message
                .contains("rather than remain at the step forever"));
        }
        // Cart abandonment's conditions all have windows.
        let cart = samples::cart_abandonment().expect("sample");
        assert_eq!(lints(&cart.steps), vec![]);
    }

    #[test]
    fn nested_paths_point_at_the_leaf() {
        let c = Condition::AnyOf(ConditionGroup {
            conditions: vec![
                Condition::event_within("A", Count::at_least(1), days(1)),
                Condition::AllOf(ConditionGroup {
                    conditions: vec![Condition::event("B", Count::at_least(1))],
                }),
            ],
        });
        let mut out = Vec::new();
        windowless("steps.1.condition", StepId(1), &c, &mut out);
        assert_eq!(
            codes(&out),
            vec![(
                "steps.1.condition.conditions[1].conditions[0]".into(),
                LintCode::NoTimeWindow
            )]
        );
    }

    #[test]
    fn publishing_unsaved_content_is_warned() {
        let spec = samples::onboarding().expect("sample");
        let never = not_reviewed_as_draft(None, &spec).expect("warned");
        assert_eq!(never.code, LintCode::NotReviewedAsDraft);
        assert!(never.message.contains("never been saved"));
        assert_eq!(not_reviewed_as_draft(Some(&spec), &spec), None);
        let mut changed = spec.clone();
        changed.name = "Onboarding v2".into();
        let unsaved = not_reviewed_as_draft(Some(&spec), &changed).expect("warned");
        assert!(unsaved.message.contains("unsaved changes"));
    }
}
