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
        // 3: events (Segment messages), profiles (merged identify traits), write keys.
        M::up(
            "CREATE TABLE write_keys (
            write_key TEXT PRIMARY KEY,
            workspace_id TEXT NOT NULL,
            name TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE events (
            seq INTEGER PRIMARY KEY,
            workspace_id TEXT NOT NULL,
            message_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            profile_id TEXT NOT NULL,
            user_id TEXT,
            anonymous_id TEXT,
            group_id TEXT,
            event TEXT,
            ts BIGINT NOT NULL,
            received_at BIGINT NOT NULL,
            properties TEXT NOT NULL,
            traits TEXT NOT NULL,
            context TEXT NOT NULL
        );
        CREATE UNIQUE INDEX events_by_message ON events (workspace_id, message_id);
        CREATE INDEX events_by_name ON events (workspace_id, event, ts, profile_id);
        CREATE INDEX events_by_profile ON events (workspace_id, profile_id, ts);
        CREATE TABLE profiles (
            workspace_id TEXT NOT NULL,
            profile_id TEXT NOT NULL,
            traits TEXT NOT NULL,
            first_seen BIGINT NOT NULL,
            last_seen BIGINT NOT NULL,
            PRIMARY KEY (workspace_id, profile_id)
        );",
        ),
        // Append new migrations here.
    ])
}
