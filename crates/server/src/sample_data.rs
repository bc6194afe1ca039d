//! The sample data set `make run` loads: e-commerce and SaaS users over 180
//! days, deterministic (a seeded RNG; times relative to "now").
//!
//! Per profile (`user_000000`, ...): an identify at sign-up (name, email,
//! created_at) and one at the last activity (`Customer Lifetime Value`,
//! `orders`, `plan`); `Account Created` at sign-up; sessions between sign-up
//! and now, denser in recent days, each with `Page Viewed` (`path`, often
//! `utm_source`), and for shoppers `Product Added` and sometimes
//! `Order Completed` (`revenue`); SaaS users also `Tutorial Completed`,
//! `Trial Started`, `Subscription Started` (`plan_type` free, pro, team or
//! enterprise). About 23 messages a profile: 50,000 profiles make
//! 1,136,214 messages.

use crate::estimate::Engine;
use crate::store::{self, EventRow, ProfileRow, StoreError};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Map, Value};
use std::path::Path;

/// Profiles in the default data set.
pub const DEFAULT_PROFILES: usize = 50_000;

/// Messages a profile gets on average (for progress reports): 50,000
/// profiles make 1,136,214 messages.
pub const MESSAGES_PER_PROFILE: usize = 23;
/// The RNG seed (the data set is the same on every machine).
pub const SEED: u64 = 0x0CA1_2024;
/// How far back the data goes, in days.
pub const DAYS: i64 = 180;
const DAY: i64 = 86_400_000;
const CHUNK: usize = 50_000;

const PATHS: [&str; 7] = [
    "/",
    "/pricing",
    "/products",
    "/blog",
    "/cart",
    "/docs",
    "/about",
];
const SOURCES: [(&str, f64); 5] = [
    ("google", 0.35),
    ("facebook", 0.25),
    ("email", 0.2),
    ("newsletter", 0.1),
    ("twitter", 0.1),
];
const CATEGORIES: [&str; 5] = ["Shoes", "Shirts", "Bags", "Hats", "Accessories"];
const FIRST: [&str; 12] = [
    "Ada", "Ben", "Chloe", "Dev", "Emma", "Femi", "Grace", "Hugo", "Iris", "Jon", "Kemi", "Liam",
];
const LAST: [&str; 10] = [
    "Okafor", "Smith", "Garcia", "Chen", "Müller", "Rossi", "Dubois", "Silva", "Khan", "Novak",
];

/// What was loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loaded {
    /// Profiles.
    pub profiles: usize,
    /// Messages (all types).
    pub messages: usize,
}

fn obj(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

struct Gen {
    rng: StdRng,
    now: i64,
    seq: u64,
    order_seq: u64,
}

impl Gen {
    fn row(
        &mut self,
        kind: &'static str,
        user: &str,
        event: Option<&str>,
        ts: i64,
        props: Map<String, Value>,
    ) -> EventRow {
        self.seq += 1;
        let (properties, traits) = if kind == "identify" {
            (Map::new(), props)
        } else {
            (props, Map::new())
        };
        EventRow {
            message_id: format!("sample-{:08}", self.seq),
            kind,
            profile_id: user.to_string(),
            user_id: Some(user.to_string()),
            anonymous_id: None,
            group_id: None,
            event: event.map(str::to_string),
            ts,
            received_at: ts,
            properties,
            traits,
            context: Map::new(),
        }
    }

    fn source(&mut self) -> Option<&'static str> {
        if !self.rng.random_bool(0.55) {
            return None;
        }
        let mut x: f64 = self.rng.random();
        for (s, p) in SOURCES {
            if x < p {
                return Some(s);
            }
            x -= p;
        }
        Some("google")
    }

    /// Every message of profile `u`, and its final traits.
    fn profile(&mut self, u: usize, out: &mut Vec<EventRow>) -> ProfileRow {
        let id = format!("user_{u:06}");
        let now = self.now;
        let created = now - self.rng.random_range(0..DAYS * DAY);
        let shopper = self.rng.random_bool(0.65);
        let saas = self.rng.random_bool(0.45);
        let first = FIRST[self.rng.random_range(0..FIRST.len())];
        let last = LAST[self.rng.random_range(0..LAST.len())];
        let signup = obj(json!({
            "name": format!("{first} {last}"),
            "email": format!("{}.{}{u}@example.com", first.to_lowercase(), last.to_lowercase()),
            "created_at": store::rfc3339_ms(created),
        }));
        let mut traits = signup.clone();
        out.push(self.row("identify", &id, None, created, signup));
        let source = ["organic", "ads", "referral"][self.rng.random_range(0..3)];
        out.push(self.row(
            "track",
            &id,
            Some("Account Created"),
            created,
            obj(json!({ "source": source })),
        ));
        let mut last_seen = created;
        let mut plan: Option<&str> = None;
        if saas {
            let at = |g: &mut Gen, lo: i64, hi: i64| created + g.rng.random_range(lo..hi);
            if self.rng.random_bool(0.55) {
                let t = at(self, 60_000, 3 * DAY);
                if t <= now {
                    out.push(self.row("track", &id, Some("Tutorial Completed"), t, Map::new()));
                    last_seen = last_seen.max(t);
                }
            }
            if self.rng.random_bool(0.3) {
                let t = at(self, 60_000, DAY);
                if t <= now {
                    plan = Some("free");
                    let p = obj(json!({ "plan_type": "free" }));
                    out.push(self.row("track", &id, Some("Subscription Started"), t, p));
                    last_seen = last_seen.max(t);
                }
            }
            if self.rng.random_bool(0.6) {
                let trial = at(self, 60_000, 2 * DAY);
                if trial <= now {
                    let tier = ["pro", "team"][self.rng.random_range(0..2)];
                    let p = obj(json!({ "plan": tier }));
                    out.push(self.row("track", &id, Some("Trial Started"), trial, p));
                    last_seen = last_seen.max(trial);
                    let paid = trial + self.rng.random_range(3 * DAY..14 * DAY);
                    if self.rng.random_bool(0.35) && paid <= now {
                        let tier = ["pro", "team", "enterprise"][self.rng.random_range(0..3)];
                        plan = Some(tier);
                        let p = obj(json!({ "plan_type": tier }));
                        out.push(self.row("track", &id, Some("Subscription Started"), paid, p));
                        last_seen = last_seen.max(paid);
                    }
                }
            }
        }
        // Sessions: exponential count (mean 6.5), times skewed toward now.
        let x: f64 = self.rng.random();
        let sessions = 1 + (-(1.0 - x).ln() * 5.5) as usize;
        let span = (now - created).max(1) as f64;
        let mut revenue_total = 0.0;
        let mut orders = 0u32;
        for _ in 0..sessions {
            let r: f64 = self.rng.random();
            let t0 = now - (span * r * r) as i64;
            let mut t = t0;
            let pages = self.rng.random_range(1..=4);
            let utm = self.source();
            for p in 0..pages {
                let path = PATHS[self.rng.random_range(0..PATHS.len())];
                let mut props = obj(json!({ "path": path }));
                if let (0, Some(s)) = (p, utm) {
                    props.insert("utm_source".into(), json!(s));
                }
                out.push(self.row("page", &id, Some("Page Viewed"), t.min(now), props));
                t += self.rng.random_range(5_000..120_000);
            }
            if shopper && self.rng.random_bool(0.45) {
                let items = self.rng.random_range(1..=3);
                let mut cart = 0.0;
                for _ in 0..items {
                    let price = f64::from(self.rng.random_range(500..20_000u32)) / 100.0;
                    cart += price;
                    let props = obj(json!({
                        "product_id": format!("P{:03}", self.rng.random_range(0..500)),
                        "category": CATEGORIES[self.rng.random_range(0..CATEGORIES.len())],
                        "price": price,
                        "quantity": 1,
                    }));
                    out.push(self.row("track", &id, Some("Product Added"), t.min(now), props));
                    t += self.rng.random_range(5_000..60_000);
                }
                if self.rng.random_bool(0.3) {
                    self.order_seq += 1;
                    let revenue = (cart * 100.0).round() / 100.0;
                    revenue_total += revenue;
                    orders += 1;
                    let props = obj(json!({
                        "order_id": format!("O{:07}", self.order_seq),
                        "revenue": revenue,
                        "currency": "USD",
                        "products": items,
                    }));
                    out.push(self.row("track", &id, Some("Order Completed"), t.min(now), props));
                }
            }
            last_seen = last_seen.max(t.min(now));
        }
        // Some customers bought before the data starts.
        let prior = if shopper && self.rng.random_bool(0.3) {
            f64::from(self.rng.random_range(2_000..60_000u32)) / 100.0
        } else {
            0.0
        };
        let clv = ((revenue_total + prior) * 100.0).round() / 100.0;
        let mut later = obj(json!({ "Customer Lifetime Value": clv, "orders": orders }));
        if let Some(p) = plan {
            later.insert("plan".into(), json!(p));
        }
        store::merge_traits(&mut traits, &later);
        out.push(self.row("identify", &id, None, last_seen, later));
        ProfileRow {
            profile_id: id,
            traits,
            first_seen: created,
            last_seen,
        }
    }
}

/// Generates the data set for `profiles` profiles at `now_ms`, calling
/// `chunk` with batches of messages (and finally every profile).
pub fn generate(
    profiles: usize,
    now_ms: i64,
    mut chunk: impl FnMut(Vec<EventRow>) -> Result<(), StoreError>,
) -> Result<Vec<ProfileRow>, StoreError> {
    let mut g = Gen {
        rng: StdRng::seed_from_u64(SEED),
        now: now_ms,
        seq: 0,
        order_seq: 0,
    };
    let mut out = Vec::with_capacity(CHUNK + 200);
    let mut rows = Vec::with_capacity(profiles);
    for u in 0..profiles {
        rows.push(g.profile(u, &mut out));
        if out.len() >= CHUNK {
            chunk(std::mem::replace(&mut out, Vec::with_capacity(CHUNK + 200)))?;
        }
    }
    if !out.is_empty() {
        chunk(out)?;
    }
    Ok(rows)
}

/// Loads the data set into the database at `db` and the index, reporting
/// progress (messages stored so far) to `progress`.
pub fn load(
    db: &Path,
    engine: &Engine,
    profiles: usize,
    now_ms: i64,
    mut progress: impl FnMut(usize),
) -> Result<Loaded, StoreError> {
    let mut conn = store::bulk_connection(db)?;
    let mut messages = 0;
    let mut index = engine.write()?;
    let rows = generate(profiles, now_ms, |batch| {
        store::bulk_events(&mut conn, &batch)?;
        for r in &batch {
            if let Some(e) = &r.event {
                index.add_event(e, r.ts, &r.profile_id, &r.properties);
            }
        }
        messages += batch.len();
        progress(messages);
        Ok(())
    })?;
    store::insert_profiles(&mut conn, &rows)?;
    for p in rows {
        index.set_traits(&p.profile_id, p.traits);
    }
    drop(index);
    drop(conn);
    release_free_memory();
    Ok(Loaded { profiles, messages })
}

/// Gives the memory freed after a bulk load (generator buffers, the bulk
/// connection's page cache) back to the system, so the server's resident
/// size is what it holds.
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free heap pages to the kernel; it has
    // no preconditions and touches no live allocation.
    unsafe {
        libc::malloc_trim(0);
    }
}
