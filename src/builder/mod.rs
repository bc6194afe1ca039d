//! The journey builder and overview: state, canvas, side panel.
//!
//! - [`state`]: the journey being edited, undo/redo, derived layout and problems.
//! - [`canvas`]: the visual canvas (nodes, edges, **+** menus, pan/zoom, minimap, keyboard).
//! - [`panel`]: the side panel that edits the selected step, and the condition builder.
//! - [`dialogs`]: delete confirmation and other modal questions.
//! - [`schema`]: suggestions from the workspace's data for the condition builder.

pub mod canvas;
pub mod details;
pub mod dialogs;
pub mod leave_guard;
pub mod panel;
pub mod persist;
pub mod schema;
pub mod state;
pub mod warnings;
