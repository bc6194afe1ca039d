//! The schema, as an append-only list of migrations (never edit a landed one).

use rusqlite_migration::{Migrations, M};

/// Every migration, oldest first.
pub(super) fn all() -> Migrations<'static> {
    Migrations::new(vec![
        // 1: journeys and the workspace's step keys.
        M::up(
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
        ),
        // 2: destinations (settings as a JSON document) and the request inbox.
        M::up(
            "CREATE TABLE destinations (
            id TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            builtin TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            document TEXT NOT NULL
        );
        CREATE INDEX destinations_by_workspace ON destinations (workspace_id, name);
        CREATE TABLE inbox_requests (
            id INTEGER PRIMARY KEY,
            workspace_id TEXT NOT NULL,
            destination_id TEXT NOT NULL,
            received_at TEXT NOT NULL,
            method TEXT NOT NULL,
            path TEXT NOT NULL,
            headers TEXT NOT NULL,
            body TEXT NOT NULL
        );",
        ),
        // Append new migrations here.
    ])
}
