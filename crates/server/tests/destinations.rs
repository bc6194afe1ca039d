//! Destinations, the event tester and the request inbox over real HTTP: the
//! server on an ephemeral port, and destinations played by small HTTP servers
//! started here on loopback (200, 500, one that never answers, a closed port,
//! a redirect, an oversized body).

use axum::http::{HeaderMap, StatusCode as AxStatus};
use axum::routing::post;
use axum::Router;
use cairn_domain::step::{CallType, DestinationRef, Step};
use cairn_domain::{samples, JourneySpec};
use cairn_server::{Config, Server};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

const KEY: &str = "j_o_first_purchase__opened_email_dje83h";
const SECRET: &str = "Bearer sk_live_abcdefgh5678";

struct TestServer {
    base: String,
    http: Client,
    inbox_id: String,
    _stop: oneshot::Sender<()>,
    _dir: tempfile::TempDir,
}

async fn start(block_private: bool) -> TestServer {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = Config {
        db: dir.path().join("cairn.db"),
        dist: dir.path().join("dist"),
        limits: cairn_domain::Limits::default(),
    };
    let server = Server::bind(config, "127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("server starts")
        .block_private_destinations(block_private);
    let inbox = cairn_server::routes::inbox::ensure_inbox(server.state())
        .await
        .expect("inbox");
    // Seeding twice keeps one inbox.
    let again = cairn_server::routes::inbox::ensure_inbox(server.state())
        .await
        .expect("inbox");
    assert_eq!(inbox.id, again.id);
    let addr = server.local_addr().expect("bound");
    let (tx, rx) = oneshot::channel::<()>();
    tokio::spawn(server.serve(async {
        let _ = rx.await;
    }));
    TestServer {
        base: format!("http://{addr}/api"),
        http: Client::new(),
        inbox_id: inbox.id,
        _stop: tx,
        _dir: dir,
    }
}

impl TestServer {
    async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
    ) -> (StatusCode, Value) {
        let mut r = self.http.request(method, format!("{}{path}", self.base));
        if let Some(b) = body {
            r = r.json(b);
        }
        let r = r.send().await.expect("sent");
        (r.status(), r.json().await.unwrap_or(Value::Null))
    }

    async fn create(&self, body: Value) -> Value {
        let (status, d) = self
            .call(reqwest::Method::POST, "/destinations", Some(&body))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{d}");
        d
    }

    async fn event_destination(&self, url: &str, timeout_ms: u64) -> String {
        let d = self
            .create(json!({
                "name": "Webhook",
                "type": "event",
                "url": url,
                "headers": [
                    {"name": "Authorization", "value": SECRET, "secret": true},
                    {"name": "X-Team", "value": "growth"}
                ],
                "timeout_ms": timeout_ms
            }))
            .await;
        d["id"].as_str().expect("id").to_string()
    }

    async fn test(&self, id: &str, body: Value) -> Value {
        let (status, r) = self
            .call(
                reqwest::Method::POST,
                &format!("/destinations/{id}/test"),
                Some(&body),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{r}");
        r
    }
}

/// What a destination server received.
type Received = Arc<Mutex<Vec<(HeaderMap, Value)>>>;

async fn serve(app: Router) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    addr
}

async fn answering(status: AxStatus, reply: &'static str) -> (SocketAddr, Received) {
    let received: Received = Arc::default();
    let r = received.clone();
    let app = Router::new().route(
        "/hook",
        post(move |headers: HeaderMap, body: axum::body::Bytes| {
            let r = r.clone();
            async move {
                let json = serde_json::from_slice(&body).unwrap_or(Value::Null);
                r.lock().expect("lock").push((headers, json));
                (status, [("x-destination", "test")], reply)
            }
        }),
    );
    (serve(app).await, received)
}

/// A destination that accepts connections and never answers.
async fn silent() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((sock, _)) = listener.accept().await {
            held.push(sock);
        }
    });
    addr
}

/// A port nothing listens on.
async fn closed_port() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    addr
}

fn header<'a>(pairs: &'a Value, name: &str) -> Option<&'a str> {
    pairs.as_array()?.iter().find_map(|p| {
        (p[0].as_str()?.eq_ignore_ascii_case(name))
            .then(|| p[1].as_str())
            .flatten()
    })
}

fn assert_request(r: &Value, url: &str, event_type: &str) {
    let req = &r["request"];
    assert_eq!(req["method"], "POST");
    assert_eq!(req["url"], url);
    assert_eq!(
        header(&req["headers"], "content-type"),
        Some("application/json")
    );
    assert_eq!(
        header(&req["headers"], "authorization"),
        Some("••••5678"),
        "secret masked"
    );
    assert_eq!(header(&req["headers"], "x-team"), Some("growth"));
    assert!(!req.to_string().contains("sk_live"), "no secret in {req}");
    let body = &req["body"];
    assert_eq!(body["type"], event_type);
    assert_eq!(body["userId"], r["user_id"]);
    assert_eq!(body["messageId"], r["message_id"]);
    assert_eq!(body["integrations"], json!({"All": false, "Webhook": true}));
    assert_eq!(body["context"]["personas"]["computation_key"], KEY);
    assert_eq!(body["context"]["personas"]["computation_class"], "audience");
    match event_type {
        "track" => {
            assert_eq!(body["event"], "Audience Entered");
            assert_eq!(body["properties"], json!({KEY: "true"}));
        }
        _ => assert_eq!(body["traits"], json!({KEY: "true"})),
    }
}

#[tokio::test]
async fn a_200_response_is_reported_field_by_field_and_the_secret_reaches_the_destination() {
    let s = start(false).await;
    let (addr, received) = answering(AxStatus::OK, "accepted").await;
    let url = format!("http://{addr}/hook");
    let id = s.event_destination(&url, 2000).await;
    let r = s
        .test(
            &id,
            json!({"event_type": "track", "key": KEY, "user_id": "alice"}),
        )
        .await;
    assert_eq!(r["destination"], json!({"id": id, "name": "Webhook"}));
    assert_eq!(r["event_type"], "track");
    assert_eq!(r["event"], "entered");
    assert_eq!(r["user_id"], "alice");
    assert_request(&r, &url, "track");
    let o = &r["outcome"];
    assert_eq!(o["kind"], "response");
    assert_eq!(o["ok"], true);
    assert_eq!(o["status"], 200);
    assert_eq!(o["status_line"], "200 OK");
    assert_eq!(o["body"], "accepted");
    assert_eq!(o["body_truncated"], false);
    assert_eq!(o["location"], Value::Null);
    assert_eq!(header(&o["headers"], "x-destination"), Some("test"));
    assert!(o["took_ms"].as_f64().expect("took_ms") >= 0.0);
    // The destination got the real secret and exactly the payload shown.
    let got = received.lock().expect("lock").clone();
    assert_eq!(got.len(), 1);
    assert_eq!(
        got[0].0.get("authorization").and_then(|v| v.to_str().ok()),
        Some(SECRET)
    );
    assert_eq!(got[0].1, r["request"]["body"]);

    // Identify, with a generated test user.
    let r = s
        .test(&id, json!({"event_type": "identify", "key": KEY}))
        .await;
    assert!(r["user_id"]
        .as_str()
        .expect("user")
        .starts_with("test-user-"));
    assert_request(&r, &url, "identify");
}

#[tokio::test]
async fn a_500_is_a_response_that_is_not_ok_with_its_body() {
    let s = start(false).await;
    let (addr, _) = answering(AxStatus::INTERNAL_SERVER_ERROR, r#"{"error":"boom"}"#).await;
    let url = format!("http://{addr}/hook");
    let id = s.event_destination(&url, 2000).await;
    let r = s
        .test(&id, json!({"event_type": "track", "key": KEY}))
        .await;
    assert_request(&r, &url, "track");
    let o = &r["outcome"];
    assert_eq!(o["kind"], "response");
    assert_eq!(o["ok"], false);
    assert_eq!(o["status"], 500);
    assert_eq!(o["status_line"], "500 Internal Server Error");
    assert_eq!(o["body"], r#"{"error":"boom"}"#);
    assert_eq!(o["body_truncated"], false);
}

#[tokio::test]
async fn a_destination_that_never_answers_times_out() {
    let s = start(false).await;
    let addr = silent().await;
    let url = format!("http://{addr}/hook");
    let id = s.event_destination(&url, 300).await;
    let r = s
        .test(&id, json!({"event_type": "track", "key": KEY}))
        .await;
    assert_request(&r, &url, "track");
    let o = &r["outcome"];
    assert_eq!(o["kind"], "error");
    assert_eq!(o["error"], "timeout");
    assert_eq!(o["message"], "no complete response within 300 ms");
    let took = o["took_ms"].as_f64().expect("took_ms");
    assert!((290.0..5000.0).contains(&took), "{took}");
}

#[tokio::test]
async fn a_closed_port_is_connection_refused() {
    let s = start(false).await;
    let addr = closed_port().await;
    let url = format!("http://{addr}/hook");
    let id = s.event_destination(&url, 2000).await;
    let r = s
        .test(&id, json!({"event_type": "identify", "key": KEY}))
        .await;
    assert_request(&r, &url, "identify");
    let o = &r["outcome"];
    assert_eq!(o["kind"], "error");
    assert_eq!(o["error"], "connection_refused");
    assert!(
        o["message"]
            .as_str()
            .expect("message")
            .starts_with("connection refused"),
        "{o}"
    );
    assert!(o["took_ms"].as_f64().is_some());
}

#[tokio::test]
async fn https_to_a_plain_http_server_is_a_tls_error() {
    let s = start(false).await;
    let (addr, _) = answering(AxStatus::OK, "accepted").await;
    let id = s
        .event_destination(&format!("https://{addr}/hook"), 2000)
        .await;
    let r = s.test(&id, json!({"event_type": "track"})).await;
    assert_eq!(r["outcome"]["error"], "tls", "{}", r["outcome"]);
}

#[tokio::test]
async fn redirects_are_reported_not_followed_and_big_bodies_are_cut() {
    let s = start(false).await;
    let app = Router::new()
        .route(
            "/moved",
            post(|| async {
                (
                    AxStatus::FOUND,
                    [("location", "http://169.254.169.254/")],
                    "",
                )
            }),
        )
        .route("/big", post(|| async { "x".repeat(100 * 1024) }));
    let addr = serve(app).await;
    let id = s
        .event_destination(&format!("http://{addr}/moved"), 2000)
        .await;
    let o = s.test(&id, json!({"event_type": "track"})).await["outcome"].clone();
    assert_eq!(o["status_line"], "302 Found");
    assert_eq!(o["ok"], false);
    assert_eq!(o["location"], "http://169.254.169.254/");
    let id = s
        .event_destination(&format!("http://{addr}/big"), 2000)
        .await;
    let o = s.test(&id, json!({"event_type": "track"})).await["outcome"].clone();
    assert_eq!(o["status"], 200);
    assert_eq!(o["body_truncated"], true);
    assert_eq!(o["body"].as_str().expect("body").len(), 64 * 1024);
}

#[tokio::test]
async fn secrets_are_masked_in_every_answer_and_kept_on_update() {
    let s = start(false).await;
    let (addr, received) = answering(AxStatus::OK, "ok").await;
    let id = s
        .event_destination(&format!("http://{addr}/hook"), 2000)
        .await;
    let (status, list) = s.call(reqwest::Method::GET, "/destinations", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!list.to_string().contains("sk_live"), "{list}");
    let mine = list
        .as_array()
        .expect("array")
        .iter()
        .find(|d| d["id"] == id.as_str())
        .expect("listed")
        .clone();
    assert_eq!(
        mine["headers"][0],
        json!({"name": "Authorization", "value": "••••5678", "secret": true})
    );
    assert_eq!(mine["type"], "event");
    assert_eq!(mine["enabled"], true);
    assert_eq!(mine["builtin"], Value::Null);
    // Sending back what was shown (masked) renames it and keeps the secret.
    let mut edit = mine.clone();
    for k in ["id", "builtin", "created_at", "updated_at"] {
        edit.as_object_mut().expect("obj").remove(k);
    }
    edit["name"] = json!("Renamed");
    let (status, updated) = s
        .call(
            reqwest::Method::PUT,
            &format!("/destinations/{id}"),
            Some(&edit),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(updated["name"], "Renamed");
    assert_eq!(updated["headers"][0]["value"], "••••5678");
    let (_, got) = s
        .call(reqwest::Method::GET, &format!("/destinations/{id}"), None)
        .await;
    assert_eq!(got, updated);
    s.test(&id, json!({"event_type": "track"})).await;
    let auth = received.lock().expect("lock")[0]
        .0
        .get("authorization")
        .and_then(|v| v.to_str().ok().map(str::to_string));
    assert_eq!(auth.as_deref(), Some(SECRET));
}

#[tokio::test]
async fn bad_settings_are_refused_naming_the_field() {
    let s = start(false).await;
    let s = &s;
    let post = |b: Value| async move {
        s.call(reqwest::Method::POST, "/destinations", Some(&b))
            .await
    };
    let (status, e) =
        post(json!({"name": "", "type": "event", "url": "ftp://x", "timeout_ms": 99_999})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
    assert_eq!(e["error"]["code"], "validation_failed");
    let paths: Vec<&str> = e["error"]["details"]
        .as_array()
        .expect("details")
        .iter()
        .filter_map(|p| p["path"].as_str())
        .collect();
    assert_eq!(paths, ["name", "url", "timeout_ms"]);
    let (status, e) = post(json!({"name": "X", "type": "carrier-pigeon"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(e["error"]["code"], "invalid_json");
    assert_eq!(e["error"]["details"][0]["path"], "type");
    let (status, e) = post(json!({"name": "X", "type": "event"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(e["error"]["details"][0]["path"], "url");
    let (status, e) = s
        .call(reqwest::Method::GET, "/destinations/not-an-id", None)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{e}");
    let (status, _) = s
        .call(
            reqwest::Method::GET,
            "/destinations/00000000-0000-4000-8000-000000000000",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn list_destinations_refuse_the_tester_and_offer_a_csv() {
    let s = start(false).await;
    let d = s
        .create(json!({"name": "Ads audience", "type": "list", "url": "https://ads.example/batch", "batch_size": 500}))
        .await;
    assert_eq!(d["batch_size"], 500);
    let id = d["id"].as_str().expect("id");
    for path in ["test", "preview"] {
        let (status, e) = s
            .call(
                reqwest::Method::POST,
                &format!("/destinations/{id}/{path}"),
                Some(&json!({"event_type": "track"})),
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{e}");
        assert_eq!(e["error"]["code"], "tester_unavailable");
        assert!(e["error"]["message"]
            .as_str()
            .expect("message")
            .contains("only sends to event destinations"));
    }
    let r = s
        .http
        .get(format!("{}/destinations/{id}/users.csv", s.base))
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-type"]
        .to_str()
        .expect("ct")
        .starts_with("text/csv"));
    assert_eq!(
        r.text().await.expect("csv"),
        "user_id,journey_id,step_key,added_at\n"
    );
}

#[tokio::test]
async fn the_inbox_records_test_events_and_the_guard_spares_it() {
    let s = start(true).await;
    let (status, list) = s.call(reqwest::Method::GET, "/destinations", None).await;
    assert_eq!(status, StatusCode::OK);
    let inbox = list[0].clone();
    assert_eq!(inbox["name"], "Request inbox");
    assert_eq!(inbox["builtin"], "inbox");
    let url = format!("{}/inbox/{}", s.base, s.inbox_id);
    assert_eq!(inbox["url"], url.as_str());

    let (status, preview) = s
        .call(
            reqwest::Method::POST,
            &format!("/destinations/{}/preview", s.inbox_id),
            Some(&json!({"event_type": "identify", "key": KEY, "user_id": "bob"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert_eq!(preview["payload"]["traits"], json!({KEY: "true"}));
    assert_eq!(preview["user_id"], "bob");

    let r = s
        .test(
            &s.inbox_id,
            json!({"event_type": "track", "key": KEY, "event": "exited"}),
        )
        .await;
    assert_eq!(r["request"]["url"], url.as_str());
    assert_eq!(r["outcome"]["status_line"], "200 OK", "{}", r["outcome"]);
    let (_, received) = s.call(reqwest::Method::GET, "/inbox", None).await;
    let first = &received[0];
    assert_eq!(first["destination_id"], s.inbox_id.as_str());
    assert_eq!(first["method"], "POST");
    assert_eq!(first["json"], r["request"]["body"]);
    assert_eq!(first["json"]["event"], "Audience Exited");
    assert_eq!(first["json"]["properties"], json!({KEY: "false"}));

    // The guard refuses the server's own network for other destinations.
    let (addr, received) = answering(AxStatus::OK, "ok").await;
    let id = s
        .event_destination(&format!("http://{addr}/hook"), 2000)
        .await;
    let r = s.test(&id, json!({"event_type": "track"})).await;
    assert_eq!(r["outcome"]["kind"], "error");
    assert_eq!(r["outcome"]["error"], "blocked_address");
    assert!(received.lock().expect("lock").is_empty());
    let id = s
        .event_destination(&format!("http://localhost:{}/hook", addr.port()), 2000)
        .await;
    let r = s.test(&id, json!({"event_type": "track"})).await;
    assert_eq!(r["outcome"]["error"], "blocked_address", "{}", r["outcome"]);

    let (status, _) = s.call(reqwest::Method::DELETE, "/inbox", None).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, received) = s.call(reqwest::Method::GET, "/inbox", None).await;
    assert_eq!(received, json!([]));
    // Only an inbox records.
    let (status, _) = s
        .call(
            reqwest::Method::POST,
            &format!("/inbox/{id}"),
            Some(&json!({})),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_destination_used_by_a_journey_cannot_be_deleted() {
    let s = start(false).await;
    let (addr, _) = answering(AxStatus::OK, "ok").await;
    let id = s
        .event_destination(&format!("http://{addr}/hook"), 2000)
        .await;
    let mut spec: JourneySpec = samples::cart_abandonment().expect("sample");
    let send = spec
        .steps
        .steps()
        .find(|(_, st)| matches!(st, Step::SendToDestinations { .. }))
        .map(|(i, st)| (i, st.clone()));
    let (step_id, mut step) = send.expect("a send step");
    if let Step::SendToDestinations { destinations, .. } = &mut step {
        destinations.push(DestinationRef::Event {
            destination_id: id.clone(),
            call: CallType::Identify,
        });
    }
    spec.steps
        .update_definition(step_id, step)
        .expect("same shape");
    let (status, j) = s
        .call(
            reqwest::Method::POST,
            "/journeys",
            Some(&serde_json::to_value(&spec).expect("json")),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{j}");
    let (status, e) = s
        .call(
            reqwest::Method::DELETE,
            &format!("/destinations/{id}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{e}");
    assert_eq!(e["error"]["code"], "destination_in_use");
    assert_eq!(
        e["error"]["details"]["journeys"],
        json!([{"id": j["id"], "name": j["name"]}])
    );
    // An unused one goes.
    let other = s
        .event_destination(&format!("http://{addr}/hook"), 2000)
        .await;
    let (status, _) = s
        .call(
            reqwest::Method::DELETE,
            &format!("/destinations/{other}"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn an_unknown_host_is_a_dns_error() {
    let s = start(false).await;
    // `.invalid` never resolves (RFC 2606).
    let id = s
        .event_destination("http://cairn-destination.invalid/hook", 5000)
        .await;
    let r = s.test(&id, json!({"event_type": "track"})).await;
    assert_eq!(r["outcome"]["kind"], "error");
    assert_eq!(r["outcome"]["error"], "dns", "{}", r["outcome"]);
}
