//! Presentational pieces: they take data and callbacks, and never fetch.

pub mod clone_dialog;
pub mod destination_form;
pub mod destination_list;
pub mod inbox_list;
pub mod journey_list;
pub mod new_journey_form;
pub mod row_menu;
