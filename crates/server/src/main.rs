//! `cairn-server`: runs the journeys API and serves the built app.

use cairn_domain::Limits;
use cairn_server::{sample_data, seed, Config, Server};
use clap::Parser;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

/// Cairn: the open-source journey builder.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, env = "CAIRN_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// SQLite database file (created with its folder if missing).
    #[arg(long, env = "CAIRN_DB", default_value = "data/cairn.db")]
    db: PathBuf,
    /// Folder of the built app (Trunk's output).
    #[arg(long, env = "CAIRN_DIST", default_value = "dist")]
    dist: PathBuf,
    /// Limits as JSON, e.g. `{"published_per_workspace": 10}`; unnamed limits keep their defaults
    /// (20 steps, names of 73 and 170 characters, keys of 255, 5 published journeys).
    #[arg(long, env = "CAIRN_LIMITS", value_parser = parse_limits)]
    limits: Option<Limits>,
    /// Add the five example journeys if the workspace has none, the built-in
    /// request inbox, and make sure there is a write key (printed as
    /// `cairn: write key: ...`).
    #[arg(long)]
    seed: bool,
    /// Refuse to send to loopback, private and link-local addresses (for shared deployments).
    #[arg(long, env = "CAIRN_BLOCK_PRIVATE_DESTINATIONS")]
    block_private_destinations: bool,
    /// Load the sample events and profiles if there are no events yet (and
    /// make sure there is a write key, printed as `cairn: write key: ...`).
    #[arg(long)]
    sample_data: bool,
    /// Profiles in the sample data (about 23 messages each).
    #[arg(long, default_value_t = sample_data::DEFAULT_PROFILES)]
    sample_profiles: usize,
}

fn parse_limits(s: &str) -> Result<Limits, String> {
    serde_json::from_str(s).map_err(|e| format!("invalid limits: {e}"))
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
    tracing::info!("shutting down");
}

/// Loads the sample data unless there are events already, with progress on stderr.
async fn load_sample_data(server: &Server, profiles: usize) -> Result<(), String> {
    let state = server.state().clone();
    let db = server.db().to_path_buf();
    let existing = state
        .store
        .run(|c| Ok(cairn_server::store::event_count(c)?))
        .await
        .map_err(|e| e.to_string())?;
    if existing > 0 {
        tracing::info!(events = existing, "events present; no sample data loaded");
        return Ok(());
    }
    let started = std::time::Instant::now();
    let expected = profiles * sample_data::MESSAGES_PER_PROFILE;
    eprintln!("cairn: loading sample data ({profiles} profiles, about {expected} messages)...");
    let loaded = tokio::task::spawn_blocking(move || {
        let now = chrono::Utc::now().timestamp_millis();
        let mut last = 0;
        sample_data::load(&db, &state.engine, profiles, now, |n| {
            if n - last >= 100_000 || n == 0 {
                last = n;
                let pct = (n * 100 / expected.max(1)).min(99);
                eprintln!("cairn: sample data: {n} messages ({pct}%)");
            }
        })
    })
    .await
    .map_err(|e| e.to_string())?
    .map_err(|e| e.to_string())?;
    eprintln!(
        "cairn: sample data: {} profiles, {} messages in {:.1} s",
        loaded.profiles,
        loaded.messages,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    if !args.dist.join("index.html").exists() {
        tracing::warn!(dist = %args.dist.display(), "the built app is missing: run `make run` (it builds it with Trunk)");
    }
    let config = Config {
        db: args.db.clone(),
        dist: args.dist.clone(),
        limits: args.limits.unwrap_or_default(),
    };
    let server = match Server::bind(config, args.addr).await {
        Ok(s) => s.block_private_destinations(args.block_private_destinations),
        Err(e) => {
            eprintln!("cairn: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    if args.seed {
        match seed::seed_examples(server.state()).await {
            Ok(0) => tracing::info!("workspace already has journeys; nothing seeded"),
            Ok(n) => tracing::info!(journeys = n, "seeded the example journeys"),
            Err(e) => {
                eprintln!("cairn: seeding failed: {e}");
                return ExitCode::FAILURE;
            }
        }
        if let Err(e) = cairn_server::routes::inbox::ensure_inbox(server.state()).await {
            eprintln!("cairn: seeding the request inbox failed: {e}");
            return ExitCode::FAILURE;
        }
    }
    if args.sample_data {
        if let Err(e) = load_sample_data(&server, args.sample_profiles).await {
            eprintln!("cairn: loading the sample data failed: {e}");
            return ExitCode::FAILURE;
        }
    }
    if args.seed || args.sample_data {
        match seed::ensure_write_key(server.state()).await {
            Ok(key) => println!("cairn: write key: {key}"),
            Err(e) => {
                eprintln!("cairn: creating a write key failed: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let addr = match server.local_addr() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("cairn: {e}");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(db = %args.db.display(), %addr, "listening");
    // Tests and scripts read this line to learn the port.
    println!("cairn: listening on http://{addr}");
    match server.serve(shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cairn: server error: {e}");
            ExitCode::FAILURE
        }
    }
}
