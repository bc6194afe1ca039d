//! Storage: the only module that speaks SQL.
//!
//! SQLite, embedded, one file. The SQL is kept portable (plain tables, no
//! SQLite-only types) so that journeys can later move to PostgreSQL.
//! Every method runs in one transaction on one connection, so checks and
//! writes (the version check of an update, key uniqueness) are atomic.
//!
//! One submodule per kind of data (`journeys`, ...); every schema change is
//! a new entry at the end of `migrations::all`.

pub mod condition_sql;
pub mod destinations;
mod events;
mod journeys;
mod migrations;

pub use events::{
    append, bulk_events, each_event, each_profile, event_count, insert_profiles, insert_write_key,
    list_write_keys, merge_traits, profile, rfc3339_ms, EventRow, ProfileRow, ProfileView,
    RecentMessage, WriteKey,
};

pub use journeys::{count_published, delete, get, insert, key_taken, list, update, Update};

use rusqlite::Connection;
use std::path::Path;
use std::sync::{Arc, Mutex};
use thiserror::Error;

/// The one workspace of this install (workspaces come with accounts).
pub const DEFAULT_WORKSPACE: &str = "default";

/// A storage failure.
#[derive(Debug, Error)]
pub enum StoreError {
    /// SQLite said no.
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    /// Migrations failed.
    #[error("migration error: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// A stored document no longer parses (should never happen).
    #[error("stored journey {id} is unreadable: {message}")]
    Corrupt {
        /// The journey.
        id: String,
        /// Why.
        message: String,
    },
    /// Creating the database's folder failed.
    #[error("cannot create {path}: {message}")]
    Io {
        /// The folder.
        path: String,
        /// Why.
        message: String,
    },
    /// The connection lock was poisoned by a panic elsewhere.
    #[error("the database connection is unavailable")]
    Poisoned,
    /// A blocking task failed.
    #[error("storage task failed: {0}")]
    Task(String),
}

/// Another connection to a database [`Store::open`] has migrated, set up the
/// same way: WAL, `synchronous=FULL` (a commit is on disk before it returns),
/// a 5 s busy timeout.
pub fn open_connection(path: &Path) -> Result<Connection, StoreError> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
}

/// A connection for bulk loads: like [`open_connection`] with a 64 MB page
/// cache, so index pages stay in memory across a large transaction.
pub fn bulk_connection(path: &Path) -> Result<Connection, StoreError> {
    let conn = open_connection(path)?;
    conn.pragma_update(None, "cache_size", -65_536)?;
    Ok(conn)
}

/// A handle to the database, cheap to clone.
#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and runs migrations.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Io {
                path: dir.display().to_string(),
                message: e.to_string(),
            })?;
        }
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        migrations::all().to_latest(&mut conn)?;
        Ok(Store {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// Runs `f` with the connection on a blocking thread.
    pub async fn run<T, F>(&self, f: F) -> Result<T, crate::error::ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T, crate::error::ApiError> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            let mut guard = conn.lock().map_err(|_| StoreError::Poisoned)?;
            f(&mut guard)
        })
        .await
        .map_err(|e| StoreError::Task(e.to_string()))?
    }
}
