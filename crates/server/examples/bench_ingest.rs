//! `make bench-ingest`: events per second through `POST /v1/batch` over
//! loopback HTTP, durable (each answer comes after the commit), with the
//! server in this process on a fresh database and concurrent clients.
//!
//! `CAIRN_BENCH_EVENTS` (default 200,000), `CAIRN_BENCH_BATCH` (default 100
//! events a request) and `CAIRN_BENCH_CLIENTS` (default 8) change the run.

use base64::Engine as _;
use cairn_domain::Limits;
use cairn_server::{Config, Server};
use serde_json::json;
use std::time::Instant;

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let total = env("CAIRN_BENCH_EVENTS", 200_000);
    let batch = env("CAIRN_BENCH_BATCH", 100);
    let clients = env("CAIRN_BENCH_CLIENTS", 8);
    let dir = tempfile::tempdir().expect("temp dir");
    let config = Config {
        db: dir.path().join("bench.db"),
        dist: dir.path().join("dist"),
        limits: Limits::default(),
    };
    let server = Server::bind(config, "127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("server");
    let addr = server.local_addr().expect("addr");
    let key = cairn_server::routes::estimate::create_key(server.state(), "bench")
        .await
        .expect("key")
        .key;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server.serve(async {
        let _ = stopped.await;
    }));
    let auth = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{key}:"))
    );
    let requests = total.div_ceil(batch);
    // Bodies are built before the clock starts: the server's work is measured.
    let bodies: Vec<String> = (0..requests)
        .map(|r| {
            let msgs: Vec<_> = (0..batch)
                .map(|i| {
                    let n = r * batch + i;
                    let event = ["Product Added", "Page Viewed", "Order Completed"][n % 3];
                    json!({
                        "type": "track",
                        "userId": format!("user_{:05}", n % 50_000),
                        "event": event,
                        "messageId": format!("bench-{n}"),
                        "timestamp": "2026-11-01T10:00:00.000Z",
                        "properties": {"product_id": format!("P{}", n % 500), "price": 19.99, "utm_source": "google"},
                        "context": {"library": {"name": "analytics-python", "version": "2.3.3"}}
                    })
                })
                .collect();
            json!({"batch": msgs, "sentAt": "2026-11-01T10:00:01.000Z"}).to_string()
        })
        .collect();
    let bytes: usize = bodies.iter().map(String::len).sum();
    let http = reqwest::Client::new();
    let url = format!("http://{addr}/v1/batch");
    let queue = std::sync::Arc::new(std::sync::Mutex::new(bodies));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (http, url, auth, queue) = (http.clone(), url.clone(), auth.clone(), queue.clone());
        tasks.push(tokio::spawn(async move {
            let mut accepted = 0u64;
            loop {
                let Some(body) = queue.lock().expect("queue").pop() else {
                    break;
                };
                let r = http
                    .post(&url)
                    .header("Authorization", &auth)
                    .header("Content-Type", "application/json")
                    .body(body)
                    .send()
                    .await
                    .expect("sent");
                assert_eq!(r.status(), reqwest::StatusCode::OK);
                let v: serde_json::Value = r.json().await.expect("json");
                accepted += v["accepted"].as_u64().unwrap_or(0);
            }
            accepted
        }));
    }
    let mut accepted = 0;
    for t in tasks {
        accepted += t.await.expect("client");
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "bench: ingest /v1/batch over loopback, durable: {accepted} events in {secs:.2} s = {:.0} events/s ({batch} events a request, {clients} clients, {:.1} MB of JSON)",
        accepted as f64 / secs,
        bytes as f64 / 1e6
    );
    let _ = stop.send(());
    let _ = serving.await;
}
