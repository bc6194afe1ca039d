//! Property and trait values as the index keeps them, and how they compare.
//!
//! Values compare by type: numbers with numbers, text with text (case
//! sensitive), booleans with booleans; there is no coercion (`"100"` is
//! text, not the number 100). `null` is the same as absent.

use cairn_domain::condition::{Comparison, Scalar};
use serde_json::Value;
use std::hash::{Hash, Hasher};

/// A non-null JSON value.
#[derive(Debug, Clone)]
pub enum Val {
    /// `true` / `false`.
    Bool(bool),
    /// A number.
    Num(f64),
    /// Text.
    Text(Box<str>),
    /// An array or object, kept as its JSON text (only `exists` and
    /// `not_equals` can match it).
    Other(Box<str>),
}

impl PartialEq for Val {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Val::Bool(a), Val::Bool(b)) => a == b,
            (Val::Num(a), Val::Num(b)) => a.to_bits() == b.to_bits(),
            (Val::Text(a), Val::Text(b)) | (Val::Other(a), Val::Other(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for Val {}

impl Hash for Val {
    fn hash<H: Hasher>(&self, h: &mut H) {
        match self {
            Val::Bool(b) => (0u8, b).hash(h),
            Val::Num(n) => (1u8, n.to_bits()).hash(h),
            Val::Text(s) => (2u8, s).hash(h),
            Val::Other(s) => (3u8, s).hash(h),
        }
    }
}

impl Val {
    /// The value of a JSON value; `None` for `null`.
    pub fn from_json(v: &Value) -> Option<Val> {
        match v {
            Value::Null => None,
            Value::Bool(b) => Some(Val::Bool(*b)),
            // Normalise -0.0 so that interning treats 0 and -0 as one value.
            Value::Number(n) => n.as_f64().map(|f| Val::Num(if f == 0.0 { 0.0 } else { f })),
            Value::String(s) => Some(Val::Text(s.as_str().into())),
            other => Some(Val::Other(other.to_string().into())),
        }
    }

    /// Back to JSON (for the schema API).
    pub fn to_json(&self) -> Value {
        match self {
            Val::Bool(b) => Value::Bool(*b),
            Val::Num(n) => serde_json::Number::from_f64(*n)
                .map(Value::Number)
                .unwrap_or(Value::Null),
            Val::Text(s) => Value::String(s.to_string()),
            Val::Other(s) => serde_json::from_str(s).unwrap_or(Value::Null),
        }
    }

    /// The JSON type name: `boolean`, `number`, `string`, `array` or `object`.
    pub fn type_name(&self) -> &'static str {
        match self {
            Val::Bool(_) => "boolean",
            Val::Num(_) => "number",
            Val::Text(_) => "string",
            Val::Other(s) if s.starts_with('[') => "array",
            Val::Other(_) => "object",
        }
    }

    fn equals(&self, s: &Scalar) -> bool {
        match (self, s) {
            (Val::Bool(a), Scalar::Bool(b)) => a == b,
            (Val::Num(a), Scalar::Number(b)) => a == b,
            (Val::Text(a), Scalar::Text(b)) => **a == **b,
            _ => false,
        }
    }
}

/// Whether a value (`None`: absent or null) satisfies a comparison.
pub fn matches(cmp: &Comparison, v: Option<&Val>) -> bool {
    let Some(v) = v else {
        return false;
    };
    match cmp {
        Comparison::Exists => true,
        Comparison::Equals { value } => v.equals(value),
        Comparison::NotEquals { value } => !v.equals(value),
        Comparison::Contains { value } => matches!(v, Val::Text(t) if t.contains(value.as_str())),
        Comparison::GreaterThan { value } => matches!(v, Val::Num(n) if n > value),
        Comparison::LessThan { value } => matches!(v, Val::Num(n) if n < value),
    }
}

/// Whether a trait value means audience membership: `true` or `"true"`.
pub fn is_member(v: Option<&Val>) -> bool {
    match v {
        Some(Val::Bool(b)) => *b,
        Some(Val::Text(t)) => &**t == "true",
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn v(j: Value) -> Option<Val> {
        Val::from_json(&j)
    }

    #[test]
    fn comparisons_are_by_type() {
        let eq = |s: Scalar| Comparison::Equals { value: s };
        assert!(matches(&eq(Scalar::Number(100.0)), v(json!(100)).as_ref()));
        assert!(!matches(
            &eq(Scalar::Number(100.0)),
            v(json!("100")).as_ref()
        ));
        assert!(matches(
            &eq(Scalar::Text("a".into())),
            v(json!("a")).as_ref()
        ));
        assert!(!matches(
            &eq(Scalar::Text("A".into())),
            v(json!("a")).as_ref()
        ));
        assert!(matches(&eq(Scalar::Bool(true)), v(json!(true)).as_ref()));
        let ne = Comparison::NotEquals {
            value: Scalar::Text("a".into()),
        };
        assert!(matches(&ne, v(json!("b")).as_ref()));
        assert!(matches(&ne, v(json!(3)).as_ref()));
        assert!(!matches(&ne, v(json!(null)).as_ref()), "null is absent");
        assert!(!matches(&ne, None));
        let gt = Comparison::GreaterThan { value: 10.0 };
        assert!(matches(&gt, v(json!(10.5)).as_ref()));
        assert!(!matches(&gt, v(json!("11")).as_ref()));
        let has = Comparison::Contains {
            value: "ook".into(),
        };
        assert!(matches(&has, v(json!("facebook")).as_ref()));
        assert!(matches(&Comparison::Exists, v(json!([1])).as_ref()));
        assert!(!matches(&Comparison::Exists, v(json!(null)).as_ref()));
    }

    #[test]
    fn membership_is_true_or_the_text_true() {
        assert!(is_member(v(json!(true)).as_ref()));
        assert!(is_member(v(json!("true")).as_ref()));
        assert!(!is_member(v(json!(false)).as_ref()));
        assert!(!is_member(v(json!(1)).as_ref()));
        assert!(!is_member(None));
    }
}
