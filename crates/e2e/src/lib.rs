//! Test-only crate: the end-to-end tests live in `tests/`.
//!
//! They need the server binary and the built app: `make test` builds both
//! (see `tests/journeys.rs` for the environment variables that point at them).
