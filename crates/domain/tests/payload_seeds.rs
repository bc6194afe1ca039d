//! The payload builder against the seeds' examples ("Send Journeys data to a
//! Destination"), field by field.

use cairn_domain::payload::{
    list_batch, preview, AudienceEvent, Computation, EventPayload, COMPUTATION_CLASS,
};
use cairn_domain::step::CallType;
use cairn_domain::StepKey;
use chrono::{TimeZone, Utc};
use rand::rngs::SmallRng;
use rand::SeedableRng;
use serde_json::{json, Value};

const KEY: &str = "j_o_first_purchase__opened_email_dje83h";

/// The seed examples, as printed in the docs (seed 003 has all four; seed 002
/// adds `context.personas`, whose `// comments` are dropped here).
fn seed_examples() -> Vec<(CallType, AudienceEvent, Value)> {
    vec![
        (
            CallType::Track,
            AudienceEvent::Entered,
            json!({"type": "track", "event": "Audience Entered", "properties": {KEY: "true"}}),
        ),
        (
            CallType::Track,
            AudienceEvent::Exited,
            json!({"type": "track", "event": "Audience Exited", "properties": {KEY: "false"}}),
        ),
        (
            CallType::Identify,
            AudienceEvent::Entered,
            json!({"type": "identify", "traits": {KEY: "true"}}),
        ),
        (
            CallType::Identify,
            AudienceEvent::Exited,
            json!({"type": "identify", "traits": {KEY: "false"}}),
        ),
    ]
}

fn seed_personas() -> Value {
    json!({
        "computation_class": "audience",
        "computation_id": "aud_###",
        "computation_key": "j_o_###",
        "namespace": "spa_###",
        "space_id": "spa_###"
    })
}

fn built(call: CallType, event: AudienceEvent) -> Value {
    let key = StepKey::parse(KEY).expect("seed key");
    EventPayload {
        call,
        event,
        computation: Computation {
            key: &key,
            id: "j1:7",
            space_id: "spa_default",
        },
        destination_name: "Webhook",
        user_id: "user-1",
        message_id: "m-1",
        timestamp: Utc
            .with_ymd_and_hms(2026, 11, 1, 9, 0, 0)
            .single()
            .expect("date"),
    }
    .to_json()
}

#[test]
fn every_field_of_every_seed_example_is_in_the_payload() {
    for (call, event, seed) in seed_examples() {
        let ours = built(call, event);
        let seed = seed.as_object().expect("object");
        for (field, value) in seed {
            assert_eq!(ours.get(field), Some(value), "{call:?} {event:?}: {field}");
        }
        // Identify calls have no event name; track calls have no traits.
        match call {
            CallType::Track => assert!(ours.get("traits").is_none()),
            CallType::Identify => assert!(ours.get("event").is_none()),
        }
    }
}

#[test]
fn context_personas_has_the_seed_fields() {
    let ours = built(CallType::Track, AudienceEvent::Entered);
    let personas = &ours["context"]["personas"];
    let seed = seed_personas();
    let seed_fields: Vec<&String> = seed.as_object().expect("object").keys().collect();
    let our_fields: Vec<&String> = personas.as_object().expect("object").keys().collect();
    assert_eq!(our_fields, seed_fields);
    assert_eq!(personas["computation_class"], seed["computation_class"]);
    assert_eq!(personas["computation_class"], COMPUTATION_CLASS);
    assert_eq!(personas["computation_id"], "j1:7");
    assert_eq!(personas["computation_key"], KEY);
    assert!(KEY.starts_with("j_o_"));
    assert_eq!(personas["namespace"], "spa_default");
    assert_eq!(personas["space_id"], "spa_default");
}

#[test]
fn the_full_payload_is_exactly_this() {
    assert_eq!(
        built(CallType::Identify, AudienceEvent::Exited),
        json!({
            "type": "identify",
            "userId": "user-1",
            "traits": {KEY: "false"},
            "context": {"personas": {
                "computation_class": "audience",
                "computation_id": "j1:7",
                "computation_key": KEY,
                "namespace": "spa_default",
                "space_id": "spa_default"
            }},
            "integrations": {"All": false, "Webhook": true},
            "messageId": "m-1",
            "timestamp": "2026-11-01T09:00:00.000Z"
        })
    );
    // The integrations object routes to this destination only, All first.
    let t = built(CallType::Track, AudienceEvent::Entered);
    let keys: Vec<&String> = t["integrations"].as_object().expect("obj").keys().collect();
    assert_eq!(keys, ["All", "Webhook"]);
}

#[test]
fn preview_generates_a_test_user_unless_given_one() {
    let key = StepKey::parse(KEY).expect("key");
    let c = Computation {
        key: &key,
        id: "test",
        space_id: "default",
    };
    let now = Utc
        .with_ymd_and_hms(2026, 1, 2, 3, 4, 5)
        .single()
        .expect("date");
    let mut rng = SmallRng::seed_from_u64(9);
    let a = preview(
        CallType::Track,
        AudienceEvent::Entered,
        &c,
        "Inbox",
        None,
        now,
        &mut rng,
    );
    assert!(a.user_id.starts_with("test-user-"), "{}", a.user_id);
    assert_eq!(a.user_id.len(), "test-user-".len() + 8);
    assert_eq!(a.payload["userId"], a.user_id.as_str());
    assert_eq!(a.payload["messageId"], a.message_id.as_str());
    assert_eq!(a.message_id.len(), 36);
    let b = preview(
        CallType::Identify,
        AudienceEvent::Entered,
        &c,
        "Inbox",
        Some("  "),
        now,
        &mut rng,
    );
    assert_ne!(a.user_id, b.user_id, "blank means generate");
    let c2 = preview(
        CallType::Identify,
        AudienceEvent::Entered,
        &c,
        "Inbox",
        Some("alice"),
        now,
        &mut rng,
    );
    assert_eq!(c2.user_id, "alice");
    assert_eq!(c2.payload["traits"][KEY], "true");
}

#[test]
fn list_batches_carry_the_users_and_the_step() {
    let key = StepKey::parse(KEY).expect("key");
    let c = Computation {
        key: &key,
        id: "j1:7",
        space_id: "default",
    };
    let at = Utc
        .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .single()
        .expect("d");
    let b = list_batch(&c, "Ads", &["u1", "u2"], "m", at);
    assert_eq!(b["users"], json!([{"userId": "u1"}, {"userId": "u2"}]));
    assert_eq!(b["key"], KEY);
    assert_eq!(b["context"]["personas"]["computation_key"], KEY);
    assert_eq!(b["integrations"], json!({"All": false, "Ads": true}));
}
