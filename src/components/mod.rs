//! Presentational pieces: they take data and callbacks, and never fetch.

pub mod journey_list;
pub mod new_journey_form;
