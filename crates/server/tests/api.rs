//! The journeys API over real HTTP: the server on an ephemeral port with a
//! temporary SQLite file.

use cairn_domain::step::{CallType, DestinationRef, Step};
use cairn_domain::{samples, Journey, JourneySpec, Limits};
use cairn_server::{Config, Server};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use tokio::sync::oneshot;

struct TestServer {
    base: String,
    http: Client,
    _stop: oneshot::Sender<()>,
    _dir: tempfile::TempDir,
}

async fn start() -> TestServer {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = Config {
        db: dir.path().join("cairn.db"),
        dist: dir.path().join("dist"),
        limits: Limits::default(),
    };
    let server = Server::bind(config, "127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("server starts");
    let addr = server.local_addr().expect("bound");
    let (tx, rx) = oneshot::channel::<()>();
    tokio::spawn(server.serve(async {
        let _ = rx.await;
    }));
    TestServer {
        base: format!("http://{addr}/api"),
        http: Client::new(),
        _stop: tx,
        _dir: dir,
    }
}

impl TestServer {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn post_json(&self, path: &str, body: &Value) -> (StatusCode, Value) {
        let r = self
            .http
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .expect("sent");
        (r.status(), r.json().await.unwrap_or(Value::Null))
    }

    async fn post(&self, path: &str) -> (StatusCode, Value) {
        let r = self.http.post(self.url(path)).send().await.expect("sent");
        (r.status(), r.json().await.unwrap_or(Value::Null))
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        let r = self.http.get(self.url(path)).send().await.expect("sent");
        (r.status(), r.json().await.unwrap_or(Value::Null))
    }

    async fn put(&self, path: &str, version: &str, body: &Value) -> (StatusCode, Value) {
        let r = self
            .http
            .put(self.url(path))
            .header("If-Match", version)
            .json(body)
            .send()
            .await
            .expect("sent");
        (r.status(), r.json().await.unwrap_or(Value::Null))
    }

    async fn delete(&self, path: &str) -> (StatusCode, Value) {
        let r = self.http.delete(self.url(path)).send().await.expect("sent");
        (r.status(), r.json().await.unwrap_or(Value::Null))
    }

    /// Creates a destination of the workspace (`"event"` or `"list"`); returns its id.
    async fn destination(&self, name: &str, kind: &str) -> String {
        let (status, d) = self
            .post_json(
                "/destinations",
                &json!({"name": name, "type": kind, "url": "https://hooks.example.test/cairn"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{d}");
        d["id"].as_str().expect("id").to_string()
    }

    async fn create(&self, spec: &JourneySpec) -> Journey {
        let (status, body) = self
            .post_json("/journeys", &serde_json::to_value(spec).expect("json"))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        serde_json::from_value(body).expect("a journey")
    }
}

fn error_code(body: &Value) -> &str {
    body["error"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("not an error body: {body}"))
}

/// A seed example with event destination `destination` on every Send step.
fn complete(mut spec: JourneySpec, destination: &str) -> JourneySpec {
    let ids: Vec<_> = spec.steps.steps().map(|(id, _)| id).collect();
    for id in ids {
        if let Some(Step::SendToDestinations {
            name,
            key,
            mut destinations,
            next,
        }) = spec.steps.get(id).cloned()
        {
            destinations.push(DestinationRef::Event {
                destination_id: destination.into(),
                call: CallType::Track,
            });
            let s = Step::SendToDestinations {
                name,
                key,
                destinations,
                next,
            };
            spec.steps.update_definition(id, s).expect("same shape");
        }
    }
    spec
}

#[tokio::test]
async fn health_answers() {
    let s = start().await;
    let (status, body) = s.get("/health").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn create_read_list_and_delete() {
    let s = start().await;
    let (status, list) = s.get("/journeys").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list, json!([]));

    let (status, created) = s
        .post_json(
            "/journeys",
            &json!({"name": "Welcome series", "description": "new users"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(created["status"]["state"], "draft");
    assert_eq!(created["version"], 1);
    assert_eq!(created["format_version"], 1);
    let id = created["id"].as_str().expect("id").to_string();

    let (status, got) = s.get(&format!("/journeys/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(got, created);

    let cart = s
        .create(&samples::cart_abandonment().expect("sample"))
        .await;
    let (_, list) = s.get("/journeys").await;
    let rows = list.as_array().expect("array");
    assert_eq!(rows.len(), 2);
    let cart_row = rows
        .iter()
        .find(|r| r["id"] == cart.id.as_str())
        .expect("listed");
    assert_eq!(cart_row["step_count"], 5);
    assert_eq!(cart_row["step_limit"], 20);
    assert_eq!(cart_row["status"], "draft");

    let r = s
        .http
        .delete(s.url(&format!("/journeys/{id}")))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let (status, body) = s.get(&format!("/journeys/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error_code(&body), "not_found");
}

#[tokio::test]
async fn bad_input_gets_a_4xx_json_error_never_a_5xx() {
    let s = start().await;
    // Malformed JSON.
    let r = s
        .http
        .post(s.url("/journeys"))
        .header("content-type", "application/json")
        .body("{\"name\": ")
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let body: Value = r.json().await.expect("json");
    assert_eq!(error_code(&body), "invalid_json");

    // Unknown field, with its path.
    let (status, body) = s
        .post_json("/journeys", &json!({"name": "J", "colour": "red"}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("colour"),
        "{body}"
    );

    // A bad field deep inside a step names its path.
    let (status, body) = s
        .post_json(
            "/journeys",
            &json!({"name": "J", "steps": {"1": {"type": "entry_condition", "name": "E",
                "condition": {"type": "event", "event": "A", "count": {"op": "sometimes", "value": 1}}}}}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["error"]["details"][0]["path"], "steps.1.condition.count.op",
        "{body}"
    );

    // Name over the limit: 422 with the problem at `name`.
    let (status, body) = s
        .post_json("/journeys", &json!({"name": "x".repeat(74)}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(&body), "validation_failed");
    assert_eq!(body["error"]["details"][0]["path"], "name");
    assert_eq!(body["error"]["details"][0]["code"], "too_long");

    // Not JSON.
    let r = s
        .http
        .post(s.url("/journeys"))
        .body("name=J")
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    // Oversized body.
    let big = json!({"name": "J", "description": "d".repeat(2 * 1024 * 1024)});
    let (status, body) = s.post_json("/journeys", &big).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_code(&body), "body_too_large");

    // Bad ids and unknown routes.
    let (status, body) = s.get("/journeys/not-a-uuid").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&body), "invalid_id");
    let (status, body) = s
        .get("/journeys/7a1c2b8e-58b1-4a4e-9f55-1d7a0f6c9a11")
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error_code(&body), "not_found");
    let (status, body) = s.get("/nothing-here").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error_code(&body), "no_route");
}

#[tokio::test]
async fn updates_need_the_current_version_and_stale_ones_change_nothing() {
    let s = start().await;
    let j = s.create(&samples::onboarding().expect("sample")).await;
    let path = format!("/journeys/{}", j.id);
    let mut spec = j.spec();
    spec.name = "Onboarding v2".into();
    let body = serde_json::to_value(&spec).expect("json");

    let r = s
        .http
        .put(s.url(&path))
        .json(&body)
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), StatusCode::PRECONDITION_REQUIRED);

    let (status, saved) = s.put(&path, "\"1\"", &body).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["version"], 2);
    assert_eq!(saved["name"], "Onboarding v2");

    // Someone still editing version 1 is refused, and nothing is overwritten.
    spec.name = "Stale edit".into();
    let (status, err) = s
        .put(&path, "1", &serde_json::to_value(&spec).expect("json"))
        .await;
    assert_eq!(status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(error_code(&err), "version_conflict");
    assert_eq!(err["error"]["details"]["current_version"], 2);
    let (_, now) = s.get(&path).await;
    assert_eq!(now["name"], "Onboarding v2");
    assert_eq!(now["version"], 2);

    let (status, _) = s.put(&path, "abc", &body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn publish_validates_and_respects_the_workspace_limit() {
    let s = start().await;
    // Incomplete (no destinations): 422 listing every problem.
    let draft = s.create(&samples::trial_to_paid().expect("sample")).await;
    let (status, body) = s.post(&format!("/journeys/{}/publish", draft.id)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(&body), "validation_failed");
    assert_eq!(body["error"]["details"].as_array().map(Vec::len), Some(2));
    assert!(body["error"]["details"][0]["path"]
        .as_str()
        .unwrap_or("")
        .ends_with(".destinations"));

    // Five complete journeys publish; the sixth is refused with 409.
    let hook = s.destination("Webhook", "event").await;
    let mut ids = Vec::new();
    for n in 0..6 {
        ids.push(s.create(&minimal(n, &hook)).await.id);
    }
    for id in &ids[..5] {
        let (status, body) = s.post(&format!("/journeys/{id}/publish")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(body["journey"]["status"]["state"], "published");
        assert_eq!(
            body["warnings"],
            json!([]),
            "windows everywhere: no warning"
        );
    }
    let (status, body) = s.post(&format!("/journeys/{}/publish", ids[5])).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error_code(&body), "published_limit_reached");
    assert_eq!(body["error"]["details"]["limit"], 5);
    assert_eq!(body["error"]["details"]["published"], 5);
    let message = body["error"]["message"].as_str().unwrap_or("");
    assert!(message.contains("the limit is 5"), "{message}");
    assert!(message.contains("Drafts can still be created"), "{message}");
    // Drafts can still be created.
    s.create(&minimal(6, &hook)).await;
}

/// A complete journey: an entry and one Send step with a unique key, sending
/// to event destination `destination`.
fn minimal(n: u32, destination: &str) -> JourneySpec {
    use cairn_domain::{Condition, Count, Duration, Slot, StepKey, TimeUnit};
    let limits = Limits::default();
    let mut g = cairn_domain::JourneyGraph::new();
    let entry = g
        .add_step(
            None,
            Step::EntryCondition {
                name: "Buyers".into(),
                condition: Condition::event_within(
                    "Order Completed",
                    Count::at_least(1),
                    Duration::new(7, TimeUnit::Days),
                ),
                use_historical_data: false,
                next: None,
            },
            &limits,
        )
        .expect("entry");
    let mut send = Step::new_send(
        "Thank you",
        StepKey::parse(format!("j_o_test_{n}__thank_you_aaaaa{n}")).expect("key"),
    );
    if let Step::SendToDestinations { destinations, .. } = &mut send {
        destinations.push(DestinationRef::Event {
            destination_id: destination.into(),
            call: CallType::Identify,
        });
    }
    g.add_step(Some((entry, Slot::Next)), send, &limits)
        .expect("send");
    JourneySpec {
        format_version: Default::default(),
        name: format!("Journey {n}"),
        description: String::new(),
        steps: g,
    }
}

#[tokio::test]
async fn keys_are_unique_in_the_workspace() {
    let s = start().await;
    let spec = samples::cart_abandonment().expect("sample");
    s.create(&spec).await;
    let (status, body) = s
        .post_json("/journeys", &serde_json::to_value(&spec).expect("json"))
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error_code(&body), "key_taken");
    assert!(body["error"]["details"][0]["path"]
        .as_str()
        .unwrap_or("")
        .ends_with(".key"));
}

#[tokio::test]
async fn published_journeys_change_only_name_description_and_destinations() {
    let s = start().await;
    let hook = s.destination("Webhook", "event").await;
    let ads = s.destination("Ads audience", "list").await;
    let j = s
        .create(&complete(
            samples::cart_abandonment().expect("sample"),
            &hook,
        ))
        .await;
    let path = format!("/journeys/{}", j.id);
    let (status, live) = s.post(&format!("{path}/publish")).await;
    assert_eq!(status, StatusCode::OK);
    let live: Journey = serde_json::from_value(live["journey"].clone()).expect("journey");
    let version = live.version.to_string();

    // A changed wait duration is refused by the server, whatever the client.
    let mut doc = serde_json::to_value(live.spec()).expect("json");
    let steps = doc["steps"].as_object_mut().expect("steps");
    let wait = steps
        .values_mut()
        .find(|s| s["type"] == "wait_for_duration")
        .expect("a wait");
    wait["duration"]["amount"] = json!(3);
    let (status, body) = s.put(&path, &version, &doc).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(error_code(&body), "published_steps_locked");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap_or("")
        .contains("duration changed"));

    // Name, description and destinations are accepted.
    let mut doc = serde_json::to_value(live.spec()).expect("json");
    doc["name"] = json!("Cart abandonment (live)");
    doc["description"] = json!("edited while live");
    let steps = doc["steps"].as_object_mut().expect("steps");
    let send = steps
        .values_mut()
        .find(|s| s["type"] == "send_to_destinations")
        .expect("a send");
    send["destinations"] = json!([{"kind": "list", "destination_id": ads}]);
    let (status, body) = s.put(&path, &version, &doc).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["name"], "Cart abandonment (live)");
    assert_eq!(body["status"]["state"], "published");

    // Publishing twice is refused.
    let (status, body) = s.post(&format!("{path}/publish")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error_code(&body), "already_published");
}

#[tokio::test]
async fn clone_creates_a_draft_with_new_keys() {
    let s = start().await;
    let hook = s.destination("Webhook", "event").await;
    let j = s
        .create(&complete(
            samples::cart_abandonment().expect("sample"),
            &hook,
        ))
        .await;
    let (status, _) = s.post(&format!("/journeys/{}/publish", j.id)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = s.post(&format!("/journeys/{}/clone", j.id)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["journey"]["status"]["state"], "draft");
    assert_eq!(body["journey"]["name"], "Cart abandonment (copy)");
    assert_eq!(body["journey"]["version"], 1);
    let changes = body["key_changes"].as_array().expect("mapping");
    assert_eq!(changes.len(), 3);
    for c in changes {
        assert_ne!(c["old_key"], c["new_key"]);
        let step = c["step"].as_u64().expect("step id");
        let original = j
            .steps
            .steps()
            .find(|(id, _)| id.to_string() == step.to_string())
            .map(|(_, st)| st.clone())
            .expect("same step id in the original");
        assert_eq!(c["old_key"], original.key().expect("a send").as_str());
        assert_eq!(c["step_name"], original.name().unwrap_or(""));
        assert_eq!(
            body["journey"]["steps"][step.to_string()]["key"],
            c["new_key"]
        );
    }
    // The copy is editable: its steps can change.
    let copy: Journey = serde_json::from_value(body["journey"].clone()).expect("journey");
    let mut spec = copy.spec();
    let root = spec.steps.root().expect("entry");
    let next = spec
        .steps
        .get(root)
        .and_then(|s| s.children().next())
        .expect("next");
    spec.steps
        .remove_step(next, cairn_domain::RemoveMode::Splice)
        .expect("splice");
    let (status, body) = s
        .put(
            &format!("/journeys/{}", copy.id),
            "1",
            &serde_json::to_value(&spec).expect("json"),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn a_send_steps_key_never_changes_even_in_a_draft() {
    let s = start().await;
    let j = s.create(&samples::onboarding().expect("sample")).await;
    let mut doc = serde_json::to_value(j.spec()).expect("json");
    let steps = doc["steps"].as_object_mut().expect("steps");
    let (id, send) = steps
        .iter_mut()
        .find(|(_, s)| s["type"] == "send_to_destinations")
        .expect("a send");
    send["key"] = json!("j_o_renamed");
    let id = id.clone();
    let (status, body) = s.put(&format!("/journeys/{}", j.id), "1", &doc).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(error_code(&body), "key_immutable");
    assert_eq!(
        body["error"]["details"][0]["path"],
        format!("steps.{id}.key")
    );
}

/// Replaces the destinations of every Send step of a journey document.
fn set_destinations(doc: &mut Value, destinations: &Value) {
    let steps = doc["steps"].as_object_mut().expect("steps");
    for step in steps.values_mut() {
        if step["type"] == "send_to_destinations" {
            step["destinations"] = destinations.clone();
        }
    }
}

fn codes(list: &Value) -> Vec<(String, String)> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|p| {
            (
                p["path"].as_str().unwrap_or("").to_string(),
                p["code"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn publish_checks_send_steps_against_the_workspaces_destinations() {
    let s = start().await;
    // A draft naming a destination the workspace lacks saves (it only blocks publishing).
    let j = s
        .create(&complete(
            samples::onboarding().expect("sample"),
            "no-such-id",
        ))
        .await;
    let path = format!("/journeys/{}", j.id);
    let (status, body) = s.post(&format!("{path}/publish")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(error_code(&body), "validation_failed");
    let details = &body["error"]["details"];
    let sends: Vec<_> = j
        .steps
        .steps()
        .filter(|(_, st)| st.key().is_some())
        .map(|(id, _)| id)
        .collect();
    assert_eq!(details.as_array().map(Vec::len), Some(sends.len()));
    for p in details.as_array().expect("problems") {
        assert_eq!(p["code"], "unknown_destination", "{p}");
        assert_eq!(p["blocks"], "publish");
        let step = p["step"].as_u64().expect("a step");
        assert_eq!(p["path"], format!("steps.{step}.destinations[0]"));
        assert!(p["message"].as_str().unwrap_or("").contains("no-such-id"));
    }

    // A list destination connected as an event one is a mismatch.
    let ads = s.destination("Ads audience", "list").await;
    let mut doc = serde_json::to_value(j.spec()).expect("json");
    set_destinations(
        &mut doc,
        &json!([{"kind": "event", "destination_id": ads, "call": "track"}]),
    );
    let (status, body) = s.put(&path, "1", &doc).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = s.post(&format!("{path}/publish")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    for (_, code) in codes(&body["error"]["details"]) {
        assert_eq!(code, "destination_type_mismatch");
    }

    // Real destinations of the right type: published.
    let hook = s.destination("Webhook", "event").await;
    set_destinations(
        &mut doc,
        &json!([{"kind": "event", "destination_id": hook, "call": "identify"},
                {"kind": "list", "destination_id": ads}]),
    );
    let (status, body) = s.put(&path, "2", &doc).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = s.post(&format!("{path}/publish")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["journey"]["status"]["state"], "published");
    assert!(body["warnings"].is_array());

    // While live, destination edits must name real destinations too.
    set_destinations(
        &mut doc,
        &json!([{"kind": "event", "destination_id": "gone", "call": "track"}]),
    );
    let (status, body) = s.put(&path, "4", &doc).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(error_code(&body), "validation_failed");
    assert_eq!(body["error"]["details"][0]["code"], "unknown_destination");
    let (_, now) = s.get(&path).await;
    assert_eq!(now["version"], 4, "nothing saved");
}

#[tokio::test]
async fn published_journeys_refuse_each_kind_of_step_change_naming_it() {
    use cairn_domain::{RemoveMode, Slot, StepType};
    let s = start().await;
    let hook = s.destination("Webhook", "event").await;
    let j = s
        .create(&complete(samples::onboarding().expect("sample"), &hook))
        .await;
    let path = format!("/journeys/{}", j.id);
    let (status, body) = s.post(&format!("{path}/publish")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let live: Journey = serde_json::from_value(body["journey"].clone()).expect("journey");
    let version = live.version.to_string();
    let limits = Limits::default();
    let leaf = live
        .steps
        .steps()
        .find(|(_, st)| st.key().is_some())
        .map(|(id, _)| id)
        .expect("a send step");
    let of_type = |doc: &mut Value, t: &str| -> (String, Value) {
        let steps = doc["steps"].as_object_mut().expect("steps");
        let (id, step) = steps
            .iter_mut()
            .find(|(_, st)| st["type"] == t)
            .expect("a step of that type");
        (id.clone(), step.clone())
    };

    let mut added = live.spec();
    added
        .steps
        .add_step(
            Some((leaf, Slot::Next)),
            Step::new_of_type(StepType::WaitForDuration, || unreachable!()),
            &limits,
        )
        .expect("room");
    let mut removed = live.spec();
    removed
        .steps
        .remove_step(leaf, RemoveMode::Splice)
        .expect("a leaf");
    let doc = |spec: &JourneySpec| serde_json::to_value(spec).expect("json");
    let edit = |f: &dyn Fn(&mut Value, &str)| {
        let mut d = doc(&live.spec());
        let (id, _) = of_type(&mut d, "entry_condition");
        f(&mut d, &id);
        d
    };
    let condition = edit(&|d, id| {
        d["steps"][id]["condition"] =
            json!({"type": "event", "event": "Signed Up", "count": {"op": "at_least", "value": 1}});
    });
    let renamed = edit(&|d, id| d["steps"][id]["name"] = json!("Renamed"));
    let mut wait = doc(&live.spec());
    let (wait_id, _) = of_type(&mut wait, "wait_for_duration");
    wait["steps"][&wait_id]["duration"]["amount"] = json!(9);

    for (what, body, expected) in [
        ("add a step", doc(&added), "was added".to_string()),
        ("delete a step", doc(&removed), format!("step {leaf} (")),
        ("change a condition", condition, "condition changed".into()),
        (
            "change a wait",
            wait,
            format!("step {wait_id} (Wait 1 hour): duration changed"),
        ),
        ("change a step name", renamed, "name changed".into()),
    ] {
        let (status, err) = s.put(&path, &version, &body).await;
        assert_eq!(status, StatusCode::CONFLICT, "{what}: {err}");
        assert_eq!(error_code(&err), "published_steps_locked", "{what}");
        let message = err["error"]["message"].as_str().unwrap_or("");
        assert!(message.contains(&expected), "{what}: {message}");
        assert!(message.contains("clone it"), "{what}: {message}");
        assert!(
            !err["error"]["details"]["changes"]
                .as_array()
                .map(Vec::is_empty)
                .unwrap_or(true),
            "{what}"
        );
    }
    assert!(
        s.put(&path, &version, &doc(&removed)).await.1["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("was removed")
    );

    // A key never changes: refused with the step's key path.
    let mut rekeyed = doc(&live.spec());
    rekeyed["steps"][leaf.to_string()]["key"] = json!("j_o_renamed_key");
    let (status, err) = s.put(&path, &version, &rekeyed).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(error_code(&err), "key_immutable");
    assert_eq!(
        err["error"]["details"][0]["path"],
        format!("steps.{leaf}.key")
    );
    assert!(err["error"]["message"]
        .as_str()
        .unwrap_or("")
        .contains("cannot change once created"));

    let (_, now) = s.get(&path).await;
    assert_eq!(now["version"], live.version, "nothing was saved");
}

#[tokio::test]
async fn checks_report_problems_and_warnings_without_saving() {
    let s = start().await;
    // The seeds' example: two branches a user can both meet; an entry without a window.
    let spec = json!({"name": "Webinar follow-up", "steps": {
        "1": {"type": "entry_condition", "name": "Leads",
              "condition": {"type": "event", "event": "Lead Created", "count": {"op": "at_least", "value": 1}},
              "next": 2},
        "2": {"type": "multi_branch_split", "name": "Engagement", "branches": [
            {"name": "Attended", "condition": {"type": "event", "event": "webinar attended",
                "count": {"op": "at_least", "value": 1}, "within": {"amount": 30, "unit": "days"}}},
            {"name": "Registered", "condition": {"type": "event", "event": "registration form submitted",
                "count": {"op": "at_least", "value": 1}, "within": {"amount": 30, "unit": "days"}}}
        ]}
    }});
    let (status, body) = s.post_json("/journeys/check", &spec).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["problems"], json!([]));
    assert_eq!(
        codes(&body["warnings"]),
        vec![
            ("steps.1.condition".into(), "no_time_window".into()),
            (
                "steps.2.branches[1].condition".into(),
                "overlapping_branches".into()
            ),
            (".".into(), "not_reviewed_as_draft".into()),
        ]
    );
    assert_eq!(body["warnings"][1]["step"], 2);
    assert!(body["warnings"][1]["message"]
        .as_str()
        .unwrap_or("")
        .contains("ends up in both branches"));

    // Saved as a draft: the stored check and the unsaved check with its id.
    let (status, created) = s.post_json("/journeys", &spec).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().expect("id").to_string();
    let (status, body) = s.get(&format!("/journeys/{id}/check")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["warnings"].as_array().map(Vec::len), Some(2));
    let (status, posted) = s.post(&format!("/journeys/{id}/check")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(posted, body);
    let (_, same) = s
        .post_json(&format!("/journeys/check?id={id}"), &spec)
        .await;
    assert_eq!(same["warnings"].as_array().map(Vec::len), Some(2), "{same}");
    let mut fixed = spec.clone();
    fixed["steps"]["1"]["condition"]["within"] = json!({"amount": 7, "unit": "days"});
    fixed["steps"]["2"]["branches"][1]["condition"] = json!({"type": "all_of", "conditions": [
        fixed["steps"]["2"]["branches"][1]["condition"].clone(),
        {"type": "event", "event": "webinar attended", "count": {"op": "exactly", "value": 0},
         "within": {"amount": 30, "unit": "days"}}
    ]});
    fixed["steps"]["3"] = json!({"type": "send_to_destinations", "name": "Follow up",
        "key": "j_o_webinar__follow_up_aaaaaa", "destinations": [
            {"kind": "event", "destination_id": "missing", "call": "track"}]});
    fixed["steps"]["2"]["branches"][0]["next"] = json!(3);
    let (status, body) = s
        .post_json(&format!("/journeys/check?id={id}"), &fixed)
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        codes(&body["warnings"]),
        vec![(".".into(), "not_reviewed_as_draft".into())]
    );
    assert!(body["warnings"][0]["message"]
        .as_str()
        .unwrap_or("")
        .contains("unsaved changes"));
    assert_eq!(
        codes(&body["problems"]),
        vec![(
            "steps.3.destinations[0]".into(),
            "unknown_destination".into()
        )]
    );
    assert_eq!(body["problems"][0]["blocks"], "publish");
    let (_, stored) = s.get(&format!("/journeys/{id}")).await;
    assert_eq!(stored["version"], 1, "checking saves nothing");

    // Bad queries and ids are 4xx JSON errors.
    let (status, body) = s.post_json("/journeys/check?id=nope", &spec).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&body), "invalid_id");
    let (status, body) = s
        .post_json(
            "/journeys/check?id=7a1c2b8e-58b1-4a4e-9f55-1d7a0f6c9a11",
            &spec,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error_code(&body), "not_found");
    let (status, body) = s.post_json("/journeys/check?colour=red", &spec).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&body), "invalid_query");

    // Publishing answers the warnings too (the trial example has no windows).
    let hook = s.destination("Webhook", "event").await;
    let trial = s
        .create(&complete(samples::trial_to_paid().expect("sample"), &hook))
        .await;
    let (status, body) = s.post(&format!("/journeys/{}/publish", trial.id)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let warnings = codes(&body["warnings"]);
    assert!(!warnings.is_empty());
    assert!(
        warnings.iter().all(|(_, c)| c == "no_time_window"),
        "{warnings:?}"
    );
}

#[tokio::test]
async fn drafts_and_published_journeys_can_be_deleted() {
    let s = start().await;
    let hook = s.destination("Webhook", "event").await;
    let mut ids = Vec::new();
    for n in 0..6 {
        ids.push(s.create(&minimal(n, &hook)).await.id);
    }
    for id in &ids[..5] {
        let (status, body) = s.post(&format!("/journeys/{id}/publish")).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    // A draft.
    let (status, _) = s.delete(&format!("/journeys/{}", ids[5])).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = s.delete(&format!("/journeys/{}", ids[5])).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(error_code(&body), "not_found");

    // The seeds' way to change a live journey: clone, delete the original, publish the copy.
    let (status, cloned) = s.post(&format!("/journeys/{}/clone", ids[0])).await;
    assert_eq!(status, StatusCode::CREATED, "{cloned}");
    let copy = cloned["journey"]["id"].as_str().expect("id").to_string();
    let (status, body) = s.post(&format!("/journeys/{copy}/publish")).await;
    assert_eq!(status, StatusCode::CONFLICT, "at the limit: {body}");
    let (status, _) = s.delete(&format!("/journeys/{}", ids[0])).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = s.get(&format!("/journeys/{}", ids[0])).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let (status, body) = s.post(&format!("/journeys/{copy}/publish")).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the deleted journey freed its slot: {body}"
    );
    // Its keys are free again too.
    s.create(&minimal(0, &hook)).await;
    let (_, list) = s.get("/journeys").await;
    assert_eq!(list.as_array().map(Vec::len), Some(6));
}
