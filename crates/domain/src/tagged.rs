//! JSON for the tagged enums (`Step`, `Condition`) that keeps error paths.
//!
//! The format writes them internally tagged (`{"type": "event", ...}`).
//! serde's own internally tagged deserializer buffers the object and loses
//! the path to a bad field inside it, so these enums derive an externally
//! tagged form with `#[serde(remote = "Self")]` and convert at the JSON
//! boundary, tracking the path with `serde_path_to_error`. A nested error
//! carries its path inside the message (behind [`MARK`]) so each level can
//! prefix its own part.

use serde::de::{DeserializeOwned, Error as _};
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use serde_path_to_error::{Path, Segment, Track};

/// Marks the start and end of a path carried in an error message.
const MARK: char = '\u{1}';

/// Renders a tracked path as `a.b[2].c`, without enum variant names.
pub(crate) fn render(path: &Path) -> String {
    let mut out = String::new();
    for segment in path {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Segment::Enum { .. } => {}
            Segment::Unknown => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push('?');
            }
        }
    }
    out
}

/// Joins an outer path and an inner one.
pub(crate) fn join(outer: &str, inner: &str) -> String {
    match (outer.is_empty(), inner.is_empty()) {
        (true, _) => inner.to_string(),
        (_, true) => outer.to_string(),
        _ if inner.starts_with('[') => format!("{outer}{inner}"),
        _ => format!("{outer}.{inner}"),
    }
}

/// Splits a message into the path it carries (if any) and the message proper.
pub(crate) fn split(message: &str) -> (&str, &str) {
    if let Some(rest) = message.strip_prefix(MARK) {
        if let Some(end) = rest.find(MARK) {
            return (&rest[..end], &rest[end + MARK.len_utf8()..]);
        }
    }
    ("", message)
}

fn marked(path: &str, message: &str) -> String {
    format!("{MARK}{path}{MARK}{message}")
}

/// Strips serde_json's " at line L column C" from a data error's message.
pub(crate) fn clean(e: &serde_json::Error) -> String {
    let message = e.to_string();
    match message.rfind(" at line ") {
        Some(i) if e.is_data() => message[..i].to_string(),
        _ => message,
    }
}

/// Serializes an externally tagged value (as `T::serialize` writes it) internally tagged.
pub(crate) fn serialize<S: Serializer>(
    external: Result<Value, serde_json::Error>,
    tag: &str,
    s: S,
) -> Result<S::Ok, S::Error> {
    let external = external.map_err(S::Error::custom)?;
    match external {
        Value::Object(outer) if outer.len() == 1 => {
            let Some((variant, Value::Object(fields))) = outer.into_iter().next() else {
                return Err(S::Error::custom("tagged variant without fields"));
            };
            let mut m = Map::with_capacity(fields.len() + 1);
            m.insert(tag.to_string(), Value::String(variant));
            m.extend(fields);
            Value::Object(m).serialize(s)
        }
        _ => Err(S::Error::custom("expected a struct variant")),
    }
}

/// Deserializes an internally tagged object through `inherent`, the derived
/// externally tagged deserializer, keeping the path of any error.
pub(crate) fn deserialize<'de, D, T>(
    d: D,
    tag: &str,
    inherent: impl FnOnce(
        serde_path_to_error::Deserializer<'_, '_, Value>,
    ) -> Result<T, serde_json::Error>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    let mut fields = Map::<String, Value>::deserialize(d)?;
    let variant = match fields.remove(tag) {
        Some(Value::String(s)) => s,
        Some(_) => return Err(D::Error::custom(marked(tag, "must be a string"))),
        None => return Err(D::Error::missing_field(leak(tag))),
    };
    let external = Value::Object(Map::from_iter([(variant, Value::Object(fields))]));
    let mut track = Track::new();
    let result = inherent(serde_path_to_error::Deserializer::new(external, &mut track));
    result.map_err(|e| {
        let outer = render(&track.path());
        let message = clean(&e);
        let (inner, message) = split(&message);
        D::Error::custom(marked(&join(&outer, inner), message))
    })
}

fn leak(tag: &str) -> &'static str {
    match tag {
        "type" => "type",
        "op" => "op",
        _ => "tag",
    }
}

/// Parses `json` as `T`, returning the path to the first bad field and what is wrong.
pub(crate) fn parse_with_path<T: DeserializeOwned>(json: &[u8]) -> Result<T, (String, String)> {
    let de = &mut serde_json::Deserializer::from_slice(json);
    let result: Result<T, _> = serde_path_to_error::deserialize(de);
    let value = result.map_err(|e| {
        let outer = render(e.path());
        let message = clean(e.inner());
        let (inner, message) = split(&message);
        (join(&outer, inner), message.to_string())
    })?;
    Ok(value)
}
