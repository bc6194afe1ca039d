//! Ingest: Segment messages in, durably stored, then visible to estimates.
//!
//! - [`message`]: a Segment message checked and turned into a stored row.
//! - [`writer`]: the one writer thread; it commits whatever requests are
//!   waiting in one transaction (group commit), then updates the index, then
//!   answers them.
//!
//! Write keys are checked against an in-memory copy of the `write_keys` table.

pub mod message;
pub mod writer;

use crate::estimate::Engine;
use crate::store::{self, EventRow, StoreError, WriteKey};
use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, RwLock};

/// What became of a request's messages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stored {
    /// New messages stored.
    pub accepted: usize,
    /// Messages whose `messageId` was already stored (kept once).
    pub duplicates: usize,
}

/// The ingest side: write keys and the writer.
#[derive(Clone)]
pub struct Ingest {
    keys: Arc<RwLock<HashSet<String>>>,
    writer: writer::Writer,
}

impl Ingest {
    /// Starts the writer on its own connection to `db` (already migrated).
    pub fn start(db: &Path, engine: Engine) -> Result<Ingest, StoreError> {
        let conn = store::open_connection(db)?;
        let keys = store::list_write_keys(&conn)?
            .into_iter()
            .map(|k| k.key)
            .collect();
        Ok(Ingest {
            keys: Arc::new(RwLock::new(keys)),
            writer: writer::Writer::spawn(conn, engine)?,
        })
    }

    /// Whether `key` is a write key of the workspace.
    pub fn key_is_valid(&self, key: &str) -> bool {
        self.keys.read().map(|k| k.contains(key)).unwrap_or(false)
    }

    /// Remembers a key just stored.
    pub fn key_added(&self, key: &WriteKey) {
        if let Ok(mut k) = self.keys.write() {
            k.insert(key.key.clone());
        }
    }

    /// Stores messages durably (acknowledged only once committed).
    pub async fn store(&self, rows: Vec<EventRow>) -> Result<Stored, StoreError> {
        self.writer.submit(rows).await
    }
}

/// A new write key: 32 random hex characters.
pub fn new_write_key(name: &str, now: chrono::DateTime<chrono::Utc>) -> WriteKey {
    WriteKey {
        name: name.to_string(),
        key: uuid::Uuid::new_v4().simple().to_string(),
        created_at: now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
    }
}
