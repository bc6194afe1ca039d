//! Storage: the only module that speaks SQL.
//!
//! SQLite, embedded, one file. The SQL is kept portable (plain tables, no
//! SQLite-only types) so that journeys can later move to PostgreSQL.
//! Every method runs in one transaction on one connection, so checks and
//! writes (the version check of an update, key uniqueness) are atomic.

use cairn_domain::Journey;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use rusqlite_migration::{Migrations, M};
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

fn migrations() -> Migrations<'static> {
    Migrations::new(vec![M::up(
        "CREATE TABLE journeys (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL,
            name TEXT NOT NULL,
            status TEXT NOT NULL,
            version BIGINT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            document TEXT NOT NULL
        );
        CREATE INDEX journeys_by_workspace ON journeys (workspace_id, updated_at);
        CREATE TABLE step_keys (
            workspace_id TEXT NOT NULL,
            step_key TEXT NOT NULL,
            journey_id TEXT NOT NULL REFERENCES journeys (id) ON DELETE CASCADE,
            PRIMARY KEY (workspace_id, step_key)
        );
        CREATE INDEX step_keys_by_journey ON step_keys (journey_id);",
    )])
}

/// A handle to the database, cheap to clone.
#[derive(Clone)]
pub struct Store {
    conn: Arc<Mutex<Connection>>,
}

/// The outcome of a conditional update.
pub enum Update {
    /// Saved.
    Saved,
    /// The stored version was not the expected one.
    Stale {
        /// The version stored now.
        current: u64,
    },
    /// No such journey.
    Missing,
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
        migrations().to_latest(&mut conn)?;
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

fn parse(id: &str, document: &str) -> Result<Journey, StoreError> {
    cairn_domain::journey::parse_journey(document.as_bytes()).map_err(|e| StoreError::Corrupt {
        id: id.to_string(),
        message: e.to_string(),
    })
}

fn status_text(j: &Journey) -> &'static str {
    if j.is_published() {
        "published"
    } else {
        "draft"
    }
}

fn to_json(j: &Journey) -> Result<String, StoreError> {
    serde_json::to_string(j).map_err(|e| StoreError::Corrupt {
        id: j.id.clone(),
        message: e.to_string(),
    })
}

/// Every journey of the workspace, most recently updated first.
pub fn list(conn: &Connection) -> Result<Vec<Journey>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, document FROM journeys WHERE workspace_id = ?1 ORDER BY updated_at DESC, id",
    )?;
    let rows = stmt.query_map(params![DEFAULT_WORKSPACE], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    rows.map(|r| {
        let (id, doc) = r?;
        parse(&id, &doc)
    })
    .collect()
}

/// One journey.
pub fn get(conn: &Connection, id: &str) -> Result<Option<Journey>, StoreError> {
    let row: Option<(String, String)> = conn
        .query_row(
            "SELECT id, document FROM journeys WHERE id = ?1 AND workspace_id = ?2",
            params![id, DEFAULT_WORKSPACE],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    row.map(|(id, doc)| parse(&id, &doc)).transpose()
}

/// How many journeys of the workspace are published.
pub fn count_published(conn: &Connection) -> Result<u32, StoreError> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM journeys WHERE workspace_id = ?1 AND status = 'published'",
        params![DEFAULT_WORKSPACE],
        |r| r.get(0),
    )?)
}

/// Whether another journey of the workspace uses `key`.
pub fn key_taken(conn: &Connection, key: &str, except_journey: &str) -> Result<bool, StoreError> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM step_keys WHERE workspace_id = ?1 AND step_key = ?2 AND journey_id <> ?3",
            params![DEFAULT_WORKSPACE, key, except_journey],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

fn write_keys(conn: &Connection, j: &Journey) -> Result<(), StoreError> {
    conn.execute("DELETE FROM step_keys WHERE journey_id = ?1", params![j.id])?;
    let mut stmt = conn.prepare_cached(
        "INSERT INTO step_keys (workspace_id, step_key, journey_id) VALUES (?1, ?2, ?3)",
    )?;
    for (_, step) in j.steps.steps() {
        if let Some(key) = step.key() {
            stmt.execute(params![DEFAULT_WORKSPACE, key.as_str(), j.id])?;
        }
    }
    Ok(())
}

/// Inserts a new journey and its keys.
pub fn insert(conn: &mut Connection, j: &Journey) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    tx.execute(
        "INSERT INTO journeys (id, workspace_id, name, status, version, created_at, updated_at, document)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            j.id,
            DEFAULT_WORKSPACE,
            j.name,
            status_text(j),
            j.version as i64,
            j.created_at.to_rfc3339(),
            j.updated_at.to_rfc3339(),
            to_json(j)?
        ],
    )?;
    write_keys(&tx, j)?;
    tx.commit()?;
    Ok(())
}

/// Replaces a journey if its stored version is `expected_version`.
pub fn update(
    conn: &mut Connection,
    j: &Journey,
    expected_version: u64,
) -> Result<Update, StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let changed = tx.execute(
        "UPDATE journeys SET name = ?1, status = ?2, version = ?3, updated_at = ?4, document = ?5
         WHERE id = ?6 AND workspace_id = ?7 AND version = ?8",
        params![
            j.name,
            status_text(j),
            j.version as i64,
            j.updated_at.to_rfc3339(),
            to_json(j)?,
            j.id,
            DEFAULT_WORKSPACE,
            expected_version as i64
        ],
    )?;
    if changed == 0 {
        let current: Option<i64> = tx
            .query_row(
                "SELECT version FROM journeys WHERE id = ?1 AND workspace_id = ?2",
                params![j.id, DEFAULT_WORKSPACE],
                |r| r.get(0),
            )
            .optional()?;
        return Ok(match current {
            Some(v) => Update::Stale { current: v as u64 },
            None => Update::Missing,
        });
    }
    write_keys(&tx, j)?;
    tx.commit()?;
    Ok(Update::Saved)
}

/// Deletes a journey (and its keys); false if there was none.
pub fn delete(conn: &mut Connection, id: &str) -> Result<bool, StoreError> {
    let tx = conn.transaction()?;
    tx.execute("DELETE FROM step_keys WHERE journey_id = ?1", params![id])?;
    let n = tx.execute(
        "DELETE FROM journeys WHERE id = ?1 AND workspace_id = ?2",
        params![id, DEFAULT_WORKSPACE],
    )?;
    tx.commit()?;
    Ok(n > 0)
}
