//! The end-to-end harness: the real `cairn-server` on an ephemeral port with
//! a fresh database, chromedriver on a free port, and a headless Chromium
//! session with a fresh profile. Everything started here is stopped when the
//! harness is dropped, whether the test passed, failed or panicked.
//!
//! Environment:
//! - `CAIRN_SERVER_BIN`: the server binary (default `<workspace>/target/server/cairn-server`).
//! - `CAIRN_DIST`: the built app (default `<workspace>/dist`).
//! - `CHROMEDRIVER`: chromedriver (default `/usr/bin/chromedriver`).
//! - `CHROMIUM`: the browser binary (default `/usr/bin/chromium`).

#![allow(dead_code)] // Each test file uses its own part of the harness.

use std::future::Future;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use tempfile::TempDir;
use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};
use tokio::process::{Child, Command};

/// Any failure inside a scenario.
pub type Error = Box<dyn std::error::Error + Send + Sync>;
/// A scenario step's result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The longest any single wait may take (server start, an element showing).
pub const WAIT: Duration = Duration::from_secs(30);
/// The longest a whole scenario may take.
pub const SCENARIO_LIMIT: Duration = Duration::from_secs(180);

/// Fails the scenario with a message unless `cond` holds.
#[allow(unused_macros)]
macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!($($msg)+).into());
        }
    };
}

/// The Chromium flags every session uses (the same as webdriver.json).
pub const CHROME_ARGS: [&str; 9] = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
];

/// The workspace root (two levels above this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn env_path(var: &str, default: PathBuf) -> PathBuf {
    std::env::var_os(var)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or(default)
}

/// Runs `scenario` against a fresh server and browser, then stops them all.
/// A scenario error or panic fails the test after the cleanup.
pub async fn run_scenario<F, Fut>(scenario: F)
where
    F: FnOnce(Client, String) -> Fut,
    Fut: Future<Output = Result<()>> + Send + 'static,
{
    run_scenario_with(false, scenario).await
}

/// Like [`run_scenario`]; with `seed`, the server starts with the five example journeys.
pub async fn run_scenario_with<F, Fut>(seed: bool, scenario: F)
where
    F: FnOnce(Client, String) -> Fut,
    Fut: Future<Output = Result<()>> + Send + 'static,
{
    let args: &[&str] = if seed { &["--seed"] } else { &[] };
    run_scenario_with_args(args, scenario).await
}

/// Like [`run_scenario`], with the server started with `args` (e.g.
/// `--seed`, `--sample-data`).
pub async fn run_scenario_with_args<F, Fut>(args: &[&str], scenario: F)
where
    F: FnOnce(Client, String) -> Fut,
    Fut: Future<Output = Result<()>> + Send + 'static,
{
    let harness = match Harness::start_with_args(args).await {
        Ok(harness) => harness,
        Err(e) => panic!("could not start the end-to-end harness: {e}"),
    };
    let client = match harness.connect().await {
        Ok(client) => client,
        Err(e) => panic!("could not open a Chromium session through chromedriver: {e}"),
    };

    let task = tokio::spawn(scenario(client.clone(), harness.app_url.clone()));
    let abort = task.abort_handle();
    let outcome = tokio::time::timeout(SCENARIO_LIMIT, task).await;
    if outcome.is_err() {
        abort.abort();
    }
    if !matches!(outcome, Ok(Ok(Ok(())))) {
        report_page(&client).await;
    }
    // End the browser session (Chromium exits), then stop the processes.
    let _ = tokio::time::timeout(Duration::from_secs(10), client.close()).await;
    drop(harness);

    match outcome {
        Err(_) => panic!("the scenario took longer than {SCENARIO_LIMIT:?}"),
        Ok(Ok(Ok(()))) => {}
        Ok(Ok(Err(e))) => panic!("{e}"),
        Ok(Err(join)) if join.is_panic() => std::panic::resume_unwind(join.into_panic()),
        Ok(Err(join)) => panic!("the scenario did not finish: {join}"),
    }
}

/// Prints where the browser is and what the page holds, to explain a failure.
async fn report_page(client: &Client) {
    let limit = Duration::from_secs(5);
    if let Ok(Ok(url)) = tokio::time::timeout(limit, client.current_url()).await {
        eprintln!("[browser] at {url}");
    }
    if let Ok(Ok(html)) = tokio::time::timeout(limit, client.source()).await {
        let body = html.split("<body").nth(1).unwrap_or(&html);
        let shown: String = body.chars().take(4000).collect();
        eprintln!("[browser] page body:\n<body{shown}");
        if !html.contains("class=\"topbar\"") {
            eprintln!(
                "[browser] the app did not render: the wasm failed to load or start \
                 (is dist/ built from this tree? open it in a browser and read the console)"
            );
        }
    }
}

/// The running server and chromedriver. Dropping it stops both.
pub struct Harness {
    /// The app's base URL, e.g. `http://127.0.0.1:41234` (no trailing slash).
    pub app_url: String,
    /// chromedriver's URL.
    pub webdriver_url: String,
    // Fields drop in this order: the browser side first, the data last.
    chromedriver: ProcessGuard,
    server: ProcessGuard,
    profile_dir: PathBuf,
    _data: TempDir,
}

impl Harness {
    /// Starts the server (fresh database, no sample data) and chromedriver.
    pub async fn start() -> Result<Harness> {
        Harness::start_with(false).await
    }

    /// Starts the server (fresh database; the example journeys with `seed`) and chromedriver.
    pub async fn start_with(seed: bool) -> Result<Harness> {
        let args: &[&str] = if seed { &["--seed"] } else { &[] };
        Harness::start_with_args(args).await
    }

    /// Starts the server with `args` (fresh database) and chromedriver.
    pub async fn start_with_args(args: &[&str]) -> Result<Harness> {
        let root = workspace_root();
        let server_bin = env_path("CAIRN_SERVER_BIN", root.join("target/server/cairn-server"));
        let dist = env_path("CAIRN_DIST", root.join("dist"));
        let chromedriver_bin = env_path("CHROMEDRIVER", PathBuf::from("/usr/bin/chromedriver"));
        if !server_bin.is_file() {
            return Err(format!(
                "the server binary is missing at {}: run `make test` (it builds the server \
                 and the app), or set CAIRN_SERVER_BIN",
                server_bin.display()
            )
            .into());
        }
        if !dist.join("index.html").is_file() {
            return Err(format!(
                "the built app is missing at {} (no index.html): run `make test` (it builds \
                 the app with trunk), or set CAIRN_DIST",
                dist.display()
            )
            .into());
        }
        if !chromedriver_bin.is_file() {
            return Err(format!(
                "chromedriver is missing at {}: install chromium-driver, or set CHROMEDRIVER",
                chromedriver_bin.display()
            )
            .into());
        }

        let data = tempfile::Builder::new().prefix("cairn-e2e-").tempdir()?;
        let profile_dir = data.path().join("chrome-profile");
        std::fs::create_dir_all(&profile_dir)?;

        let (server, app_url) =
            start_server(&server_bin, &dist, &data.path().join("cairn.db"), args).await?;
        let (chromedriver, webdriver_url) = start_chromedriver(&chromedriver_bin).await?;
        Ok(Harness {
            app_url,
            webdriver_url,
            chromedriver,
            server,
            profile_dir,
            _data: data,
        })
    }

    /// Opens a headless Chromium session with a fresh profile.
    pub async fn connect(&self) -> Result<Client> {
        let chromium = env_path("CHROMIUM", PathBuf::from("/usr/bin/chromium"));
        let mut args: Vec<String> = CHROME_ARGS.iter().map(|a| a.to_string()).collect();
        args.push(format!("--user-data-dir={}", self.profile_dir.display()));
        args.push("--window-size=1280,900".to_string());
        let caps = serde_json::json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium.to_string_lossy(),
                "args": args,
            }
        });
        let caps = match caps {
            serde_json::Value::Object(map) => map,
            _ => unreachable!("a JSON object literal"),
        };
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(caps);
        let client = tokio::time::timeout(WAIT, builder.connect(&self.webdriver_url))
            .await
            .map_err(|_| format!("timed out after {WAIT:?} opening the browser session"))??;
        Ok(client)
    }
}

/// A child process that is killed when dropped. With `group`, the child
/// leads its own process group and the whole group is killed (chromedriver
/// and the Chromium processes it started).
struct ProcessGuard {
    name: &'static str,
    child: Child,
    group: bool,
    shutdown_port: Option<u16>,
}

impl Drop for ProcessGuard {
    fn drop(&mut self) {
        if let Some(port) = self.shutdown_port {
            // chromedriver's own shutdown closes any session still open and
            // reaps its browsers; give it a moment to exit by itself.
            if http_get_blocking(port, "/shutdown", Duration::from_secs(3)).is_ok() {
                for _ in 0..50 {
                    match self.child.try_wait() {
                        Ok(None) => std::thread::sleep(Duration::from_millis(20)),
                        _ => break,
                    }
                }
            }
        }
        if let Some(pid) = self.child.id() {
            if self.group {
                let _ = std::process::Command::new("kill")
                    .args(["-KILL", "--", &format!("-{pid}")])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status();
            }
        }
        if let Err(e) = self.child.start_kill() {
            if e.kind() != std::io::ErrorKind::InvalidInput {
                eprintln!("could not stop {}: {e}", self.name);
            }
        }
        // Reap it so it does not linger as a zombie (bounded).
        for _ in 0..50 {
            match self.child.try_wait() {
                Ok(Some(_)) | Err(_) => break,
                Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            }
        }
    }
}

/// Starts `cairn-server` on an ephemeral port and waits for its
/// `cairn: listening on http://...` line.
async fn start_server(
    bin: &Path,
    dist: &Path,
    db: &Path,
    args: &[&str],
) -> Result<(ProcessGuard, String)> {
    let mut command = Command::new(bin);
    command.args(args);
    let mut child = command
        .arg("--addr")
        .arg("127.0.0.1:0")
        .arg("--db")
        .arg(db)
        .arg("--dist")
        .arg(dist)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("could not start {}: {e}", bin.display()))?;
    let stdout = child.stdout.take().ok_or("no stdout pipe")?;
    let stderr = child.stderr.take().ok_or("no stderr pipe")?;
    let guard = ProcessGuard {
        name: "cairn-server",
        child,
        group: false,
        shutdown_port: None,
    };

    // Keep the server's stderr for the failure message, and echo it.
    let stderr_log = Arc::new(Mutex::new(String::new()));
    tokio::spawn(forward_lines(
        stderr,
        "server stderr",
        Some(stderr_log.clone()),
    ));

    let mut lines = BufReader::new(stdout).lines();
    let find_url = async {
        while let Some(line) = lines.next_line().await? {
            eprintln!("[server stdout] {line}");
            if let Some(rest) = line.split("cairn: listening on ").nth(1) {
                return Ok::<_, std::io::Error>(Some(
                    rest.trim().trim_end_matches('/').to_string(),
                ));
            }
        }
        Ok(None)
    };
    let url = match tokio::time::timeout(WAIT, find_url).await {
        Ok(Ok(Some(url))) => url,
        outcome => {
            let why = match outcome {
                Err(_) => format!("it did not print `cairn: listening on ...` within {WAIT:?}"),
                Ok(Ok(None)) => "it exited before printing `cairn: listening on ...`".to_string(),
                Ok(Err(e)) => format!("its stdout could not be read: {e}"),
                Ok(Ok(Some(_))) => unreachable!("matched above"),
            };
            tokio::time::sleep(Duration::from_millis(200)).await;
            let stderr_text = stderr_log.lock().map(|s| s.clone()).unwrap_or_default();
            return Err(
                format!("cairn-server did not start: {why}.\nIts stderr:\n{stderr_text}").into(),
            );
        }
    };
    // Keep draining stdout so the server never blocks on a full pipe.
    tokio::spawn(async move {
        while let Ok(Some(line)) = lines.next_line().await {
            eprintln!("[server stdout] {line}");
        }
    });
    if !url.starts_with("http://") {
        return Err(format!("cairn-server printed an unexpected address: {url:?}").into());
    }
    Ok((guard, url))
}

/// Starts chromedriver on a free port and waits until `/status` says ready.
async fn start_chromedriver(bin: &Path) -> Result<(ProcessGuard, String)> {
    let port = free_port()?;
    let child = Command::new(bin)
        .arg(format!("--port={port}"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("could not start {}: {e}", bin.display()))?;
    let guard = ProcessGuard {
        name: "chromedriver",
        child,
        group: true,
        shutdown_port: Some(port),
    };
    let url = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(2))
        .build()?;
    let status_url = format!("{url}/status");
    let ready = async {
        loop {
            if let Ok(response) = http.get(&status_url).send().await {
                if let Ok(body) = response.json::<serde_json::Value>().await {
                    if body["value"]["ready"].as_bool() == Some(true) {
                        return;
                    }
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    };
    tokio::time::timeout(WAIT, ready)
        .await
        .map_err(|_| format!("chromedriver was not ready on port {port} within {WAIT:?}"))?;
    Ok((guard, url))
}

/// A port nobody listens on right now.
fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

/// A tiny blocking GET for use in `Drop` (no runtime needed), bounded by `timeout`.
fn http_get_blocking(port: u16, path: &str, timeout: Duration) -> std::io::Result<()> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut stream = TcpStream::connect_timeout(&addr, timeout)?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )?;
    let mut sink = Vec::new();
    let _ = stream.read_to_end(&mut sink);
    Ok(())
}

async fn forward_lines<R>(reader: R, label: &'static str, keep: Option<Arc<Mutex<String>>>)
where
    R: AsyncRead + Unpin,
{
    let mut lines = BufReader::new(reader).lines();
    while let Ok(Some(line)) = lines.next_line().await {
        eprintln!("[{label}] {line}");
        if let Some(keep) = &keep {
            if let Ok(mut text) = keep.lock() {
                text.push_str(&line);
                text.push('\n');
            }
        }
    }
}

// ---------- waiting on the page ----------

/// Polls `probe` every 100 ms until it returns `Some`, for at most [`WAIT`].
/// Errors while polling (an element re-rendered under us) count as "not yet";
/// the last one is reported if time runs out.
pub async fn wait_until<T, F, Fut>(what: &str, mut probe: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Option<T>>>,
{
    let deadline = tokio::time::Instant::now() + WAIT;
    let mut last_error = None;
    loop {
        match probe().await {
            Ok(Some(value)) => return Ok(value),
            Ok(None) => {}
            Err(e) => last_error = Some(e.to_string()),
        }
        if tokio::time::Instant::now() >= deadline {
            let detail = last_error
                .map(|e| format!(" (last error: {e})"))
                .unwrap_or_default();
            return Err(format!("timed out after {WAIT:?} waiting until {what}{detail}").into());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until an element matching the CSS `selector` is present.
pub async fn wait_for_css(client: &Client, selector: &str) -> Result<Element> {
    client
        .wait()
        .at_most(WAIT)
        .every(Duration::from_millis(100))
        .for_element(Locator::Css(selector))
        .await
        .map_err(|e| format!("`{selector}` did not appear within {WAIT:?} ({e})").into())
}

/// The trimmed visible texts of every element matching `selector`.
pub async fn texts(client: &Client, selector: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for element in client.find_all(Locator::Css(selector)).await? {
        out.push(element.text().await?.trim().to_string());
    }
    Ok(out)
}

/// The XPath of a `<button>` whose text is exactly `label`.
pub fn button_xpath(label: &str) -> String {
    format!("//button[normalize-space(.)='{label}']")
}

/// `GET url` on the server's API, as JSON.
pub async fn get_json(url: &str) -> Result<serde_json::Value> {
    Ok(reqwest::get(url).await?.json().await?)
}

/// Waits for the element matching `selector`, then clicks it.
pub async fn click(client: &Client, selector: &str) -> Result<()> {
    wait_for_css(client, selector)
        .await?
        .click()
        .await
        .map_err(|e| format!("clicking {selector}: {e}").into())
}

/// The text of the element matching `selector`.
pub async fn text_of(client: &Client, selector: &str) -> Result<String> {
    Ok(client.find(Locator::Css(selector)).await?.text().await?)
}

/// Sets the value of the input, textarea or select matching `selector` and
/// fires `event` (`input` or `change`), as typing or choosing does.
pub async fn set_value(client: &Client, selector: &str, value: &str, event: &str) -> Result<()> {
    wait_for_css(client, selector).await?;
    client
        .execute(
            "const el = document.querySelector(arguments[0]);
             el.value = arguments[1];
             el.dispatchEvent(new Event(arguments[2], { bubbles: true }));",
            vec![
                serde_json::json!(selector),
                serde_json::json!(value),
                serde_json::json!(event),
            ],
        )
        .await?;
    Ok(())
}

/// Opens journey `id`'s overview and its `tab` ("Steps", "Settings").
pub async fn open_overview_tab(client: &Client, app: &str, id: &str, tab: &str) -> Result<()> {
    client.goto(&format!("{app}/journeys/{id}")).await?;
    wait_for_css(client, ".overview").await?;
    client
        .wait()
        .for_element(Locator::XPath(&button_xpath(tab)))
        .await?
        .click()
        .await?;
    Ok(())
}

/// The seeded cart-abandonment journey's id and the request inbox's id.
pub async fn seeded_ids(app: &str) -> Result<(String, String)> {
    let journeys = get_json(&format!("{app}/api/journeys")).await?;
    let id = journeys
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["name"] == "Cart abandonment"))
        .and_then(|r| r["id"].as_str())
        .ok_or("the seeded cart-abandonment journey is missing")?;
    let destinations = get_json(&format!("{app}/api/destinations")).await?;
    let inbox = destinations
        .as_array()
        .and_then(|all| all.iter().find(|d| d["builtin"] == "inbox"))
        .and_then(|d| d["id"].as_str())
        .ok_or("the seeded request inbox is missing")?;
    Ok((id.to_string(), inbox.to_string()))
}
