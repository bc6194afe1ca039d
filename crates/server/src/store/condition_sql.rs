//! A condition as one SQL query over `events` and `profiles`.
//!
//! This is the independent reference for the in-memory estimate engine
//! (tests compare the two) and the SQLite side of `make bench-estimate`.
//! Semantics are those of `docs/events.md`: an event counts if
//! `now - window < ts <= now` and every property filter holds; values
//! compare by JSON type (numbers with numbers, text with text, booleans
//! with booleans); audience `k` means trait `k` is `true` (or `"true"`).

use super::{StoreError, DEFAULT_WORKSPACE};
use cairn_domain::condition::{Comparison, Count, CountOp, EventCondition, Scalar};
use cairn_domain::Condition;
use rusqlite::types::Value as Sql;
use rusqlite::{params_from_iter, Connection};

/// A compiled query: a compound `SELECT profile_id ...` and its parameters.
#[derive(Debug, Clone)]
pub struct SetQuery {
    /// The SQL.
    pub sql: String,
    /// Its positional parameters.
    pub params: Vec<Sql>,
}

fn universe(p: &mut Vec<Sql>) -> String {
    p.push(Sql::Text(DEFAULT_WORKSPACE.into()));
    "SELECT profile_id FROM profiles WHERE workspace_id = ?".into()
}

fn path(name: &str) -> Sql {
    Sql::Text(format!("$.\"{}\"", name.replace('"', "\\\"")))
}

/// A boolean SQL expression: the JSON value at `name` in `col` satisfies `cmp`.
fn compare(col: &str, name: &str, cmp: &Comparison, p: &mut Vec<Sql>) -> String {
    let is_number = |p: &mut Vec<Sql>| {
        p.push(path(name));
        format!("json_type({col}, ?) IN ('integer', 'real')")
    };
    let equals = |v: &Scalar, p: &mut Vec<Sql>| match v {
        Scalar::Bool(b) => {
            p.push(path(name));
            p.push(Sql::Text(if *b { "true" } else { "false" }.into()));
            format!("json_type({col}, ?) = ?")
        }
        Scalar::Number(n) => {
            let t = is_number(p);
            p.push(path(name));
            p.push(Sql::Real(*n));
            format!("({t} AND json_extract({col}, ?) = ?)")
        }
        Scalar::Text(s) => {
            p.push(path(name));
            p.push(path(name));
            p.push(Sql::Text(s.clone()));
            format!("(json_type({col}, ?) = 'text' AND json_extract({col}, ?) = ?)")
        }
    };
    match cmp {
        Comparison::Exists => {
            p.push(path(name));
            format!("COALESCE(json_type({col}, ?), 'null') <> 'null'")
        }
        Comparison::Equals { value } => equals(value, p),
        Comparison::NotEquals { value } => {
            p.push(path(name));
            let exists = format!("COALESCE(json_type({col}, ?), 'null') <> 'null'");
            let eq = equals(value, p);
            format!("({exists} AND NOT {eq})")
        }
        Comparison::Contains { value } => {
            p.push(path(name));
            p.push(path(name));
            p.push(Sql::Text(value.clone()));
            format!("(json_type({col}, ?) = 'text' AND instr(json_extract({col}, ?), ?) > 0)")
        }
        Comparison::GreaterThan { value } | Comparison::LessThan { value } => {
            let op = if matches!(cmp, Comparison::GreaterThan { .. }) {
                ">"
            } else {
                "<"
            };
            let t = is_number(p);
            p.push(path(name));
            p.push(Sql::Real(*value));
            format!("({t} AND json_extract({col}, ?) {op} ?)")
        }
    }
}

fn event_set(e: &EventCondition, now_ms: i64, p: &mut Vec<Sql>) -> String {
    let performed = |p: &mut Vec<Sql>, having: &str, n: u32| {
        let mut sql = String::from(
            "SELECT profile_id FROM events WHERE workspace_id = ? AND event = ? AND ts <= ?",
        );
        p.push(Sql::Text(DEFAULT_WORKSPACE.into()));
        p.push(Sql::Text(e.event.clone()));
        p.push(Sql::Integer(now_ms));
        if let Some(w) = e.within {
            sql.push_str(" AND ts > ?");
            p.push(Sql::Integer(now_ms - (w.as_seconds() as i64) * 1000));
        }
        for f in &e.filters {
            sql.push_str(" AND ");
            sql.push_str(&compare("properties", &f.property, &f.compare, p));
        }
        sql.push_str(&format!(" GROUP BY profile_id HAVING COUNT(*) {having} ?"));
        p.push(Sql::Integer(i64::from(n)));
        sql
    };
    let Count { op, value } = e.count;
    match (op, value) {
        (CountOp::AtLeast, 0) => universe(p),
        (CountOp::AtLeast, n) => performed(p, ">=", n),
        (CountOp::Exactly, 0) | (CountOp::AtMost, _) => {
            let all = universe(p);
            let more = performed(p, ">", value);
            format!("{all} EXCEPT {more}")
        }
        (CountOp::Exactly, n) => performed(p, "=", n),
    }
}

fn audience_members(key: &str, p: &mut Vec<Sql>) -> String {
    let all = universe(p);
    p.push(path(key));
    p.push(path(key));
    p.push(path(key));
    format!(
        "{all} AND (json_type(traits, ?) = 'true' OR (json_type(traits, ?) = 'text' AND json_extract(traits, ?) = 'true'))"
    )
}

fn set(c: &Condition, now_ms: i64, p: &mut Vec<Sql>) -> String {
    match c {
        Condition::Event(e) => event_set(e, now_ms, p),
        Condition::Trait(t) => {
            let all = universe(p);
            let cmp = compare("traits", &t.trait_name, &t.compare, p);
            format!("{all} AND {cmp}")
        }
        Condition::Audience(a) if a.member => audience_members(&a.audience, p),
        Condition::Audience(a) => {
            let all = universe(p);
            let members = audience_members(&a.audience, p);
            format!("{all} EXCEPT {members}")
        }
        Condition::AllOf(g) | Condition::AnyOf(g) => {
            if g.conditions.is_empty() {
                // An empty all-of holds for everyone, an empty any-of for no one.
                let all = universe(p);
                return if matches!(c, Condition::AllOf(_)) {
                    all
                } else {
                    format!("{all} AND 0")
                };
            }
            let op = if matches!(c, Condition::AllOf(_)) {
                " INTERSECT "
            } else {
                " UNION "
            };
            g.conditions
                .iter()
                .map(|m| format!("SELECT profile_id FROM ({})", set(m, now_ms, p)))
                .collect::<Vec<_>>()
                .join(op)
        }
    }
}

/// Compiles `c` evaluated at `now_ms`.
pub fn compile(c: &Condition, now_ms: i64) -> SetQuery {
    let mut params = Vec::new();
    let sql = set(c, now_ms, &mut params);
    SetQuery { sql, params }
}

/// Compiles "matches at `now_ms` and did not match at `before_ms`".
pub fn compile_new(c: &Condition, now_ms: i64, before_ms: i64) -> SetQuery {
    let mut params = Vec::new();
    let now = set(c, now_ms, &mut params);
    let before = set(c, before_ms, &mut params);
    SetQuery {
        sql: format!("SELECT profile_id FROM ({now}) EXCEPT SELECT profile_id FROM ({before})"),
        params,
    }
}

/// How many profiles the query selects.
pub fn count(conn: &Connection, q: &SetQuery) -> Result<u64, StoreError> {
    let sql = format!("SELECT COUNT(*) FROM ({})", q.sql);
    let mut stmt = conn.prepare(&sql)?;
    let n: i64 = stmt.query_row(params_from_iter(q.params.iter()), |r| r.get(0))?;
    Ok(n.max(0) as u64)
}

/// The profile ids the query selects, sorted.
pub fn ids(conn: &Connection, q: &SetQuery) -> Result<Vec<String>, StoreError> {
    let sql = format!("SELECT profile_id FROM ({}) ORDER BY profile_id", q.sql);
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(params_from_iter(q.params.iter()), |r| r.get(0))?;
    Ok(rows.collect::<Result<Vec<String>, _>>()?)
}
