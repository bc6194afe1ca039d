//! `make bench-estimate`: the estimate of every seed example's entry
//! condition (and the two conditions of `anchors.md`) over the sample data
//! (50,000 profiles, about 1,000,000 messages), by the in-memory index and by
//! the same count as one SQL query in SQLite; plus the sample data's load
//! time and this process's memory after loading.
//!
//! `CAIRN_BENCH_PROFILES` changes the number of profiles.

use cairn_domain::condition::ConditionGroup;
use cairn_domain::{samples, Condition, Count, Duration, Step, TimeUnit};
use cairn_server::estimate::{self, Engine};
use cairn_server::sample_data;
use cairn_server::store::{self, condition_sql, Store};
use std::time::Instant;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn p95(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[(v.len() * 95 / 100).min(v.len() - 1)]
}

/// Resident memory of this process in MB (Linux).
pub fn rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn conditions() -> Vec<(String, Condition, bool)> {
    let mut out: Vec<(String, Condition, bool)> = samples::all_examples()
        .expect("examples")
        .into_iter()
        .filter_map(|spec| {
            spec.steps.steps().find_map(|(_, s)| match s {
                Step::EntryCondition {
                    condition,
                    use_historical_data,
                    ..
                } => Some((spec.name.clone(), condition.clone(), *use_historical_data)),
                _ => None,
            })
        })
        .collect();
    let week = Duration::new(7, TimeUnit::Days);
    out.push((
        "anchors: >= 2 Product Added and 0 Order Completed in 7 days".into(),
        Condition::AllOf(ConditionGroup {
            conditions: vec![
                Condition::event_within("Product Added", Count::at_least(2), week),
                Condition::event_within("Order Completed", Count::exactly(0), week),
            ],
        }),
        true,
    ));
    out
}

fn main() {
    let profiles = std::env::var("CAIRN_BENCH_PROFILES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(sample_data::DEFAULT_PROFILES);
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("bench.db");
    let _store = Store::open(&db).expect("database");
    let engine = Engine::default();
    let now = chrono::Utc::now().timestamp_millis();
    let started = Instant::now();
    let loaded = sample_data::load(&db, &engine, profiles, now, |_| {}).expect("sample data");
    println!(
        "bench: sample data: {} profiles, {} messages loaded in {:.1} s",
        loaded.profiles,
        loaded.messages,
        started.elapsed().as_secs_f64()
    );
    println!(
        "bench: memory of this process holding the sample data: {:.0} MB RSS",
        rss_mb()
    );
    let conn = store::open_connection(&db).expect("connection");
    let index = engine.read().expect("index");
    for (name, c, historical) in conditions() {
        for _ in 0..3 {
            estimate::estimate(&index, &c, historical, now);
        }
        let mut ours = Vec::new();
        let mut count = 0;
        for _ in 0..101 {
            let t = Instant::now();
            let e = estimate::estimate(&index, &c, historical, now);
            ours.push(t.elapsed().as_secs_f64() * 1000.0);
            count = e.count;
        }
        let q = if historical {
            condition_sql::compile(&c, now)
        } else {
            condition_sql::compile_new(&c, now, now - 7 * 86_400_000)
        };
        let mut sql = Vec::new();
        let mut sql_count = 0;
        let budget = Instant::now();
        while sql.len() < 3 || (sql.len() < 15 && budget.elapsed().as_secs_f64() < 3.0) {
            let t = Instant::now();
            sql_count = condition_sql::count(&conn, &q).expect("sql");
            sql.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        let (ours_med, sql_med) = (median(ours.clone()), median(sql));
        let same = if sql_count == count {
            "same count"
        } else {
            "COUNTS DIFFER"
        };
        let mode = if historical {
            "historical"
        } else {
            "from now on"
        };
        println!(
            "bench: estimate {name} ({mode}): cairn {ours_med:.3} ms median, p95 {:.3} ms; SQLite {sql_med:.1} ms median; {:.0}x faster; {count} users ({same})",
            p95(ours),
            sql_med / ours_med.max(1e-9),
        );
    }
}
