//! Estimates: how many users match an entry condition, who they are, and
//! what the data offers the condition builder.
//!
//! - [`index`]: the in-memory index (built from SQLite, kept current by ingest).
//! - [`eval`]: a condition over the index, as a set of profiles.
//! - [`value`]: values and how comparisons treat them.
//! - [`schema`]: event, property and trait names with their common values.
//! - [`check`]: what makes a condition unfit to estimate.
//!
//! Semantics: `docs/events.md`.

pub mod check;
pub mod eval;
pub mod index;
pub mod schema;
pub mod value;

use crate::store::{self, StoreError};
use cairn_domain::Condition;
pub use index::Index;
use serde::Serialize;
use serde_json::{Map, Value};
use std::path::Path;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Without historical data, the estimate projects from this many past days.
pub const PROJECTION_DAYS: u32 = 7;
/// How many matching users a preview shows.
pub const SAMPLE_SIZE: usize = 10;
/// How many traits of each previewed user.
pub const SAMPLE_TRAITS: usize = 6;

/// The shared index and the clock estimates read.
#[derive(Clone, Default)]
pub struct Engine {
    index: Arc<RwLock<Index>>,
    /// A fixed "now" in ms for tests; 0 means the system clock.
    fixed_now: Arc<AtomicI64>,
}

impl Engine {
    /// Builds the index from the database at `db`.
    pub fn load(db: &Path) -> Result<Engine, StoreError> {
        let conn = store::open_connection(db)?;
        let mut index = Index::new();
        store::each_profile(&conn, |id, traits| index.set_traits(&id, traits))?;
        store::each_event(&conn, |event, ts, profile, props| {
            index.add_event(event, ts, profile, &props)
        })?;
        Ok(Engine {
            index: Arc::new(RwLock::new(index)),
            fixed_now: Arc::default(),
        })
    }

    /// Reads the index.
    pub fn read(&self) -> Result<RwLockReadGuard<'_, Index>, StoreError> {
        self.index.read().map_err(|_| StoreError::Poisoned)
    }

    /// Changes the index.
    pub fn write(&self) -> Result<RwLockWriteGuard<'_, Index>, StoreError> {
        self.index.write().map_err(|_| StoreError::Poisoned)
    }

    /// Fixes "now" (ms since the epoch) for tests; `None` returns to the clock.
    pub fn set_now(&self, now_ms: Option<i64>) {
        self.fixed_now.store(now_ms.unwrap_or(0), Ordering::SeqCst);
    }

    /// "Now" in ms.
    pub fn now_ms(&self) -> i64 {
        match self.fixed_now.load(Ordering::SeqCst) {
            0 => chrono::Utc::now().timestamp_millis(),
            t => t,
        }
    }
}

/// One previewed user.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct SampleUser {
    /// The profile id (`userId`, else `anonymousId`).
    pub user_id: String,
    /// Up to six of its traits.
    pub traits: Map<String, Value>,
}

/// The answer to an estimate.
#[derive(Debug, Clone, Serialize)]
pub struct Estimate {
    /// The estimated number of users (see `meaning`).
    pub count: u64,
    /// Users matching the condition now.
    pub matching_now: u64,
    /// What `count` means, in words.
    pub meaning: String,
    /// Whether historical data was used.
    pub use_historical_data: bool,
    /// Without historical data: the days the projection looks back over.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub projection_days: Option<u32>,
    /// Up to ten of the counted users.
    pub sample: Vec<SampleUser>,
    /// Profiles in the data.
    pub total_profiles: u64,
    /// Milliseconds the evaluation took.
    pub took_ms: f64,
    /// The "now" the windows are relative to (RFC 3339).
    pub as_of: String,
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Estimates `c` at `now_ms`.
///
/// With historical data, `count` is every user matching now (they all enter
/// on publish). Without, only users who newly match after publishing enter;
/// `count` is the users who started matching in the last
/// [`PROJECTION_DAYS`] days (matching now, not matching then), a projection
/// of how many would enter over the next [`PROJECTION_DAYS`] days.
pub fn estimate(index: &Index, c: &Condition, historical: bool, now_ms: i64) -> Estimate {
    let started = std::time::Instant::now();
    let now_set = index.matching(c, now_ms);
    let matching_now = now_set.count();
    let (counted, meaning) = if historical {
        let m = format!(
            "{} the condition now; with historical data they all enter when the journey is published.",
            plural(matching_now, "user matches", "users match")
        );
        (now_set, m)
    } else {
        let before = now_ms - i64::from(PROJECTION_DAYS) * 86_400_000;
        let mut fresh = now_set;
        fresh.and_not(&index.matching(c, before));
        let n = fresh.count();
        let m = format!(
            "{} started matching in the last {PROJECTION_DAYS} days. Without historical data only users who start matching after publishing enter, so about {n} would enter in the next {PROJECTION_DAYS} days at that rate; the {matching_now} who match now do not enter.",
            plural(n, "user", "users")
        );
        (fresh, m)
    };
    let count = counted.count();
    let sample = sample_users(index, &counted, count);
    Estimate {
        count,
        matching_now,
        meaning,
        use_historical_data: historical,
        projection_days: (!historical).then_some(PROJECTION_DAYS),
        sample,
        total_profiles: index.profile_count() as u64,
        took_ms: started.elapsed().as_secs_f64() * 1000.0,
        as_of: store::rfc3339_ms(now_ms),
    }
}

/// Up to [`SAMPLE_SIZE`] users spread evenly over the set (deterministic).
fn sample_users(index: &Index, set: &eval::Bits, count: u64) -> Vec<SampleUser> {
    let step = (count as usize / SAMPLE_SIZE).max(1);
    set.iter()
        .step_by(step)
        .take(SAMPLE_SIZE)
        .filter_map(|i| index.profile(i as u32))
        .map(|p| SampleUser {
            user_id: p.id.to_string(),
            traits: p
                .traits
                .iter()
                .filter(|(_, v)| !v.is_null())
                .take(SAMPLE_TRAITS)
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        })
        .collect()
}
