//! Segment-compatible ingest, estimates and the schema over real HTTP: the
//! server on an ephemeral port with a temporary SQLite file.

use base64::Engine as _;
use cairn_domain::Limits;
use cairn_server::{Config, Server};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use std::io::Write;
use std::path::Path;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

struct Running {
    base: String,
    http: Client,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

async fn start_on(dir: &Path) -> Running {
    let config = Config {
        db: dir.join("cairn.db"),
        dist: dir.join("dist"),
        limits: Limits::default(),
    };
    let server = Server::bind(config, "127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("server starts");
    let addr = server.local_addr().expect("bound");
    let (tx, rx) = oneshot::channel::<()>();
    let task = tokio::spawn(server.serve(async {
        let _ = rx.await;
    }));
    Running {
        base: format!("http://{addr}"),
        http: Client::new(),
        stop: Some(tx),
        task: Some(task),
    }
}

impl Running {
    async fn stop(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.task.take() {
            t.await.expect("joined").expect("served");
        }
    }

    async fn api_get(&self, path: &str) -> (StatusCode, Value) {
        let r = self
            .http
            .get(format!("{}/api{path}", self.base))
            .send()
            .await
            .expect("sent");
        (r.status(), r.json().await.unwrap_or(Value::Null))
    }

    async fn api_post(&self, path: &str, body: &Value) -> (StatusCode, Value) {
        let r = self
            .http
            .post(format!("{}/api{path}", self.base))
            .json(body)
            .send()
            .await
            .expect("sent");
        (r.status(), r.json().await.unwrap_or(Value::Null))
    }

    async fn write_key(&self) -> String {
        let (status, body) = self
            .api_post("/write-keys", &json!({"name": "Website"}))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body["key"].as_str().expect("a key").to_string()
    }

    async fn send_raw(
        &self,
        path: &str,
        key: Option<&str>,
        body: Vec<u8>,
        gzip: bool,
    ) -> (StatusCode, Value) {
        let mut req = self
            .http
            .post(format!("{}/v1{path}", self.base))
            .header("Content-Type", "application/json");
        if let Some(k) = key {
            let auth = base64::engine::general_purpose::STANDARD.encode(format!("{k}:"));
            req = req.header("Authorization", format!("Basic {auth}"));
        }
        let body = if gzip {
            req = req.header("Content-Encoding", "gzip");
            let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            enc.write_all(&body).expect("gzip");
            enc.finish().expect("gzip")
        } else {
            body
        };
        let r = req.body(body).send().await.expect("sent");
        (r.status(), r.json().await.unwrap_or(Value::Null))
    }

    async fn send(&self, path: &str, key: &str, body: &Value) -> (StatusCode, Value) {
        self.send_raw(path, Some(key), body.to_string().into_bytes(), false)
            .await
    }
}

fn code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or("(none)")
}

#[tokio::test]
async fn track_needs_a_valid_write_key() {
    let dir = tempfile::tempdir().expect("dir");
    let s = start_on(dir.path()).await;
    let key = s.write_key().await;
    let msg = json!({"userId": "u1", "event": "Signed Up"});
    let (st, body) = s
        .send_raw("/track", None, msg.to_string().into_bytes(), false)
        .await;
    assert_eq!(st, StatusCode::UNAUTHORIZED, "{body}");
    assert_eq!(code(&body), "unauthorized");
    let (st, _) = s.send("/track", "not-a-key", &msg).await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    let (st, body) = s.send("/track", &key, &msg).await;
    assert_eq!(st, StatusCode::OK, "{body}");
    assert_eq!(body["success"], true);
    // The key may also come in the body, as analytics.js sends it.
    let with_key = json!({"userId": "u1", "event": "Signed Up", "writeKey": key});
    let (st, _) = s
        .send_raw("/track", None, with_key.to_string().into_bytes(), false)
        .await;
    assert_eq!(st, StatusCode::OK);
    let (st, keys) = s.api_get("/write-keys").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(keys[0]["name"], "Website");
    assert_eq!(keys[0]["key"], key.as_str());
    s.stop().await;
}

#[tokio::test]
async fn browsers_may_send_from_any_site() {
    let dir = tempfile::tempdir().expect("tmp");
    let s = start_on(dir.path()).await;
    // analytics.js on a customer's site: a preflight, then the call.
    let r = s
        .http
        .request(reqwest::Method::OPTIONS, format!("{}/v1/batch", s.base))
        .header("Origin", "https://shop.example.com")
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "authorization,content-type",
        )
        .send()
        .await
        .expect("sent");
    assert!(r.status().is_success(), "{}", r.status());
    let allow = |name: &str| {
        r.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase()
    };
    assert_eq!(allow("access-control-allow-origin"), "*");
    assert!(allow("access-control-allow-methods").contains("post"));
    assert!(allow("access-control-allow-headers").contains("authorization"));
    let key = s.write_key().await;
    let auth = base64::engine::general_purpose::STANDARD.encode(format!("{key}:"));
    let r = s
        .http
        .post(format!("{}/v1/track", s.base))
        .header("Origin", "https://shop.example.com")
        .header("Authorization", format!("Basic {auth}"))
        .json(&json!({"userId": "u1", "event": "Product Added"}))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(
        r.headers()
            .get("access-control-allow-origin")
            .and_then(|v| v.to_str().ok()),
        Some("*")
    );
    s.stop().await;
}

#[tokio::test]
async fn bad_messages_get_a_400_with_the_reason() {
    let dir = tempfile::tempdir().expect("dir");
    let s = start_on(dir.path()).await;
    let key = s.write_key().await;
    let (st, body) = s.send("/track", &key, &json!({"userId": "u1"})).await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"]["details"][0]["path"], "event");
    let (st, body) = s.send("/identify", &key, &json!({"traits": {}})).await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["details"][0]["path"], "userId");
    let (st, body) = s
        .send(
            "/track",
            &key,
            &json!({"userId": "u", "event": "A", "timestamp": "soon"}),
        )
        .await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"]["details"][0]["path"], "timestamp");
    let (st, body) = s
        .send_raw("/track", Some(&key), b"{not json".to_vec(), false)
        .await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert_eq!(code(&body), "invalid_json");
    let (st, _) = s.send("/group", &key, &json!({"userId": "u"})).await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    s.stop().await;
}

#[tokio::test]
async fn a_bad_message_in_a_batch_does_not_drop_the_good_ones() {
    let dir = tempfile::tempdir().expect("dir");
    let s = start_on(dir.path()).await;
    let key = s.write_key().await;
    let batch = json!({"batch": [
        {"type": "track", "userId": "u1", "event": "A", "messageId": "m1"},
        {"type": "track", "userId": "u1", "messageId": "m2"},
        {"type": "identify", "userId": "u2", "traits": {"plan": "pro"}, "messageId": "m3"},
        {"type": "alias", "userId": "u2", "previousId": "x", "messageId": "m4"},
    ]});
    let (st, body) = s.send("/batch", &key, &batch).await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["accepted"], 2);
    let details = body["error"]["details"].as_array().expect("details");
    assert_eq!(details.len(), 2);
    assert_eq!(details[0]["index"], 1);
    assert_eq!(details[0]["path"], "batch[1].event");
    assert_eq!(details[0]["messageId"], "m2");
    assert_eq!(details[1]["path"], "batch[3].type");
    let (st, p) = s.api_get("/profiles/u1").await;
    assert_eq!(st, StatusCode::OK, "{p}");
    assert_eq!(p["message_count"], 1);
    let (_, p) = s.api_get("/profiles/u2").await;
    assert_eq!(p["traits"]["plan"], "pro");
    s.stop().await;
}

#[tokio::test]
async fn duplicate_message_ids_are_stored_once() {
    let dir = tempfile::tempdir().expect("dir");
    let s = start_on(dir.path()).await;
    let key = s.write_key().await;
    let msg = json!({"userId": "u1", "event": "A", "messageId": "same"});
    let (_, first) = s.send("/track", &key, &msg).await;
    assert_eq!(first["accepted"], 1);
    let (st, second) = s.send("/track", &key, &msg).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(second["accepted"], 0);
    assert_eq!(second["duplicates"], 1);
    let batch = json!({"batch": [
        {"type": "track", "userId": "u1", "event": "A", "messageId": "same"},
        {"type": "track", "userId": "u1", "event": "A", "messageId": "other"},
        {"type": "track", "userId": "u1", "event": "A", "messageId": "other"},
    ]});
    let (_, b) = s.send("/batch", &key, &batch).await;
    assert_eq!(
        (b["accepted"].clone(), b["duplicates"].clone()),
        (json!(1), json!(2))
    );
    let (_, p) = s.api_get("/profiles/u1").await;
    assert_eq!(p["message_count"], 2);
    let (_, est) = s
        .api_post(
            "/estimate",
            &json!({"condition": {"type": "event", "event": "A", "count": {"op": "exactly", "value": 2}}}),
        )
        .await;
    assert_eq!(est["count"], 1, "{est}");
    s.stop().await;
}

#[tokio::test]
async fn size_limits_are_segments() {
    let dir = tempfile::tempdir().expect("dir");
    let s = start_on(dir.path()).await;
    let key = s.write_key().await;
    let big = "x".repeat(33 * 1024);
    let msg = json!({"userId": "u1", "event": "A", "properties": {"blob": big}});
    let (st, body) = s.send("/track", &key, &msg).await;
    assert_eq!(st, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(code(&body), "body_too_large");
    // In a batch, the large message is refused and the others are stored.
    let batch = json!({"batch": [
        {"type": "track", "userId": "u1", "event": "A", "properties": {"blob": big}},
        {"type": "track", "userId": "u1", "event": "A"},
    ]});
    let (st, body) = s.send("/batch", &key, &batch).await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["accepted"], 1);
    assert_eq!(body["error"]["details"][0]["path"], "batch[0]");
    let huge: Vec<Value> = (0..20)
        .map(|_| json!({"type": "track", "userId": "u1", "event": "A", "properties": {"blob": "y".repeat(30 * 1024)}}))
        .collect();
    let (st, _) = s.send("/batch", &key, &json!({ "batch": huge })).await;
    assert_eq!(st, StatusCode::PAYLOAD_TOO_LARGE);
    s.stop().await;
}

#[tokio::test]
async fn gzip_bodies_are_read() {
    let dir = tempfile::tempdir().expect("dir");
    let s = start_on(dir.path()).await;
    let key = s.write_key().await;
    let batch = json!({"batch": [{"type": "track", "userId": "gz", "event": "Zipped"}],
        "sentAt": "2026-01-01T00:00:00Z"});
    let (st, body) = s
        .send_raw("/batch", Some(&key), batch.to_string().into_bytes(), true)
        .await;
    assert_eq!(st, StatusCode::OK, "{body}");
    let (st, body) = s
        .send_raw("/batch", Some(&key), b"not gzip".to_vec(), true)
        .await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{body}");
    let (_, p) = s.api_get("/profiles/gz").await;
    assert_eq!(p["recent"][0]["event"], "Zipped");
    s.stop().await;
}

#[tokio::test]
async fn timestamps_are_kept_or_corrected_for_clock_skew() {
    let dir = tempfile::tempdir().expect("dir");
    let s = start_on(dir.path()).await;
    let key = s.write_key().await;
    let (st, _) = s
        .send(
            "/track",
            &key,
            &json!({"userId": "t", "event": "Old", "timestamp": "2025-03-01T10:00:00Z"}),
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    // A client clock 1 hour fast: originalTimestamp and sentAt both an hour ahead.
    let now = chrono::Utc::now();
    let fast = now + chrono::Duration::hours(1);
    let (st, _) = s
        .send(
            "/track",
            &key,
            &json!({"userId": "t", "event": "Skewed",
                "originalTimestamp": (fast - chrono::Duration::seconds(30)).to_rfc3339(),
                "sentAt": fast.to_rfc3339()}),
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    let (_, p) = s.api_get("/profiles/t").await;
    let recent = p["recent"].as_array().expect("recent");
    let skewed = recent
        .iter()
        .find(|m| m["event"] == "Skewed")
        .expect("skewed");
    let at = chrono::DateTime::parse_from_rfc3339(skewed["timestamp"].as_str().expect("ts"))
        .expect("rfc3339");
    let off =
        (at.timestamp_millis() - (now - chrono::Duration::seconds(30)).timestamp_millis()).abs();
    assert!(off < 5_000, "corrected to about 30 s ago, off by {off} ms");
    let old = recent.iter().find(|m| m["event"] == "Old").expect("old");
    assert_eq!(old["timestamp"], "2025-03-01T10:00:00.000Z");
    s.stop().await;
}

#[tokio::test]
async fn identify_merges_traits_and_events_survive_a_restart() {
    let dir = tempfile::tempdir().expect("dir");
    let s = start_on(dir.path()).await;
    let key = s.write_key().await;
    for traits in [json!({"a": 1, "b": 2}), json!({"b": 3, "c": "x"})] {
        let (st, _) = s
            .send("/identify", &key, &json!({"userId": "m", "traits": traits}))
            .await;
        assert_eq!(st, StatusCode::OK);
    }
    let (st, _) = s
        .send(
            "/page",
            &key,
            &json!({"userId": "m", "name": "Home", "context": {"campaign": {"source": "facebook"}}}),
        )
        .await;
    assert_eq!(st, StatusCode::OK);
    let (_, p) = s.api_get("/profiles/m").await;
    assert_eq!(p["traits"], json!({"a": 1, "b": 3, "c": "x"}));
    s.stop().await;

    let s = start_on(dir.path()).await;
    let (st, p) = s.api_get("/profiles/m").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(p["traits"], json!({"a": 1, "b": 3, "c": "x"}));
    assert_eq!(p["message_count"], 3);
    // The index is rebuilt from the database: estimates see the old events.
    let cond = json!({"condition": {"type": "all_of", "conditions": [
        {"type": "event", "event": "Page Viewed", "count": {"op": "at_least", "value": 1},
         "within": {"amount": 1, "unit": "days"},
         "where": [{"property": "utm_source", "compare": {"op": "equals", "value": "facebook"}}]},
        {"type": "trait", "trait": "b", "compare": {"op": "greater_than", "value": 2}}
    ]}, "use_historical_data": true});
    let (st, est) = s.api_post("/estimate", &cond).await;
    assert_eq!(st, StatusCode::OK, "{est}");
    assert_eq!(est["count"], 1);
    assert_eq!(est["sample"][0]["user_id"], "m");
    assert_eq!(est["sample"][0]["traits"]["c"], "x");
    assert!(est["took_ms"].as_f64().is_some());
    // The old key still works after the restart.
    let (st, _) = s
        .send("/track", &key, &json!({"userId": "m", "event": "Back"}))
        .await;
    assert_eq!(st, StatusCode::OK);
    let (_, schema) = s.api_get("/schema").await;
    let names: Vec<&str> = schema["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["name"].as_str())
        .collect();
    assert!(
        names.contains(&"Page Viewed") && names.contains(&"Back"),
        "{schema}"
    );
    let page = &schema["events"]
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["name"] == "Page Viewed")
        .expect("page")["properties"];
    assert!(page.to_string().contains("facebook"), "{page}");
    assert!(schema["traits"].to_string().contains("\"b\""));
    s.stop().await;
}

#[tokio::test]
async fn estimates_refuse_bad_conditions_with_the_path() {
    let dir = tempfile::tempdir().expect("dir");
    let s = start_on(dir.path()).await;
    let (st, body) = s
        .api_post(
            "/estimate",
            &json!({"condition": {"type": "event", "event": "A", "count": {"op": "sometimes", "value": 1}}}),
        )
        .await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"]["details"][0]["path"], "condition.count.op");
    let (st, body) = s
        .api_post(
            "/estimate",
            &json!({"condition": {"type": "all_of", "conditions": [
                {"type": "event", "event": "", "count": {"op": "at_least", "value": 1}}]}}),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(code(&body), "invalid_condition");
    assert_eq!(
        body["error"]["details"][0]["path"],
        "condition.conditions[0].event"
    );
    let (st, body) = s
        .api_post(
            "/estimate",
            &json!({"condition": {"type": "audience", "audience": "vip"}, "use_historical_data": false}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{body}");
    assert_eq!(body["count"], 0);
    assert_eq!(body["projection_days"], 7);
    assert!(body["meaning"]
        .as_str()
        .expect("meaning")
        .contains("7 days"));
    s.stop().await;
}
