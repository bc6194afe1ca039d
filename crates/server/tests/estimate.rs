//! The estimate engine against an independent count: the same condition as
//! one SQL query over the stored events (`store::condition_sql`), on the
//! generated sample data, for the seed examples and for random conditions.

use cairn_domain::condition::{
    AudienceCondition, Comparison, ConditionGroup, EventCondition, PropertyFilter, Scalar,
    TraitCondition,
};
use cairn_domain::{samples, Condition, Count, CountOp, Duration, Step, TimeUnit};
use cairn_server::estimate::{self, Engine};
use cairn_server::store::{self, condition_sql, Store};
use proptest::prelude::*;
use rusqlite::Connection;
use std::sync::OnceLock;

/// A fixed "now": 2026-06-01T12:00:00Z.
const NOW: i64 = 1_780_315_200_000;
const PROFILES: usize = 400;

struct Fixture {
    _dir: tempfile::TempDir,
    engine: Engine,
    conn: std::sync::Mutex<Connection>,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().expect("dir");
        let db = dir.path().join("cairn.db");
        let _store = Store::open(&db).expect("opens");
        let engine = Engine::default();
        let loaded = cairn_server::sample_data::load(&db, &engine, PROFILES, NOW, |_| {})
            .expect("sample data loads");
        assert_eq!(loaded.profiles, PROFILES);
        // Some extra profiles with an audience trait, a text number and nulls.
        let mut conn = store::open_connection(&db).expect("conn");
        let extra: Vec<store::EventRow> = (0..30)
            .map(|i| {
                let mut traits = serde_json::Map::new();
                traits.insert(
                    "j_o_vip".into(),
                    if i % 3 == 0 {
                        serde_json::json!(true)
                    } else if i % 3 == 1 {
                        serde_json::json!("true")
                    } else {
                        serde_json::json!(false)
                    },
                );
                traits.insert("Customer Lifetime Value".into(), serde_json::json!("150"));
                traits.insert("orders".into(), serde_json::Value::Null);
                store::EventRow {
                    message_id: format!("extra-{i}"),
                    kind: "identify",
                    profile_id: format!("extra_{i}"),
                    user_id: Some(format!("extra_{i}")),
                    anonymous_id: None,
                    group_id: None,
                    event: None,
                    ts: NOW - 1000,
                    received_at: NOW,
                    properties: Default::default(),
                    traits,
                    context: Default::default(),
                }
            })
            .collect();
        let fresh = store::append(&mut conn, &extra).expect("appends");
        {
            let mut index = engine.write().expect("lock");
            for (r, f) in extra.iter().zip(fresh) {
                if f {
                    index.merge_traits(&r.profile_id, &r.traits);
                }
            }
        }
        // The index rebuilt from SQLite must agree with the one built while loading.
        let rebuilt = Engine::load(&db).expect("reloads");
        let c = Condition::event("Page Viewed", Count::at_least(3));
        assert_eq!(
            ids(&engine, &c, NOW),
            ids(&rebuilt, &c, NOW),
            "loaded and rebuilt indexes differ"
        );
        Fixture {
            _dir: dir,
            engine,
            conn: std::sync::Mutex::new(conn),
        }
    })
}

fn ids(engine: &Engine, c: &Condition, now: i64) -> Vec<String> {
    let index = engine.read().expect("lock");
    let mut out: Vec<String> = index
        .matching(c, now)
        .iter()
        .filter_map(|i| index.profile(i as u32).map(|p| p.id.to_string()))
        .collect();
    out.sort();
    out
}

fn sql_ids(c: &Condition, now: i64) -> Vec<String> {
    let f = fixture();
    let conn = f.conn.lock().expect("lock");
    condition_sql::ids(&conn, &condition_sql::compile(c, now)).expect("sql runs")
}

fn entry_conditions() -> Vec<(String, Condition, bool)> {
    samples::all_examples()
        .expect("examples")
        .into_iter()
        .filter_map(|spec| {
            spec.steps.steps().find_map(|(_, s)| match s {
                Step::EntryCondition {
                    condition,
                    use_historical_data,
                    ..
                } => Some((spec.name.clone(), condition.clone(), *use_historical_data)),
                _ => None,
            })
        })
        .collect()
}

#[test]
fn seed_entry_conditions_match_the_sql_count_and_are_not_empty() {
    let f = fixture();
    let entries = entry_conditions();
    assert_eq!(entries.len(), 5);
    for (name, c, historical) in entries {
        let engine = ids(&f.engine, &c, NOW);
        assert_eq!(engine, sql_ids(&c, NOW), "{name}: {c}");
        let index = f.engine.read().expect("lock");
        let e = estimate::estimate(&index, &c, historical, NOW);
        assert!(e.count > 0, "{name} ({c}) matches no one: {}", e.meaning);
        if historical {
            assert_eq!(e.count as usize, engine.len());
        } else {
            let conn = f.conn.lock().expect("lock");
            let q = condition_sql::compile_new(&c, NOW, NOW - 7 * 86_400_000);
            assert_eq!(
                e.count,
                condition_sql::count(&conn, &q).expect("sql"),
                "{name}"
            );
        }
        assert!(!e.sample.is_empty() && e.sample.len() <= 10);
    }
}

#[test]
fn audience_membership_is_a_true_trait_and_types_do_not_coerce() {
    let f = fixture();
    let member = Condition::Audience(AudienceCondition {
        audience: "j_o_vip".into(),
        member: true,
    });
    assert_eq!(ids(&f.engine, &member, NOW).len(), 20);
    assert_eq!(ids(&f.engine, &member, NOW), sql_ids(&member, NOW));
    let not = Condition::Audience(AudienceCondition {
        audience: "j_o_vip".into(),
        member: false,
    });
    assert_eq!(ids(&f.engine, &not, NOW).len(), PROFILES + 10);
    // "150" is text: not greater than 100.
    let clv = Condition::trait_cmp(
        "Customer Lifetime Value",
        Comparison::GreaterThan { value: 100.0 },
    );
    let matched = ids(&f.engine, &clv, NOW);
    assert!(matched.iter().all(|id| id.starts_with("user_")));
    assert_eq!(matched, sql_ids(&clv, NOW));
    // A null trait is absent.
    let orders = Condition::trait_cmp("orders", Comparison::Exists);
    assert_eq!(ids(&f.engine, &orders, NOW).len(), PROFILES);
}

#[test]
fn windows_end_now_and_zero_times_means_none_in_the_window() {
    let f = fixture();
    let day = Duration::new(1, TimeUnit::Days);
    let none = Condition::event_within("Order Completed", Count::exactly(0), day);
    let some = Condition::event_within("Order Completed", Count::at_least(1), day);
    let a = ids(&f.engine, &none, NOW);
    let b = ids(&f.engine, &some, NOW);
    assert_eq!(a.len() + b.len(), PROFILES + 30);
    // Long before the data, nobody did anything.
    let early = NOW - 400 * 86_400_000;
    assert!(ids(&f.engine, &some, early).is_empty());
    assert_eq!(ids(&f.engine, &none, early).len(), PROFILES + 30);
}

fn known_events() -> Vec<&'static str> {
    vec![
        "Page Viewed",
        "Product Added",
        "Order Completed",
        "Account Created",
        "Tutorial Completed",
        "Trial Started",
        "Subscription Started",
        "Never Happened",
    ]
}

/// A field and values it really has (plus a few of the wrong type).
fn field(
    pool: &'static [(&'static str, &'static [Scalar])],
) -> impl Strategy<Value = (String, Comparison)> {
    prop::sample::select(pool.to_vec()).prop_flat_map(|(name, values)| {
        let value = prop_oneof![
            4 => prop::sample::select(values.to_vec()),
            1 => prop::sample::select(vec![
                Scalar::Text("150".into()),
                Scalar::Text("true".into()),
                Scalar::Number(1.0),
                Scalar::Bool(true),
            ]),
        ];
        let cmp = prop_oneof![
            3 => value.clone().prop_map(|value| Comparison::Equals { value }),
            3 => value.prop_map(|value| Comparison::NotEquals { value }),
            1 => prop::sample::select(vec!["o", "face", "ro", "/", "Ada"])
                .prop_map(|v| Comparison::Contains { value: v.into() }),
            2 => prop::sample::select(vec![0.0, 1.0, 20.0, 50.0, 100.0, 300.0])
                .prop_map(|value| Comparison::GreaterThan { value }),
            2 => prop::sample::select(vec![0.0, 1.0, 2.0, 20.0, 50.0, 100.0, 300.0])
                .prop_map(|value| Comparison::LessThan { value }),
            1 => Just(Comparison::Exists),
        ];
        cmp.prop_map(move |c| (name.to_string(), c))
    })
}

fn t(s: &str) -> Scalar {
    Scalar::Text(s.into())
}

static PROPS: OnceLock<Vec<(&'static str, &'static [Scalar])>> = OnceLock::new();
static TRAITS: OnceLock<Vec<(&'static str, &'static [Scalar])>> = OnceLock::new();

fn leak(v: Vec<Scalar>) -> &'static [Scalar] {
    Box::leak(v.into_boxed_slice())
}

fn props() -> &'static [(&'static str, &'static [Scalar])] {
    PROPS.get_or_init(|| {
        vec![
            (
                "utm_source",
                leak(vec![
                    t("facebook"),
                    t("google"),
                    t("email"),
                    t("newsletter"),
                ]),
            ),
            ("path", leak(vec![t("/"), t("/cart"), t("/pricing")])),
            (
                "plan_type",
                leak(vec![t("free"), t("pro"), t("team"), t("enterprise")]),
            ),
            ("plan", leak(vec![t("pro"), t("team")])),
            ("category", leak(vec![t("Shoes"), t("Bags")])),
            (
                "price",
                leak(vec![Scalar::Number(20.0), Scalar::Number(99.5)]),
            ),
            ("revenue", leak(vec![Scalar::Number(50.0)])),
            (
                "quantity",
                leak(vec![Scalar::Number(1.0), Scalar::Number(2.0)]),
            ),
            ("source", leak(vec![t("ads"), t("organic")])),
            ("missing", leak(vec![t("x")])),
        ]
    })
}

fn traits() -> &'static [(&'static str, &'static [Scalar])] {
    TRAITS.get_or_init(|| {
        vec![
            (
                "plan",
                leak(vec![t("free"), t("pro"), t("team"), t("enterprise")]),
            ),
            (
                "orders",
                leak(vec![
                    Scalar::Number(0.0),
                    Scalar::Number(1.0),
                    Scalar::Number(2.0),
                ]),
            ),
            (
                "Customer Lifetime Value",
                leak(vec![Scalar::Number(0.0), t("150")]),
            ),
            ("name", leak(vec![t("Ada Smith"), t("Ben Chen")])),
            (
                "j_o_vip",
                leak(vec![Scalar::Bool(true), Scalar::Bool(false), t("true")]),
            ),
            ("missing", leak(vec![t("x")])),
        ]
    })
}

fn leaf() -> impl Strategy<Value = Condition> {
    let event = (
        prop::sample::select(known_events()),
        prop::sample::select(vec![CountOp::AtLeast, CountOp::Exactly, CountOp::AtMost]),
        0u32..4,
        prop::option::of((1u32..10, prop::sample::select(TimeUnit::ALL.to_vec()))),
        prop::collection::vec(field(props()), 0..3),
    )
        .prop_map(|(event, op, value, within, filters)| {
            Condition::Event(EventCondition {
                event: event.into(),
                count: Count { op, value },
                within: within.map(|(a, u)| Duration::new(a, u)),
                filters: filters
                    .into_iter()
                    .map(|(property, compare)| PropertyFilter { property, compare })
                    .collect(),
            })
        });
    let trait_leaf = field(traits()).prop_map(|(trait_name, compare)| {
        Condition::Trait(TraitCondition {
            trait_name,
            compare,
        })
    });
    let audience = (
        prop::sample::select(vec!["j_o_vip", "j_o_none"]),
        any::<bool>(),
    )
        .prop_map(|(a, member)| {
            Condition::Audience(AudienceCondition {
                audience: a.into(),
                member,
            })
        });
    prop_oneof![4 => event, 3 => trait_leaf, 1 => audience]
}

fn condition() -> impl Strategy<Value = Condition> {
    leaf().prop_recursive(3, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..4)
                .prop_map(|conditions| Condition::AllOf(ConditionGroup { conditions })),
            prop::collection::vec(inner, 1..4)
                .prop_map(|conditions| Condition::AnyOf(ConditionGroup { conditions })),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn random_conditions_match_the_sql_count(
        c in condition(),
        back in prop::sample::select(vec![0i64, 3_600_000, 86_400_000, 20 * 86_400_000]),
    ) {
        let f = fixture();
        let now = NOW - back;
        prop_assert_eq!(ids(&f.engine, &c, now), sql_ids(&c, now), "{}", c);
    }
}
