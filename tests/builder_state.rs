//! The builder's state: edits, undo/redo, dirtiness and keys.

use cairn_app::builder::state::{BuilderState, EditKey};
use cairn_domain::step::{Slot, Step, StepType};
use cairn_domain::{samples, Journey, Limits};
use chrono::{TimeZone, Utc};
use leptos::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn cart() -> Journey {
    let t = Utc
        .with_ymd_and_hms(2026, 11, 1, 9, 0, 0)
        .single()
        .expect("date");
    Journey::new_draft("j1".into(), samples::cart_abandonment().expect("sample"), t)
}

#[wasm_bindgen_test]
fn edits_are_undone_and_redone_and_typing_is_one_step() {
    let owner = Owner::new();
    owner.set();
    let state = BuilderState::new(Some(&cart()), Limits::default());
    assert!(!state.dirty.get_untracked());
    assert!(!state.can_undo.get_untracked());

    for name in ["C", "Ca", "Car"] {
        state
            .edit(Some(EditKey("journey.name".into())), |c| {
                c.name = name.into();
                Ok(())
            })
            .expect("edit");
    }
    assert_eq!(state.content.with_untracked(|c| c.name.clone()), "Car");
    assert!(state.dirty.get_untracked());
    state.undo();
    assert_eq!(
        state.content.with_untracked(|c| c.name.clone()),
        "Cart abandonment",
        "three keystrokes of one field undo as one step"
    );
    assert!(!state.dirty.get_untracked());
    assert!(state.can_redo.get_untracked());
    state.redo();
    assert_eq!(state.content.with_untracked(|c| c.name.clone()), "Car");
}

#[wasm_bindgen_test]
fn a_refused_operation_changes_nothing_and_records_nothing() {
    let owner = Owner::new();
    owner.set();
    let state = BuilderState::new(Some(&cart()), Limits::default());
    let before = state.content.get_untracked();
    let err = state.add_step(None, StepType::WaitForDuration);
    assert!(err.is_err(), "a journey has one entry");
    assert_eq!(state.content.get_untracked(), before);
    assert!(!state.can_undo.get_untracked());
}

#[wasm_bindgen_test]
fn adding_selects_the_step_and_new_send_keys_follow_their_name_until_saved() {
    let owner = Owner::new();
    owner.set();
    let journey = cart();
    let state = BuilderState::new(Some(&journey), Limits::default());
    let root = journey.steps.root().expect("entry");
    let id = state
        .add_step(Some((root, Slot::Next)), StepType::SendToDestinations)
        .expect("room");
    assert_eq!(state.selected.get_untracked(), Some(id));
    let step = state
        .content
        .with_untracked(|c| c.steps.get(id).cloned())
        .expect("added");
    let key = step.key().expect("a send step has a key").to_string();
    assert!(
        key.starts_with("j_o_cart_abandonment__send_to_destinations_"),
        "{key}"
    );

    // Renaming an unsaved Send step regenerates its key, keeping the suffix.
    let renamed = match step {
        Step::SendToDestinations {
            key,
            destinations,
            next,
            ..
        } => Step::SendToDestinations {
            name: "Opened email".into(),
            key,
            destinations,
            next,
        },
        other => other,
    };
    state.update_step(id, renamed, None).expect("same shape");
    let new_key = state
        .content
        .with_untracked(|c| c.steps.get(id).and_then(|s| s.key().cloned()))
        .expect("key");
    assert_eq!(
        new_key.as_str(),
        format!(
            "j_o_cart_abandonment__opened_email_{}",
            &key[key.len() - 6..]
        )
    );

    // A saved Send step keeps its key whatever its name becomes.
    let saved_send = journey
        .steps
        .steps()
        .find(|(_, s)| s.key().is_some())
        .map(|(id, s)| (id, s.clone()))
        .expect("a saved send step");
    let (sid, s) = saved_send;
    let old_key = s.key().cloned();
    let renamed = match s {
        Step::SendToDestinations {
            key,
            destinations,
            next,
            ..
        } => Step::SendToDestinations {
            name: "Something else".into(),
            key,
            destinations,
            next,
        },
        other => other,
    };
    state.update_step(sid, renamed, None).expect("same shape");
    assert_eq!(
        state
            .content
            .with_untracked(|c| c.steps.get(sid).and_then(|s| s.key().cloned())),
        old_key
    );
}

#[wasm_bindgen_test]
fn saving_keeps_edits_made_while_the_save_was_under_way() {
    let owner = Owner::new();
    owner.set();
    let journey = cart();
    let state = BuilderState::new(Some(&journey), Limits::default());
    state
        .edit(None, |c| {
            c.name = "Sent version".into();
            Ok(())
        })
        .expect("edit");
    let mut stored = journey.clone();
    stored.name = "Sent version".into();
    stored.version = 2;
    // The user types more before the answer arrives.
    state
        .edit(None, |c| {
            c.name = "Typed after".into();
            Ok(())
        })
        .expect("edit");
    state.mark_saved(&stored);
    assert_eq!(state.version.get_untracked(), 2);
    assert_eq!(
        state.content.with_untracked(|c| c.name.clone()),
        "Typed after"
    );
    assert!(
        state.dirty.get_untracked(),
        "the later edit is still unsaved"
    );
    // Reloading (after a conflict) replaces everything and clears history.
    state.load(&stored);
    assert_eq!(
        state.content.with_untracked(|c| c.name.clone()),
        "Sent version"
    );
    assert!(!state.dirty.get_untracked());
    assert!(!state.can_undo.get_untracked());
}

#[wasm_bindgen_test]
fn removing_the_selected_step_clears_the_selection() {
    let owner = Owner::new();
    owner.set();
    let journey = cart();
    let state = BuilderState::new(Some(&journey), Limits::default());
    let root = journey.steps.root().expect("entry");
    let wait = journey
        .steps
        .get(root)
        .and_then(|s| s.children().next())
        .expect("next");
    state.selected.set(Some(wait));
    state
        .remove_step(wait, cairn_domain::RemoveMode::Splice)
        .expect("splice");
    assert_eq!(state.selected.get_untracked(), None);
    state.undo();
    assert!(state
        .content
        .with_untracked(|c| c.steps.get(wait).is_some()));
}
