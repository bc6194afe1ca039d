//! `make bench`: validation, edit-rule check, clone and layout on a 20-step
//! and a 500-step journey.

use cairn_domain::clone::clone_journey;
use cairn_domain::edit::check_edit;
use cairn_domain::layout::layout;
use cairn_domain::samples::synthetic;
use cairn_domain::{validate, Journey, Limits};
use chrono::{TimeZone, Utc};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use rand::rngs::SmallRng;
use rand::SeedableRng;
use std::hint::black_box;

fn journeys() -> Vec<(usize, Journey)> {
    let t0 = Utc
        .with_ymd_and_hms(2026, 11, 1, 0, 0, 0)
        .single()
        .expect("date");
    [20usize, 500]
        .into_iter()
        .map(|n| (n, Journey::new_draft(format!("j{n}"), synthetic(n), t0)))
        .collect()
}

fn rules(c: &mut Criterion) {
    let limits = Limits {
        steps_per_journey: 10_000,
        ..Limits::default()
    };
    let mut group = c.benchmark_group("domain");
    for (n, j) in journeys() {
        assert_eq!(j.steps.len(), n);
        group.bench_with_input(BenchmarkId::new("validate", n), &j, |b, j| {
            b.iter(|| validate(black_box(j), &limits))
        });
        let mut proposed = j.clone();
        proposed.name.push_str(" v2");
        group.bench_with_input(BenchmarkId::new("check_edit", n), &j, |b, j| {
            b.iter(|| check_edit(black_box(j), black_box(&proposed), &limits, &|_| None))
        });
        group.bench_with_input(BenchmarkId::new("clone", n), &j, |b, j| {
            let mut rng = SmallRng::seed_from_u64(1);
            b.iter(|| {
                clone_journey(
                    black_box(j),
                    "copy".into(),
                    j.created_at,
                    &limits,
                    &mut rng,
                    &|_| false,
                )
            })
        });
        group.bench_with_input(BenchmarkId::new("layout", n), &j, |b, j| {
            b.iter(|| layout(black_box(&j.steps)))
        });
        group.bench_with_input(BenchmarkId::new("parse_json", n), &j, |b, j| {
            let json = serde_json::to_vec(j).expect("json");
            b.iter(|| cairn_domain::journey::parse_journey(black_box(&json)))
        });
    }
    group.finish();
}

criterion_group!(benches, rules);
criterion_main!(benches);
