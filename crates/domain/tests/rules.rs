//! The lifecycle rules: validation, edit, publish and clone, on the seed examples.

use cairn_domain::clone::{clone_journey, copy_name};
use cairn_domain::destination::DestinationType;
use cairn_domain::edit::{check_edit, EditRejection};
use cairn_domain::journey::{parse_journey, Journey, JourneySpec};
use cairn_domain::publish::{publish, PublishRejection};
use cairn_domain::samples;
use cairn_domain::step::{CallType, DestinationRef, Slot, Step, StepId};
use cairn_domain::validation::{save_problems, validate, Blocks, ProblemCode};
use cairn_domain::{Condition, Count, Limits, Status, StepKey};
use chrono::{TimeZone, Utc};
use rand::rngs::SmallRng;
use rand::SeedableRng;

fn t0() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0)
        .single()
        .expect("valid date")
}

/// The workspace's destinations in these tests: `email` and `inbox` take
/// events, `ads` takes lists; every other id is unknown.
fn kinds(id: &str) -> Option<DestinationType> {
    match id {
        "email" | "inbox" => Some(DestinationType::Event),
        "ads" => Some(DestinationType::List),
        _ => None,
    }
}

fn journey(spec: JourneySpec) -> Journey {
    Journey::new_draft("j1".into(), spec, t0())
}

/// A seed example with a destination on every Send step: complete, publishable.
fn complete_cart() -> Journey {
    let mut j = journey(samples::cart_abandonment().expect("sample"));
    let ids: Vec<StepId> = j.steps.steps().map(|(id, _)| id).collect();
    for id in ids {
        if let Some(mut s @ Step::SendToDestinations { .. }) = j.steps.get(id).cloned() {
            if let Step::SendToDestinations { destinations, .. } = &mut s {
                destinations.push(DestinationRef::Event {
                    destination_id: "email".into(),
                    call: CallType::Track,
                });
            }
            j.steps.update_definition(id, s).expect("same shape");
        }
    }
    j
}

fn send_step_id(j: &Journey) -> StepId {
    j.steps
        .steps()
        .find(|(_, s)| matches!(s, Step::SendToDestinations { .. }))
        .map(|(id, _)| id)
        .expect("a send step")
}

#[test]
fn every_seed_example_builds_within_limits_and_round_trips() {
    let limits = Limits::default();
    for spec in samples::all_examples().expect("samples build") {
        let j = journey(spec);
        assert!(
            save_problems(validate(&j, &limits)).is_empty(),
            "{}",
            j.name
        );
        assert!(j.steps.limit_count() <= limits.steps_per_journey);
        let json = serde_json::to_vec_pretty(&j).expect("serializes");
        assert_eq!(parse_journey(&json).expect("parses"), j);
        // Until destinations are connected, the only problems are missing destinations.
        for p in validate(&j, &limits) {
            assert_eq!(p.code, ProblemCode::NoDestination, "{}: {p:?}", j.name);
        }
    }
}

#[test]
fn limits_count_as_the_seeds_table_says() {
    let j = journey(samples::cart_abandonment().expect("sample"));
    // entry 1 + 2 waits 0 + send 1 + split 1 + 2 sends = 5
    assert_eq!(j.steps.limit_count(), 5);
    let mut g = j.steps.clone();
    let leaf = send_step_id(&j);
    let split = g
        .add_step(
            Some((leaf, Slot::Next)),
            Step::new_of_type(cairn_domain::StepType::MultiBranchSplit, || unreachable!()),
            &Limits::default(),
        )
        .expect("room");
    assert_eq!(
        g.limit_count(),
        7,
        "a multi-branch split counts its branches"
    );
    let tight = Limits {
        steps_per_journey: 7,
        ..Limits::default()
    };
    let err = g
        .add_branch(split, "Third", &tight)
        .expect_err("at the limit");
    assert!(err.to_string().contains("the limit is 7"), "{err}");
}

#[test]
fn validation_lists_every_problem_with_its_path() {
    let limits = Limits::default();
    let mut j = journey(samples::trial_to_paid().expect("sample"));
    j.name = "x".repeat(74);
    let entry = j.steps.root().expect("entry");
    let mut e = j.steps.get(entry).cloned().expect("entry step");
    if let Step::EntryCondition {
        condition, name, ..
    } = &mut e
    {
        *condition = Condition::AllOf(cairn_domain::condition::ConditionGroup {
            conditions: vec![
                Condition::event("", Count::at_least(1)),
                Condition::default(),
            ],
        });
        *name = "n".repeat(171);
    }
    j.steps.update_definition(entry, e).expect("same shape");
    let problems = validate(&j, &limits);
    let find = |path: &str| {
        problems
            .iter()
            .find(|p| p.path == path)
            .unwrap_or_else(|| panic!("no problem at {path}: {problems:#?}"))
    };
    assert_eq!(find("name").code, ProblemCode::TooLong);
    assert_eq!(find("name").blocks, Blocks::Save);
    let step_name = find(&format!("steps.{entry}.name"));
    assert_eq!(step_name.code, ProblemCode::TooLong);
    assert_eq!(step_name.step, Some(entry));
    assert_eq!(
        find(&format!("steps.{entry}.condition.conditions[0].event")).code,
        ProblemCode::IncompleteCondition
    );
    assert_eq!(
        find(&format!("steps.{entry}.condition.conditions[1]")).code,
        ProblemCode::EmptyCondition
    );
    assert!(problems
        .iter()
        .any(|p| p.code == ProblemCode::NoDestination));
}

#[test]
fn an_empty_journey_can_be_saved_but_not_published() {
    let limits = Limits::default();
    let j = journey(JourneySpec {
        format_version: Default::default(),
        name: "New".into(),
        description: String::new(),
        steps: Default::default(),
    });
    let problems = validate(&j, &limits);
    assert!(save_problems(problems.clone()).is_empty());
    assert_eq!(problems[0].code, ProblemCode::NoEntry);
    match publish(&j, 0, &limits, &kinds, t0()) {
        Err(PublishRejection::Invalid { problems }) => assert_eq!(problems.len(), 1),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn publish_respects_the_workspace_limit() {
    let limits = Limits::default();
    let j = complete_cart();
    let published = publish(&j, 4, &limits, &kinds, t0()).expect("fifth fits");
    assert!(published.is_published());
    assert_eq!(
        publish(&j, 5, &limits, &kinds, t0()),
        Err(PublishRejection::LimitReached {
            published: 5,
            limit: 5
        })
    );
    assert_eq!(
        publish(&published, 0, &limits, &kinds, t0()),
        Err(PublishRejection::AlreadyPublished)
    );
}

#[test]
fn drafts_accept_any_savable_change() {
    let limits = Limits::default();
    let stored = journey(samples::onboarding().expect("sample"));
    let mut proposed = stored.clone();
    let root = proposed.steps.root().expect("entry");
    let next = proposed
        .steps
        .get(root)
        .and_then(|s| s.children().next())
        .expect("next");
    proposed
        .steps
        .remove_step(next, cairn_domain::RemoveMode::Splice)
        .expect("splice the wait");
    assert_eq!(check_edit(&stored, &proposed, &limits, &kinds), Ok(()));
    // Keys never change once created, even in a draft.
    let mut rekeyed = stored.clone();
    let send = send_step_id(&rekeyed);
    let mut s = rekeyed.steps.get(send).cloned().expect("send");
    if let Step::SendToDestinations { key, .. } = &mut s {
        *key = StepKey::parse("j_o_other_key").expect("key");
    }
    rekeyed
        .steps
        .update_definition(send, s)
        .expect("same shape");
    assert!(matches!(
        check_edit(&stored, &rekeyed, &limits, &kinds),
        Err(EditRejection::KeyChanged { step, .. }) if step == send
    ));
    proposed.name = "y".repeat(80);
    assert!(matches!(
        check_edit(&stored, &proposed, &limits, &kinds),
        Err(EditRejection::Invalid { .. })
    ));
}

#[test]
fn published_journeys_accept_only_name_description_and_destinations() {
    let limits = Limits::default();
    let stored = publish(&complete_cart(), 0, &limits, &kinds, t0()).expect("publishable");

    let mut ok = stored.clone();
    ok.name = "Cart abandonment v2".into();
    ok.description = "new words".into();
    let send = send_step_id(&ok);
    let mut s = ok.steps.get(send).cloned().expect("send");
    if let Step::SendToDestinations { destinations, .. } = &mut s {
        destinations.clear();
        destinations.push(DestinationRef::List {
            destination_id: "ads".into(),
        });
    }
    ok.steps.update_definition(send, s).expect("same shape");
    assert_eq!(check_edit(&stored, &ok, &limits, &kinds), Ok(()));

    // Changing a wait's duration is refused, naming the step and field.
    let mut bad = stored.clone();
    let (wait_id, mut wait) = bad
        .steps
        .steps()
        .find(|(_, s)| matches!(s, Step::WaitForDuration { .. }))
        .map(|(id, s)| (id, s.clone()))
        .expect("a wait");
    if let Step::WaitForDuration { duration, .. } = &mut wait {
        duration.amount = 2;
    }
    bad.steps
        .update_definition(wait_id, wait)
        .expect("same shape");
    match check_edit(&stored, &bad, &limits, &kinds) {
        Err(EditRejection::PublishedStepsChanged { changes }) => {
            assert_eq!(
                changes,
                vec![format!("step {wait_id} (Wait 1 hour): duration changed")]
            );
        }
        other => panic!("expected refusal, got {other:?}"),
    }

    // Adding or removing steps is refused too.
    let mut added = stored.clone();
    let leaf = send_step_id(&added);
    let new_id = added
        .steps
        .add_step(
            Some((leaf, Slot::Next)),
            Step::new_of_type(cairn_domain::StepType::WaitForDuration, || unreachable!()),
            &limits,
        )
        .expect("room");
    let err = check_edit(&stored, &added, &limits, &kinds).expect_err("added");
    assert!(
        err.to_string()
            .contains(&format!("step {new_id} was added")),
        "{err}"
    );
    let mut removed = stored.clone();
    removed
        .steps
        .remove_step(leaf, cairn_domain::RemoveMode::Splice)
        .expect("splice");
    let err = check_edit(&stored, &removed, &limits, &kinds).expect_err("removed");
    assert!(err.to_string().contains("was removed"), "{err}");

    // A status change by edit is refused.
    let mut unpublished = stored.clone();
    unpublished.status = Status::Draft;
    assert_eq!(
        check_edit(&stored, &unpublished, &limits, &kinds),
        Err(EditRejection::Immutable { field: "status" })
    );
}

#[test]
fn clone_makes_a_draft_with_new_keys_and_a_mapping() {
    let limits = Limits::default();
    let original = publish(&complete_cart(), 0, &limits, &kinds, t0()).expect("publishable");
    let old_keys: Vec<StepKey> = original
        .steps
        .steps()
        .filter_map(|(_, s)| s.key().cloned())
        .collect();
    let mut rng = SmallRng::seed_from_u64(9);
    let (copy, mapping) = clone_journey(&original, "j2".into(), t0(), &limits, &mut rng, &|k| {
        old_keys.iter().any(|o| o.as_str() == k)
    });
    assert_eq!(copy.id, "j2");
    assert_eq!(copy.status, Status::Draft);
    assert_eq!(copy.version, 1);
    assert_eq!(copy.name, "Cart abandonment (copy)");
    assert_eq!(mapping.len(), old_keys.len());
    for change in &mapping {
        assert_ne!(change.old_key, change.new_key);
        assert!(change
            .new_key
            .as_str()
            .starts_with("j_o_cart_abandonment_copy__"));
        assert_eq!(
            copy.steps.get(change.step).and_then(|s| s.key()),
            Some(&change.new_key)
        );
        assert_eq!(
            original.steps.get(change.step).and_then(|s| s.key()),
            Some(&change.old_key)
        );
    }
    let mut new_keys: Vec<_> = mapping.iter().map(|c| c.new_key.clone()).collect();
    new_keys.sort();
    new_keys.dedup();
    assert_eq!(new_keys.len(), mapping.len(), "new keys are distinct");
    // Apart from keys, the steps are the same.
    assert!(validate(&copy, &limits).is_empty());
}

#[test]
fn copy_names_stay_within_the_limit() {
    let limits = Limits::default();
    let long = "a".repeat(73);
    let name = copy_name(&long, &limits);
    assert_eq!(name.chars().count(), 73);
    assert!(name.ends_with(" (copy)"));
}

#[test]
fn removal_says_what_happens_before_it_happens() {
    let j = journey(samples::cart_abandonment().expect("sample"));
    let split = j
        .steps
        .steps()
        .find(|(_, s)| matches!(s, Step::TrueFalseSplit { .. }))
        .map(|(id, _)| id)
        .expect("split");
    let err = j
        .steps
        .removal_impact(split, cairn_domain::RemoveMode::Splice)
        .expect_err("a split needs a choice");
    assert!(err.to_string().contains("needs a choice"));
    let keep_true = j
        .steps
        .removal_impact(split, cairn_domain::RemoveMode::KeepBranch(Slot::True))
        .expect("keep the true branch");
    assert_eq!(
        keep_true.removed.len(),
        2,
        "the split and the false branch's send"
    );
    assert!(keep_true.moved_up.is_some());
    let root = j.steps.root().expect("entry");
    assert!(j
        .steps
        .removal_impact(root, cairn_domain::RemoveMode::Splice)
        .is_err());
    assert_eq!(
        j.steps
            .removal_impact(root, cairn_domain::RemoveMode::WithDescendants)
            .expect("all")
            .removed
            .len(),
        j.steps.len()
    );
}

#[test]
fn published_send_steps_accept_destination_changes_but_not_renames() {
    let limits = Limits::default();
    let stored = publish(&complete_cart(), 0, &limits, &kinds, t0()).expect("publishable");
    let send = send_step_id(&stored);
    let edit_send = |f: &dyn Fn(&mut Step)| {
        let mut j = stored.clone();
        let mut s = j.steps.get(send).cloned().expect("send");
        f(&mut s);
        j.steps.update_definition(send, s).expect("same shape");
        j
    };
    // Change a destination's call type and add another one.
    let changed = edit_send(&|s| {
        if let Step::SendToDestinations { destinations, .. } = s {
            destinations[0] = DestinationRef::Event {
                destination_id: "email".into(),
                call: CallType::Identify,
            };
            destinations.push(DestinationRef::Event {
                destination_id: "inbox".into(),
                call: CallType::Track,
            });
        }
    });
    assert_eq!(check_edit(&stored, &changed, &limits, &kinds), Ok(()));
    // Removing every destination is a valid save (it only blocks publishing).
    let emptied = edit_send(&|s| {
        if let Step::SendToDestinations { destinations, .. } = s {
            destinations.clear();
        }
    });
    assert_eq!(check_edit(&stored, &emptied, &limits, &kinds), Ok(()));
    // The step's name is frozen.
    let renamed = edit_send(&|s| {
        if let Step::SendToDestinations { name, .. } = s {
            *name = "Renamed".into();
        }
    });
    match check_edit(&stored, &renamed, &limits, &kinds) {
        Err(EditRejection::PublishedStepsChanged { changes }) => {
            assert_eq!(changes.len(), 1);
            assert!(changes[0].ends_with("name changed"), "{changes:?}");
        }
        other => panic!("expected refusal, got {other:?}"),
    }
}

#[test]
fn destinations_must_exist_to_publish_and_while_live_but_not_in_drafts() {
    let limits = Limits::default();
    let mut j = complete_cart();
    let send = send_step_id(&j);
    let mut s = j.steps.get(send).cloned().expect("send");
    if let Step::SendToDestinations { destinations, .. } = &mut s {
        destinations.push(DestinationRef::Event {
            destination_id: "gone".into(),
            call: CallType::Track,
        });
        destinations.push(DestinationRef::Event {
            destination_id: "ads".into(),
            call: CallType::Track,
        });
    }
    j.steps.update_definition(send, s).expect("same shape");
    // A draft may name destinations the workspace lacks ...
    let stored = complete_cart();
    assert_eq!(check_edit(&stored, &j, &limits, &kinds), Ok(()));
    // ... but cannot be published with them: both listed, with paths.
    match publish(&j, 0, &limits, &kinds, t0()) {
        Err(PublishRejection::Invalid { problems }) => {
            let got: Vec<(String, ProblemCode)> =
                problems.into_iter().map(|p| (p.path, p.code)).collect();
            assert_eq!(
                got,
                vec![
                    (
                        format!("steps.{send}.destinations[1]"),
                        ProblemCode::UnknownDestination
                    ),
                    (
                        format!("steps.{send}.destinations[2]"),
                        ProblemCode::DestinationTypeMismatch
                    ),
                ]
            );
        }
        other => panic!("expected Invalid, got {other:?}"),
    }
    // A live journey's destination edits must name real destinations.
    let live = publish(&stored, 0, &limits, &kinds, t0()).expect("publishable");
    let mut edited = live.clone();
    edited.steps = j.steps.clone();
    match check_edit(&live, &edited, &limits, &kinds) {
        Err(EditRejection::Invalid { problems }) => assert_eq!(problems.len(), 2),
        other => panic!("expected Invalid, got {other:?}"),
    }
}
