//! Cairn's server: the journeys API on SQLite, serving the built app.
//!
//! - [`routes`]: the HTTP API (`/api/...`) and the app at `/`.
//! - [`store`]: storage, the only module with SQL.
//! - [`error`]: the API's error enum and its JSON form.
//! - [`extract`]: request extractors that fail with JSON errors.
//! - [`seed`]: the sample journeys `make run` starts with.
//! - [`tester`]: sending to destinations (event tester) and the private-network guard.
//! - [`ingest`]: Segment-compatible event ingest (the `/v1` routes' engine).
//! - [`estimate`]: the in-memory index of events and profiles, and estimates.
//! - [`sample_data`]: the generated e-commerce and SaaS data set.

pub mod error;
pub mod estimate;
pub mod extract;
pub mod ingest;
pub mod routes;
pub mod sample_data;
pub mod seed;
pub mod state;
pub mod store;
pub mod tester;

use cairn_domain::Limits;
use state::AppState;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use store::Store;
use tokio::net::TcpListener;

/// How to run the server.
#[derive(Debug, Clone)]
pub struct Config {
    /// The SQLite file.
    pub db: PathBuf,
    /// The built app's folder.
    pub dist: PathBuf,
    /// The workspace's limits.
    pub limits: Limits,
}

/// A server bound to its address, ready to run.
pub struct Server {
    listener: TcpListener,
    state: AppState,
    db: PathBuf,
}

impl Server {
    /// Opens the database (running migrations) and binds `addr` (port 0 picks a free one).
    pub async fn bind(config: Config, addr: SocketAddr) -> startup::Result<Server> {
        let store = Store::open(&config.db)?;
        let engine = estimate::Engine::load(&config.db)?;
        let ingest = ingest::Ingest::start(&config.db, engine.clone())?;
        let listener = TcpListener::bind(addr).await?;
        let outbound = tester::Outbound::new(listener.local_addr()?);
        Ok(Server {
            listener,
            state: AppState {
                store,
                limits: config.limits,
                dist: Arc::new(config.dist),
                outbound,
                engine,
                ingest,
            },
            db: config.db,
        })
    }

    /// Refuses (or allows) sending to loopback, private and link-local
    /// addresses; off by default (see docs/destinations.md).
    pub fn block_private_destinations(mut self, on: bool) -> Server {
        self.state.outbound.block_private = on;
        self
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// The shared state (for seeding before serving).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The database file.
    pub fn db(&self) -> &std::path::Path {
        &self.db
    }

    /// Serves until `shutdown` completes.
    pub async fn serve(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        axum::serve(self.listener, routes::router(self.state))
            .with_graceful_shutdown(shutdown)
            .await
    }
}

/// Start-up errors.
pub mod startup {
    use thiserror::Error;

    /// Why the server could not start.
    #[derive(Debug, Error)]
    pub enum StartError {
        /// The database could not be opened.
        #[error(transparent)]
        Store(#[from] crate::store::StoreError),
        /// The address could not be bound.
        #[error("cannot listen: {0}")]
        Io(#[from] std::io::Error),
    }

    /// A start-up result.
    pub type Result<T> = std::result::Result<T, StartError>;
}
