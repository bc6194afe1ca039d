//! Destinations: where Send steps deliver, their settings and the rules on them.
//!
//! An event destination is an HTTP endpoint receiving Segment-format `track`
//! or `identify` calls (see [`crate::payload`]); a list destination receives
//! the users who reach a step, in batches, and offers them as a CSV. The
//! built-in request inbox is an event destination served by Cairn itself.
//!
//! Header values marked `secret` are stored but never shown again: clients
//! see [`mask_secret`]'s form, and sending that form (or no value) back keeps
//! the stored value ([`DestinationSpec::keep_secrets_of`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Characters in a destination name.
pub const NAME_MAX: usize = 100;
/// Characters in a destination URL.
pub const URL_MAX: usize = 2048;
/// Headers per destination.
pub const HEADERS_MAX: usize = 20;
/// Characters in a header value.
pub const HEADER_VALUE_MAX: usize = 4096;
/// The shortest timeout accepted, in milliseconds.
pub const TIMEOUT_MIN_MS: u64 = 100;
/// The longest timeout accepted, in milliseconds.
pub const TIMEOUT_MAX_MS: u64 = 30_000;
/// The timeout of a destination that names none, in milliseconds.
pub const DEFAULT_TIMEOUT_MS: u64 = 10_000;
/// The largest batch a list destination accepts.
pub const BATCH_MAX: u32 = 10_000;
/// The batch size of a list destination that names none.
pub const DEFAULT_BATCH_SIZE: u32 = 1_000;
/// What a secret looks like to clients (followed by its last 4 characters when long enough).
pub const MASK: &str = "••••";

/// What a destination receives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DestinationType {
    /// `track` or `identify` calls, one per user entering or leaving a step.
    Event,
    /// The users who reach a step, in batches (and as a CSV download).
    List,
}

/// A destination Cairn serves itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Builtin {
    /// The request inbox: records what it receives; its URL is the server's own.
    Inbox,
}

/// One HTTP header sent with every request to a destination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// The header name (`Authorization`).
    pub name: String,
    /// The value; for a secret, `None` or the masked form means "keep the stored value".
    #[serde(default)]
    pub value: Option<String>,
    /// Whether the value is a secret (never sent back in clear).
    #[serde(default)]
    pub secret: bool,
}

fn default_true() -> bool {
    true
}

fn default_timeout() -> u64 {
    DEFAULT_TIMEOUT_MS
}

/// What a client sends to create or replace a destination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DestinationSpec {
    /// Its name, also the key of the `integrations` object of event payloads.
    pub name: String,
    /// Event or list destination.
    #[serde(rename = "type")]
    pub kind: DestinationType,
    /// Whether journeys send to it.
    #[serde(default = "default_true")]
    pub enabled: bool,
    /// The endpoint (`http` or `https`). Required for event destinations;
    /// optional for list destinations (empty: CSV download only); ignored for the inbox.
    #[serde(default)]
    pub url: String,
    /// Headers sent with every request.
    #[serde(default)]
    pub headers: Vec<Header>,
    /// How long a request may take, in milliseconds.
    #[serde(default = "default_timeout")]
    pub timeout_ms: u64,
    /// Users per request of a list destination.
    #[serde(default)]
    pub batch_size: Option<u32>,
}

/// A stored destination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Destination {
    /// Its id in the workspace (what `DestinationRef`s name).
    pub id: String,
    /// Set for destinations Cairn serves itself.
    #[serde(default)]
    pub builtin: Option<Builtin>,
    /// Its settings (secrets in clear: never send this to a client, see [`Destination::masked`]).
    #[serde(flatten)]
    pub spec: DestinationSpec,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it was last changed.
    pub updated_at: DateTime<Utc>,
}

/// Which rule a destination's setting breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DestinationProblemCode {
    /// A value that must be given is empty.
    Required,
    /// A value is longer than its limit.
    TooLong,
    /// The URL is not an absolute `http` or `https` URL.
    InvalidUrl,
    /// A header name or value is not valid HTTP.
    InvalidHeader,
    /// A number is outside its range.
    OutOfRange,
    /// A secret header has no value to keep.
    SecretMissing,
    /// A setting that cannot change (the inbox's type or URL).
    Immutable,
}

/// One problem of a destination's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DestinationProblem {
    /// The field, like `url` or `headers[1].name`.
    pub path: String,
    /// The rule broken.
    pub code: DestinationProblemCode,
    /// What is wrong, in words.
    pub message: String,
}

fn problem(
    path: impl Into<String>,
    code: DestinationProblemCode,
    message: String,
) -> DestinationProblem {
    DestinationProblem {
        path: path.into(),
        code,
        message,
    }
}

/// The masked form of a secret: `••••` and its last 4 characters when it has
/// at least 12 (so at most a third of it shows), `••••` alone otherwise.
pub fn mask_secret(value: &str) -> String {
    let n = value.chars().count();
    if n >= 12 {
        let tail: String = value.chars().skip(n - 4).collect();
        format!("{MASK}{tail}")
    } else {
        MASK.to_string()
    }
}

/// Header names whose values are masked in what Cairn shows even when not marked secret.
pub fn is_sensitive_header(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    matches!(
        n.as_str(),
        "authorization" | "proxy-authorization" | "cookie" | "x-api-key" | "api-key"
    ) || n.contains("secret")
        || n.contains("token")
}

/// Checks that `url` is an absolute `http`/`https` URL with a host, without
/// spaces or control characters. (The server parses it fully before sending.)
pub fn check_url(url: &str) -> Result<(), String> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("the URL may not contain spaces or control characters".into());
    }
    let lower = url.to_ascii_lowercase();
    let rest = if lower.starts_with("http://") {
        &url[7..]
    } else if lower.starts_with("https://") {
        &url[8..]
    } else {
        return Err("the URL must start with http:// or https://".into());
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let (host, port) = if let Some(v6) = host_port.strip_prefix('[') {
        match v6.split_once(']') {
            Some((h, p)) => (h, p.strip_prefix(':')),
            None => return Err("the URL's IPv6 address is missing its `]`".into()),
        }
    } else {
        match host_port.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (host_port, None),
        }
    };
    if host.is_empty() {
        return Err("the URL has no host".into());
    }
    if let Some(p) = port {
        if p.parse::<u16>().is_err() {
            return Err(format!(
                "the URL's port {p:?} is not a number from 0 to 65535"
            ));
        }
    }
    Ok(())
}

fn valid_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

impl DestinationSpec {
    /// The batch size used for a list destination.
    pub fn effective_batch_size(&self) -> u32 {
        self.batch_size.unwrap_or(DEFAULT_BATCH_SIZE)
    }

    /// Every problem of these settings, each with the path to its field.
    /// `builtin` relaxes the URL rule (the inbox's URL is the server's own).
    pub fn problems(&self, builtin: Option<Builtin>) -> Vec<DestinationProblem> {
        use DestinationProblemCode as C;
        let mut out = Vec::new();
        let len = self.name.chars().count();
        if self.name.trim().is_empty() {
            out.push(problem("name", C::Required, "Name is required".into()));
        } else if len > NAME_MAX {
            out.push(problem(
                "name",
                C::TooLong,
                format!("Name is {len} characters; the limit is {NAME_MAX}"),
            ));
        }
        if builtin.is_none() {
            let url = self.url.trim();
            if url.is_empty() {
                if self.kind == DestinationType::Event {
                    out.push(problem(
                        "url",
                        C::Required,
                        "An event destination needs a URL".into(),
                    ));
                }
            } else if url.chars().count() > URL_MAX {
                out.push(problem(
                    "url",
                    C::TooLong,
                    format!("The URL is longer than {URL_MAX} characters"),
                ));
            } else if let Err(why) = check_url(url) {
                out.push(problem("url", C::InvalidUrl, format!("Invalid URL: {why}")));
            }
        }
        if self.headers.len() > HEADERS_MAX {
            out.push(problem(
                "headers",
                C::TooLong,
                format!("{} headers; the limit is {HEADERS_MAX}", self.headers.len()),
            ));
        }
        for (i, h) in self.headers.iter().enumerate() {
            if !valid_header_name(&h.name) {
                out.push(problem(
                    format!("headers[{i}].name"),
                    C::InvalidHeader,
                    format!("{:?} is not a valid header name", h.name),
                ));
            }
            match &h.value {
                Some(v) if v.chars().count() > HEADER_VALUE_MAX => out.push(problem(
                    format!("headers[{i}].value"),
                    C::TooLong,
                    format!("The value is longer than {HEADER_VALUE_MAX} characters"),
                )),
                Some(v) if v.chars().any(|c| c == '\r' || c == '\n' || c == '\0') => {
                    out.push(problem(
                        format!("headers[{i}].value"),
                        C::InvalidHeader,
                        "A header value may not contain line breaks".into(),
                    ))
                }
                None if !h.secret => out.push(problem(
                    format!("headers[{i}].value"),
                    C::Required,
                    "The header needs a value".into(),
                )),
                _ => {}
            }
        }
        if !(TIMEOUT_MIN_MS..=TIMEOUT_MAX_MS).contains(&self.timeout_ms) {
            out.push(problem(
                "timeout_ms",
                C::OutOfRange,
                format!(
                    "The timeout must be from {TIMEOUT_MIN_MS} to {TIMEOUT_MAX_MS} ms (got {})",
                    self.timeout_ms
                ),
            ));
        }
        if let Some(b) = self.batch_size {
            if self.kind == DestinationType::Event {
                out.push(problem(
                    "batch_size",
                    C::OutOfRange,
                    "Only list destinations have a batch size".into(),
                ));
            } else if !(1..=BATCH_MAX).contains(&b) {
                out.push(problem(
                    "batch_size",
                    C::OutOfRange,
                    format!("The batch size must be from 1 to {BATCH_MAX} (got {b})"),
                ));
            }
        }
        out
    }

    /// These settings with each secret header's value taken from `stored`
    /// when the client sent none or the masked form (matched by name,
    /// case-insensitively). Secrets with nothing to keep are reported.
    pub fn keep_secrets_of(
        mut self,
        stored: Option<&DestinationSpec>,
    ) -> Result<DestinationSpec, Vec<DestinationProblem>> {
        let mut missing = Vec::new();
        for (i, h) in self.headers.iter_mut().enumerate() {
            if !h.secret {
                continue;
            }
            let old = stored
                .and_then(|s| {
                    s.headers
                        .iter()
                        .find(|o| o.name.eq_ignore_ascii_case(&h.name))
                })
                .and_then(|o| o.value.clone());
            let keep = match &h.value {
                None => true,
                Some(v) => {
                    v.starts_with(MASK) && old.as_deref().map(mask_secret).as_deref() == Some(v)
                }
            };
            if keep {
                match old {
                    Some(v) => h.value = Some(v),
                    None => missing.push(problem(
                        format!("headers[{i}].value"),
                        DestinationProblemCode::SecretMissing,
                        format!("Give a value for the secret header {}", h.name),
                    )),
                }
            }
        }
        if missing.is_empty() {
            Ok(self)
        } else {
            Err(missing)
        }
    }
}

/// Problems of a journey's Send steps against the workspace's destinations
/// (`kind_of` gives a destination's type, `None` when it does not exist):
/// an unknown destination or an event/list mismatch. They block publishing.
pub fn reference_problems(
    journey: &crate::journey::Journey,
    kind_of: &dyn Fn(&str) -> Option<DestinationType>,
) -> Vec<crate::validation::Problem> {
    use crate::step::{DestinationRef, Step};
    use crate::validation::{Blocks, Problem, ProblemCode};
    let mut out = Vec::new();
    for (id, step) in journey.steps.steps() {
        let Step::SendToDestinations { destinations, .. } = step else {
            continue;
        };
        for (i, r) in destinations.iter().enumerate() {
            let wanted = match r {
                DestinationRef::Event { .. } => DestinationType::Event,
                DestinationRef::List { .. } => DestinationType::List,
            };
            let (code, message) = match kind_of(r.destination_id()) {
                None => (
                    ProblemCode::UnknownDestination,
                    format!(
                        "Destination {} no longer exists; remove it from this step",
                        r.destination_id()
                    ),
                ),
                Some(k) if k != wanted => (
                    ProblemCode::DestinationTypeMismatch,
                    format!(
                        "Destination {} is a{} destination, connected as a{} one",
                        r.destination_id(),
                        if k == DestinationType::Event {
                            "n event"
                        } else {
                            " list"
                        },
                        if wanted == DestinationType::Event {
                            "n event"
                        } else {
                            " list"
                        },
                    ),
                ),
                Some(_) => continue,
            };
            out.push(Problem {
                path: format!("steps.{id}.destinations[{i}]"),
                step: Some(id),
                code,
                message,
                blocks: Blocks::Publish,
            });
        }
    }
    out
}

impl Destination {
    /// The destination as clients see it: secret (and sensitive) header values masked.
    pub fn masked(&self) -> Destination {
        let mut d = self.clone();
        for h in &mut d.spec.headers {
            if h.secret || is_sensitive_header(&h.name) {
                h.value = h.value.as_deref().map(mask_secret);
            }
        }
        d
    }

    /// Whether the event tester may send to it.
    pub fn accepts_test_events(&self) -> bool {
        self.spec.kind == DestinationType::Event
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(url: &str) -> DestinationSpec {
        DestinationSpec {
            name: "Webhook".into(),
            kind: DestinationType::Event,
            enabled: true,
            url: url.into(),
            headers: vec![Header {
                name: "Authorization".into(),
                value: Some("Bearer sk_live_12345678".into()),
                secret: true,
            }],
            timeout_ms: DEFAULT_TIMEOUT_MS,
            batch_size: None,
        }
    }

    #[test]
    fn urls_are_checked() {
        for ok in [
            "http://localhost:8080/x",
            "https://hooks.example.com",
            "http://[::1]:9/a?b#c",
            "HTTPS://Example.com/",
        ] {
            assert_eq!(check_url(ok), Ok(()), "{ok}");
        }
        for bad in [
            "ftp://x",
            "example.com",
            "http://",
            "http:// x",
            "http://h:99999/",
            "http://[::1/",
        ] {
            assert!(check_url(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn problems_name_their_field() {
        let mut s = spec("nope");
        s.name = " ".into();
        s.timeout_ms = 5;
        s.headers.push(Header {
            name: "Bad Name".into(),
            value: Some("a\nb".into()),
            secret: false,
        });
        let paths: Vec<(String, DestinationProblemCode)> = s
            .problems(None)
            .into_iter()
            .map(|p| (p.path, p.code))
            .collect();
        use DestinationProblemCode as C;
        assert_eq!(
            paths,
            vec![
                ("name".into(), C::Required),
                ("url".into(), C::InvalidUrl),
                ("headers[1].name".into(), C::InvalidHeader),
                ("headers[1].value".into(), C::InvalidHeader),
                ("timeout_ms".into(), C::OutOfRange),
            ]
        );
        assert!(spec("https://x.test/h").problems(None).is_empty());
        let mut list = spec("");
        list.kind = DestinationType::List;
        list.batch_size = Some(0);
        assert_eq!(list.problems(None)[0].path, "batch_size");
    }

    #[test]
    fn references_must_exist_and_match_their_type() {
        use crate::step::{CallType, DestinationRef, Step};
        use crate::validation::ProblemCode;
        let spec = crate::samples::cart_abandonment().expect("sample");
        let mut j = crate::Journey::new_draft("j".into(), spec, DateTime::<Utc>::MIN_UTC);
        let (sid, mut s) = j
            .steps
            .steps()
            .find(|(_, s)| matches!(s, Step::SendToDestinations { .. }))
            .map(|(i, s)| (i, s.clone()))
            .expect("send");
        if let Step::SendToDestinations { destinations, .. } = &mut s {
            destinations.push(DestinationRef::Event {
                destination_id: "hook".into(),
                call: CallType::Track,
            });
            destinations.push(DestinationRef::Event {
                destination_id: "ads".into(),
                call: CallType::Track,
            });
            destinations.push(DestinationRef::List {
                destination_id: "gone".into(),
            });
        }
        j.steps.update_definition(sid, s).expect("same shape");
        let kinds = |id: &str| match id {
            "hook" => Some(DestinationType::Event),
            "ads" => Some(DestinationType::List),
            _ => None,
        };
        let p = reference_problems(&j, &kinds);
        let got: Vec<(String, ProblemCode)> = p.into_iter().map(|p| (p.path, p.code)).collect();
        assert_eq!(
            got,
            vec![
                (
                    format!("steps.{sid}.destinations[1]"),
                    ProblemCode::DestinationTypeMismatch
                ),
                (
                    format!("steps.{sid}.destinations[2]"),
                    ProblemCode::UnknownDestination
                ),
            ]
        );
    }

    #[test]
    fn secrets_are_masked_and_kept() {
        assert_eq!(mask_secret("Bearer sk_live_12345678"), "••••5678");
        assert_eq!(mask_secret("short"), "••••");
        let stored = spec("https://x.test");
        let d = Destination {
            id: "d1".into(),
            builtin: None,
            spec: stored.clone(),
            created_at: DateTime::<Utc>::MIN_UTC,
            updated_at: DateTime::<Utc>::MIN_UTC,
        };
        let shown = d.masked();
        assert_eq!(shown.spec.headers[0].value.as_deref(), Some("••••5678"));
        // Sending the masked form or nothing back keeps the secret.
        for sent in [Some("••••5678".to_string()), None] {
            let mut edit = shown.spec.clone();
            edit.headers[0].value = sent;
            edit.headers[0].name = "authorization".into();
            let kept = edit.keep_secrets_of(Some(&stored)).expect("kept");
            assert_eq!(
                kept.headers[0].value.as_deref(),
                Some("Bearer sk_live_12345678")
            );
        }
        // A new value replaces it.
        let mut edit = shown.spec.clone();
        edit.headers[0].value = Some("Bearer new".into());
        let kept = edit.keep_secrets_of(Some(&stored)).expect("kept");
        assert_eq!(kept.headers[0].value.as_deref(), Some("Bearer new"));
        // A new secret without a value is refused.
        let mut new = stored.clone();
        new.headers[0].value = None;
        let err = new.keep_secrets_of(None).expect_err("missing");
        assert_eq!(err[0].path, "headers[0].value");
    }
}
