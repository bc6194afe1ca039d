//! Sending to destinations for real, and the event lifecycle of one send.
//!
//! Safety: every request has a timeout (the destination's, 10 s by
//! default), the response body is read up to [`MAX_RESPONSE_BYTES`] and then
//! cut, redirects are never followed (the 3xx is reported with its
//! `Location`), proxies from the environment are ignored, and with
//! [`Outbound::block_private`] the host is resolved first and refused when
//! any of its addresses is loopback, private or link-local (the connection is
//! then pinned to the checked addresses, so a second DNS answer cannot
//! differ). The built-in inbox is the server itself and is never blocked.

pub mod guard;

use cairn_domain::destination::{is_sensitive_header, mask_secret, Builtin, Destination};
use reqwest::redirect::Policy;
use reqwest::Url;
use serde::Serialize;
use serde_json::Value;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::{Duration, Instant};

/// How much of a response body is kept.
pub const MAX_RESPONSE_BYTES: usize = 64 * 1024;

/// How the server sends to destinations.
#[derive(Debug, Clone, Copy)]
pub struct Outbound {
    /// Refuse destinations whose host resolves to a loopback, private or link-local address.
    pub block_private: bool,
    /// The server's own address (the built-in inbox's URL is computed from it).
    pub self_addr: SocketAddr,
    /// How much of a response body is kept.
    pub max_response_bytes: usize,
}

/// What went wrong when no (usable) response came back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The URL could not be parsed.
    InvalidUrl,
    /// The host name did not resolve.
    Dns,
    /// Nothing listens at that address and port.
    ConnectionRefused,
    /// Another failure to connect (reset, unreachable).
    Connection,
    /// The TLS handshake failed (certificate, protocol).
    Tls,
    /// No complete response within the timeout.
    Timeout,
    /// The private-network guard refused the address.
    BlockedAddress,
    /// Anything else.
    Other,
}

/// The request as sent (secret header values masked).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentRequest {
    /// Always `POST`.
    pub method: String,
    /// The URL.
    pub url: String,
    /// Name and value of each header; secrets masked.
    pub headers: Vec<(String, String)>,
    /// The JSON body.
    pub body: Value,
}

/// What came back.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// An HTTP response (any status; `ok` is true for 2xx).
    Response {
        /// Whether the status is 2xx.
        ok: bool,
        /// The status code.
        status: u16,
        /// `200 OK`, `500 Internal Server Error`.
        status_line: String,
        /// The response headers.
        headers: Vec<(String, String)>,
        /// The body as text (invalid UTF-8 replaced), at most the size cap.
        body: String,
        /// Whether the body was cut at the size cap.
        body_truncated: bool,
        /// For a redirect: where it pointed (it is not followed).
        location: Option<String>,
        /// Milliseconds from sending to the end of the body.
        took_ms: f64,
    },
    /// No usable response.
    Error {
        /// The kind of failure.
        error: ErrorKind,
        /// Details in words.
        message: String,
        /// Milliseconds until the failure.
        took_ms: f64,
    },
}

impl Outcome {
    /// `200 OK` or the error kind, for logs.
    pub fn label(&self) -> String {
        match self {
            Outcome::Response { status_line, .. } => status_line.clone(),
            Outcome::Error { error, .. } => format!("{error:?}"),
        }
    }
}

/// One send: the request and its outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Exchange {
    /// What was sent.
    pub request: SentRequest,
    /// What came back.
    pub outcome: Outcome,
}

fn ms(since: Instant) -> f64 {
    (since.elapsed().as_secs_f64() * 1000.0 * 100.0).round() / 100.0
}

fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut src = e.source();
    while let Some(s) = src {
        let t = s.to_string();
        if !parts.iter().any(|p| p.contains(&t)) {
            parts.push(t);
        }
        src = s.source();
    }
    parts.join(": ")
}

/// Sorts a transport error into an [`ErrorKind`] with a readable message.
fn classify(e: &reqwest::Error, timeout: Duration) -> (ErrorKind, String) {
    let chain = error_chain(e);
    if e.is_timeout() {
        return (
            ErrorKind::Timeout,
            format!("no complete response within {} ms", timeout.as_millis()),
        );
    }
    let mut src: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = src {
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            match io.kind() {
                std::io::ErrorKind::ConnectionRefused => {
                    return (
                        ErrorKind::ConnectionRefused,
                        format!("connection refused: {chain}"),
                    )
                }
                std::io::ErrorKind::TimedOut => {
                    return (ErrorKind::Timeout, format!("timed out: {chain}"))
                }
                _ => {}
            }
        }
        src = s.source();
    }
    let lower = chain.to_ascii_lowercase();
    if lower.contains("dns error") || lower.contains("failed to lookup address") {
        return (
            ErrorKind::Dns,
            format!("the host name did not resolve: {chain}"),
        );
    }
    if [
        "certificate",
        "tls",
        "handshake",
        "rustls",
        "invalidcontenttype",
        "corrupt message",
    ]
    .iter()
    .any(|m| lower.contains(m))
    {
        return (ErrorKind::Tls, format!("TLS failed: {chain}"));
    }
    if e.is_connect() {
        return (ErrorKind::Connection, format!("could not connect: {chain}"));
    }
    (ErrorKind::Other, chain)
}

fn loopback_like(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(v) if v.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v) if v.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        other => other,
    }
}

impl Outbound {
    /// Sending with the defaults for a server at `self_addr` (guard off).
    pub fn new(self_addr: SocketAddr) -> Outbound {
        Outbound {
            block_private: false,
            self_addr,
            max_response_bytes: MAX_RESPONSE_BYTES,
        }
    }

    /// The URL of the built-in inbox `destination_id` on this server.
    pub fn inbox_url(&self, destination_id: &str) -> String {
        let addr = SocketAddr::new(loopback_like(self.self_addr.ip()), self.self_addr.port());
        format!("http://{addr}/api/inbox/{destination_id}")
    }

    /// Where `d` is sent: its URL, or the server's own for the inbox.
    pub fn url_of(&self, d: &Destination) -> String {
        match d.builtin {
            Some(Builtin::Inbox) => self.inbox_url(&d.id),
            None => d.spec.url.trim().to_string(),
        }
    }

    /// POSTs `body` as JSON to `d` and reports what happened. Never fails:
    /// every problem is an [`Outcome::Error`].
    pub async fn send(&self, d: &Destination, body: &Value) -> Exchange {
        let start = Instant::now();
        let url_text = self.url_of(d);
        let mut headers = vec![
            ("content-type".to_string(), "application/json".to_string()),
            (
                "user-agent".to_string(),
                format!("cairn/{}", env!("CARGO_PKG_VERSION")),
            ),
        ];
        let mut shown = headers.clone();
        for h in &d.spec.headers {
            let value = h.value.clone().unwrap_or_default();
            let masked = if h.secret || is_sensitive_header(&h.name) {
                mask_secret(&value)
            } else {
                value.clone()
            };
            headers.push((h.name.clone(), value));
            shown.push((h.name.clone(), masked));
        }
        let request = SentRequest {
            method: "POST".into(),
            url: url_text.clone(),
            headers: shown,
            body: body.clone(),
        };
        let fail = |error: ErrorKind, message: String| Exchange {
            request: request.clone(),
            outcome: Outcome::Error {
                error,
                message,
                took_ms: ms(start),
            },
        };
        let timeout = Duration::from_millis(d.spec.timeout_ms);
        let url = match Url::parse(&url_text) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => u,
            Ok(u) => {
                return fail(
                    ErrorKind::InvalidUrl,
                    format!("only http and https URLs with a host can be sent to (got {u})"),
                )
            }
            Err(e) => return fail(ErrorKind::InvalidUrl, format!("invalid URL: {e}")),
        };
        let mut client = reqwest::Client::builder()
            .redirect(Policy::none())
            .no_proxy()
            .timeout(timeout)
            .connect_timeout(timeout);
        if self.block_private && d.builtin.is_none() {
            match self.checked_addrs(&url, timeout).await {
                Ok(Some((domain, addrs))) => client = client.resolve_to_addrs(&domain, &addrs),
                Ok(None) => {}
                Err((kind, message)) => return fail(kind, message),
            }
        }
        let client = match client.build() {
            Ok(c) => c,
            Err(e) => return fail(ErrorKind::Other, error_chain(&e)),
        };
        let bytes = serde_json::to_vec(body).unwrap_or_default();
        let mut req = client.post(url);
        for (name, value) in &headers {
            req = req.header(name.as_str(), value.as_str());
        }
        let mut resp = match req.body(bytes).send().await {
            Ok(r) => r,
            Err(e) => {
                let (kind, message) = classify(&e, timeout);
                return fail(kind, message);
            }
        };
        let status = resp.status();
        let headers: Vec<(String, String)> = resp
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let location = if status.is_redirection() {
            resp.headers()
                .get(reqwest::header::LOCATION)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        } else {
            None
        };
        let cap = self.max_response_bytes;
        let mut body = Vec::new();
        let mut truncated = false;
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    let room = cap.saturating_sub(body.len());
                    if chunk.len() > room {
                        body.extend_from_slice(&chunk[..room]);
                        truncated = true;
                        break;
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => {
                    let (kind, message) = classify(&e, timeout);
                    return fail(
                        kind,
                        format!("{status} arrived but its body did not: {message}"),
                    );
                }
            }
        }
        Exchange {
            request,
            outcome: Outcome::Response {
                ok: status.is_success(),
                status: status.as_u16(),
                status_line: match status.canonical_reason() {
                    Some(r) => format!("{} {r}", status.as_u16()),
                    None => status.as_u16().to_string(),
                },
                headers,
                body: String::from_utf8_lossy(&body).into_owned(),
                body_truncated: truncated,
                location,
                took_ms: ms(start),
            },
        }
    }

    /// The guard: resolves the URL's host and refuses internal addresses.
    /// Returns the domain and its checked addresses to pin (None for an IP literal).
    async fn checked_addrs(
        &self,
        url: &Url,
        timeout: Duration,
    ) -> Result<Option<(String, Vec<SocketAddr>)>, (ErrorKind, String)> {
        let port = url.port_or_known_default().unwrap_or(80);
        let blocked = |ip: IpAddr| {
            (
                ErrorKind::BlockedAddress,
                format!(
                    "{ip} is a loopback, private or link-local address; this server refuses to send there (--block-private-destinations)"
                ),
            )
        };
        match url.host() {
            Some(url::Host::Ipv4(ip)) => {
                if guard::is_blocked(IpAddr::V4(ip)) {
                    return Err(blocked(IpAddr::V4(ip)));
                }
                Ok(None)
            }
            Some(url::Host::Ipv6(ip)) => {
                if guard::is_blocked(IpAddr::V6(ip)) {
                    return Err(blocked(IpAddr::V6(ip)));
                }
                Ok(None)
            }
            Some(url::Host::Domain(domain)) => {
                let lookup = tokio::net::lookup_host((domain, port));
                let addrs: Vec<SocketAddr> = match tokio::time::timeout(timeout, lookup).await {
                    Ok(Ok(a)) => a.collect(),
                    Ok(Err(e)) => {
                        return Err((
                            ErrorKind::Dns,
                            format!("the host name {domain} did not resolve: {e}"),
                        ))
                    }
                    Err(_) => {
                        return Err((
                            ErrorKind::Timeout,
                            format!(
                                "resolving {domain} took more than {} ms",
                                timeout.as_millis()
                            ),
                        ))
                    }
                };
                if addrs.is_empty() {
                    return Err((ErrorKind::Dns, format!("{domain} has no address")));
                }
                if let Some(a) = addrs.iter().find(|a| guard::is_blocked(a.ip())) {
                    return Err(blocked(a.ip()));
                }
                Ok(Some((domain.to_string(), addrs)))
            }
            None => Err((ErrorKind::InvalidUrl, "the URL has no host".into())),
        }
    }
}
