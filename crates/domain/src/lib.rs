//! Cairn's journey domain: the model, its rules and its layout.
//!
//! Pure Rust: no web, IO or async dependencies. The app (compiled to
//! WebAssembly) and the server both call these functions, so every rule is
//! written once.
//!
//! - [`journey`]: the journey, its status and its versioned JSON format.
//! - [`step`] and [`condition`]: what a journey is made of.
//! - [`graph`]: the tree of steps and the operations that edit it.
//! - [`validation`], [`limits`]: every problem, with a path to the field.
//! - [`edit`], [`publish`], [`clone`]: the lifecycle rules.
//! - [`lint`]: the seeds' best practices as warnings ([`exclusive`]: which
//!   conditions cannot both hold).
//! - [`key`]: Send-step keys. [`layout`]: positions for the canvas.
//! - [`destination`]: destinations and their settings; [`payload`]: what
//!   they receive (Segment track/identify calls, list batches).

pub mod clone;
pub mod condition;
pub mod destination;
pub mod edit;
pub mod exclusive;
pub mod graph;
pub mod journey;
pub mod key;
pub mod layout;
pub mod limits;
pub mod lint;
pub mod payload;
pub mod publish;
pub mod samples;
pub mod step;
pub mod summary;
mod tagged;
pub mod validation;

pub use condition::{Condition, Count, CountOp, Duration, TimeUnit};
pub use graph::{GraphError, JourneyGraph, Removal, RemoveMode};
pub use journey::{Journey, JourneySpec, Status};
pub use key::StepKey;
pub use limits::Limits;
pub use lint::{lints, Lint, LintCode};
pub use step::{DestinationRef, Slot, Step, StepId, StepType};
pub use validation::{validate, Blocks, Problem, ProblemCode};
