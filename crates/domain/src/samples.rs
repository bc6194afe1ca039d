//! The five example journeys of the seeds (Segment's Journeys use cases),
//! built with the graph operations. `make run` seeds them; tests and
//! benchmarks use them too.
//!
//! Their Send steps have fixed keys (so seeding is deterministic) and no
//! destinations yet: connecting destinations is the marketer's job.

use crate::condition::{Comparison, Condition, Count, Duration, PropertyFilter, Scalar, TimeUnit};
use crate::graph::{GraphError, JourneyGraph};
use crate::journey::JourneySpec;
use crate::key::StepKey;
use crate::limits::Limits;
use crate::step::{NamedBranch, Slot, Step, StepId};

fn days(n: u32) -> Duration {
    Duration::new(n, TimeUnit::Days)
}

fn hours(n: u32) -> Duration {
    Duration::new(n, TimeUnit::Hours)
}

fn entry(name: &str, condition: Condition, historical: bool) -> Step {
    Step::EntryCondition {
        name: name.into(),
        condition,
        use_historical_data: historical,
        next: None,
    }
}

fn wait(d: Duration) -> Step {
    Step::WaitForDuration {
        duration: d,
        next: None,
    }
}

fn split(name: &str, condition: Condition) -> Step {
    Step::TrueFalseSplit {
        name: name.into(),
        condition,
        true_branch: NamedBranch {
            name: "True".into(),
            next: None,
        },
        false_branch: NamedBranch {
            name: "False".into(),
            next: None,
        },
    }
}

fn send(name: &str, key: &str) -> Result<Step, GraphError> {
    // Keys here are literals in the right alphabet; a bad one is a programming error caught by tests.
    let key = StepKey::parse(key).map_err(|_| GraphError::EntryPlacement)?;
    Ok(Step::new_send(name, key))
}

fn all(conditions: Vec<Condition>) -> Condition {
    Condition::AllOf(crate::condition::ConditionGroup { conditions })
}

fn with_filter(
    event: &str,
    count: Count,
    within: Option<Duration>,
    prop: &str,
    value: &str,
) -> Condition {
    Condition::Event(crate::condition::EventCondition {
        event: event.into(),
        count,
        within,
        filters: vec![PropertyFilter {
            property: prop.into(),
            compare: Comparison::Equals {
                value: Scalar::Text(value.into()),
            },
        }],
    })
}

struct Builder {
    graph: JourneyGraph,
    limits: Limits,
}

impl Builder {
    fn new(first: Step) -> Result<(Self, StepId), GraphError> {
        let mut graph = JourneyGraph::new();
        let limits = Limits::default();
        let id = graph.add_step(None, first, &limits)?;
        Ok((Builder { graph, limits }, id))
    }

    fn then(&mut self, after: StepId, slot: Slot, step: Step) -> Result<StepId, GraphError> {
        self.graph.add_step(Some((after, slot)), step, &self.limits)
    }

    fn spec(self, name: &str, description: &str) -> JourneySpec {
        JourneySpec {
            format_version: Default::default(),
            name: name.into(),
            description: description.into(),
            steps: self.graph,
        }
    }
}

/// Cart abandonment (e-commerce).
pub fn cart_abandonment() -> Result<JourneySpec, GraphError> {
    let (mut b, e) = Builder::new(entry(
        "Cart abandoners",
        all(vec![
            Condition::event_within("Product Added", Count::at_least(1), days(1)),
            Condition::event_within("Order Completed", Count::exactly(0), days(1)),
        ]),
        true,
    ))?;
    let w1 = b.then(e, Slot::Next, wait(hours(1)))?;
    let s1 = b.then(
        w1,
        Slot::Next,
        send(
            "Retarget cart abandoners",
            "j_o_cart_abandonment__retarget_cart_abandoners_k3x9qa",
        )?,
    )?;
    let w2 = b.then(s1, Slot::Next, wait(days(1)))?;
    let sp = b.then(
        w2,
        Slot::Next,
        split(
            "Clicked the ad",
            with_filter(
                "Page Viewed",
                Count::at_least(1),
                Some(days(1)),
                "utm_source",
                "facebook",
            ),
        ),
    )?;
    b.then(
        sp,
        Slot::True,
        send(
            "Engaged with ad",
            "j_o_cart_abandonment__engaged_with_ad_p7m2zd",
        )?,
    )?;
    b.then(
        sp,
        Slot::False,
        send(
            "Did not engage",
            "j_o_cart_abandonment__did_not_engage_w4c8rn",
        )?,
    )?;
    Ok(b.spec(
        "Cart abandonment",
        "Win back users who added to cart but did not order, optimising ad spend by engagement.",
    ))
}

/// Low recency purchase winback (e-commerce).
pub fn low_recency_winback() -> Result<JourneySpec, GraphError> {
    let (mut b, e) = Builder::new(entry(
        "Low recency purchasers",
        Condition::event_within("Order Completed", Count::exactly(0), days(180)),
        true,
    ))?;
    let sp = b.then(
        e,
        Slot::Next,
        split(
            "High lifetime value",
            Condition::trait_cmp(
                "Customer Lifetime Value",
                Comparison::GreaterThan { value: 100.0 },
            ),
        ),
    )?;
    let t = b.then(
        sp,
        Slot::True,
        send(
            "High value winback",
            "j_o_low_recency_winback__high_value_winback_b5n1te",
        )?,
    )?;
    b.then(
        sp,
        Slot::False,
        send(
            "Low value winback",
            "j_o_low_recency_winback__low_value_winback_h8d3ys",
        )?,
    )?;
    let w = b.then(t, Slot::Next, wait(days(1)))?;
    let wc = b.then(
        w,
        Slot::Next,
        Step::WaitForCondition {
            name: "Visited from campaign".into(),
            condition: with_filter(
                "Page Viewed",
                Count::at_least(1),
                Some(days(1)),
                "utm_source",
                "email",
            ),
            next: None,
        },
    )?;
    b.then(
        wc,
        Slot::Next,
        send(
            "Offer discount",
            "j_o_low_recency_winback__offer_discount_q2v6lu",
        )?,
    )?;
    Ok(b.spec(
        "Low recency purchase winback",
        "Drive returning purchases based on intent and lifetime value.",
    ))
}

/// Trial to paid conversion (B2B).
pub fn trial_to_paid() -> Result<JourneySpec, GraphError> {
    let (mut b, e) = Builder::new(entry(
        "Trial started",
        all(vec![
            Condition::event("Trial Started", Count::at_least(1)),
            Condition::event("Subscription Started", Count::exactly(0)),
        ]),
        true,
    ))?;
    let w = b.then(e, Slot::Next, wait(days(5)))?;
    let sp = b.then(
        w,
        Slot::Next,
        split(
            "Subscribed",
            Condition::event("Subscription Started", Count::at_least(1)),
        ),
    )?;
    b.then(
        sp,
        Slot::True,
        send(
            "Converted to paid",
            "j_o_trial_to_paid__converted_to_paid_f9k4wr",
        )?,
    )?;
    b.then(
        sp,
        Slot::False,
        send("Still on trial", "j_o_trial_to_paid__still_on_trial_m1x7gc")?,
    )?;
    Ok(b.spec(
        "Trial to paid conversion",
        "Convert trial accounts to paid with owned and paid media.",
    ))
}

/// Onboarding flow (B2B).
pub fn onboarding() -> Result<JourneySpec, GraphError> {
    let (mut b, e) = Builder::new(entry(
        "Account created",
        Condition::event("Account Created", Count::at_least(1)),
        false,
    ))?;
    let w = b.then(e, Slot::Next, wait(hours(1)))?;
    let sp = b.then(
        w,
        Slot::Next,
        split(
            "Finished tutorial",
            Condition::event("Tutorial Completed", Count::at_least(1)),
        ),
    )?;
    b.then(
        sp,
        Slot::True,
        send("Onboarded", "j_o_onboarding_flow__onboarded_t6p2ja")?,
    )?;
    b.then(
        sp,
        Slot::False,
        send("Needs a nudge", "j_o_onboarding_flow__needs_a_nudge_z3r8ve")?,
    )?;
    Ok(b.spec(
        "Onboarding flow",
        "Keep new users engaged through onboarding.",
    ))
}

/// Paid subscription acquisition (media).
pub fn paid_subscription() -> Result<JourneySpec, GraphError> {
    let (mut b, e) = Builder::new(entry(
        "Free trial",
        with_filter(
            "Subscription Started",
            Count::at_least(1),
            None,
            "plan_type",
            "free",
        ),
        true,
    ))?;
    let w1 = b.then(e, Slot::Next, wait(hours(1)))?;
    let s1 = b.then(
        w1,
        Slot::Next,
        send(
            "Welcome to the trial",
            "j_o_paid_subscription__welcome_to_the_trial_c4h9no",
        )?,
    )?;
    let w2 = b.then(s1, Slot::Next, wait(days(7)))?;
    let sp = b.then(
        w2,
        Slot::Next,
        split(
            "Upgraded to paid",
            with_filter(
                "Subscription Started",
                Count::at_least(1),
                None,
                "plan_type",
                "paid",
            ),
        ),
    )?;
    b.then(
        sp,
        Slot::True,
        send(
            "Paid subscribers",
            "j_o_paid_subscription__paid_subscribers_g5w1kd",
        )?,
    )?;
    b.then(
        sp,
        Slot::False,
        send(
            "Trial not converted",
            "j_o_paid_subscription__trial_not_converted_y8j3ub",
        )?,
    )?;
    Ok(b.spec(
        "Paid subscription acquisition",
        "Convert free trial subscriptions to paid ones.",
    ))
}

/// All five examples, in the seeds' order.
pub fn all_examples() -> Result<Vec<JourneySpec>, GraphError> {
    Ok(vec![
        cart_abandonment()?,
        low_recency_winback()?,
        trial_to_paid()?,
        onboarding()?,
        paid_subscription()?,
    ])
}

/// A synthetic journey of exactly `steps` steps for benchmarks and canvas
/// tests: a chain of waits and true/false splits whose false branches end in
/// Send steps, like the seed examples but longer. It ignores the step limit.
pub fn synthetic(steps: usize) -> JourneySpec {
    let limits = Limits {
        steps_per_journey: u32::MAX,
        ..Limits::default()
    };
    let mut graph = JourneyGraph::new();
    let add = |graph: &mut JourneyGraph, at: Option<(StepId, Slot)>, step: Step| {
        graph.add_step(at, step, &limits).ok()
    };
    let Some(mut tip) = add(
        &mut graph,
        None,
        entry(
            "Cart abandoners",
            all(vec![
                Condition::event_within("Product Added", Count::at_least(1), days(1)),
                Condition::event_within("Order Completed", Count::exactly(0), days(1)),
            ]),
            true,
        ),
    ) else {
        return JourneySpec {
            format_version: Default::default(),
            name: "Synthetic".into(),
            description: String::new(),
            steps: graph,
        };
    };
    let mut tip_slot = Slot::Next;
    let mut i = 1usize;
    while graph.len() < steps {
        let step = match i % 3 {
            0 => wait(hours(1 + (i % 23) as u32)),
            1 => split(
                &format!("Engaged {i}"),
                with_filter(
                    "Page Viewed",
                    Count::at_least(1),
                    Some(days(1)),
                    "utm_source",
                    "email",
                ),
            ),
            _ => Step::WaitForCondition {
                name: format!("Opened email {i}"),
                condition: Condition::event_within("Email Opened", Count::at_least(1), days(2)),
                next: None,
            },
        };
        let is_split = matches!(step, Step::TrueFalseSplit { .. });
        let Some(id) = add(&mut graph, Some((tip, tip_slot)), step) else {
            break;
        };
        tip = id;
        tip_slot = Slot::Next;
        if is_split {
            tip_slot = Slot::True;
            if graph.len() < steps {
                let key = format!("j_o_synthetic__send_{i}_x{:05}", i % 100_000);
                if let Ok(k) = StepKey::parse(key) {
                    let _ = add(
                        &mut graph,
                        Some((id, Slot::False)),
                        Step::new_send(format!("Send {i}"), k),
                    );
                }
            }
        }
        i += 1;
    }
    JourneySpec {
        format_version: Default::default(),
        name: format!("Synthetic {steps}"),
        description: "Generated for benchmarks.".into(),
        steps: graph,
    }
}
