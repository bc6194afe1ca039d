//! What every handler shares.

use crate::store::Store;
use cairn_domain::Limits;
use std::path::PathBuf;
use std::sync::Arc;

/// Shared state: storage, limits and where the built app is.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// The workspace's limits.
    pub limits: Limits,
    /// The folder of the built app (Trunk's `dist/`).
    pub dist: Arc<PathBuf>,
    /// How the server sends to destinations (tester, inbox URL, private-network guard).
    pub outbound: crate::tester::Outbound,
    /// The estimates' in-memory index of events and profiles.
    pub engine: crate::estimate::Engine,
    /// Event ingest (write keys, the writer).
    pub ingest: crate::ingest::Ingest,
}
