//! One module per route; pages own fetching and hand data to components.

pub mod builder;
pub mod destinations;
pub mod edit_destinations;
pub mod inbox;
pub mod journey_actions;
pub mod journey_settings;
pub mod journeys;
pub mod lazy;
pub mod loading;
pub mod not_found;
pub mod overview;
pub mod publish;
pub mod settings;
