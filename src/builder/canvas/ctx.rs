//! The canvas's view state (kept apart from the journey, which only
//! `BuilderState` changes) and the actions on it.

use super::dom;
use super::model::{slot_name, CanvasModel, EdgeKey, PLUS_RADIUS};
use super::viewport::{pan_to_show, Rect, Viewport};
use crate::builder::state::BuilderState;
use cairn_domain::layout::{NODE_HEIGHT, NODE_WIDTH, ROW_GAP};
use cairn_domain::step::StepId;
use leptos::html::Div;
use leptos::prelude::*;
use web_sys::Element;

/// Everything the canvas's parts share. `Copy`.
#[derive(Clone, Copy)]
pub struct CanvasCtx {
    /// The journey.
    pub state: BuilderState,
    /// Cells per node and edge.
    pub model: CanvasModel,
    /// Pan and zoom.
    pub view: RwSignal<Viewport>,
    /// The canvas element's size on screen (0 × 0 until laid out).
    pub screen: RwSignal<(f64, f64)>,
    /// The edge whose **+** menu is open.
    pub menu: RwSignal<Option<EdgeKey>>,
    /// The `.canvas` element.
    pub canvas: NodeRef<Div>,
    /// Whether the view was fitted once (after that it never moves by itself).
    pub fitted: StoredValue<bool>,
}

impl CanvasCtx {
    /// The canvas element's size on screen: the size last reported by the
    /// resize observer, else measured now (which may force a layout).
    pub fn size(&self) -> (f64, f64) {
        let known = self.screen.get_untracked();
        if known.0 > 0.0 && known.1 > 0.0 {
            known
        } else {
            self.measure()
        }
    }

    /// The canvas element's size, measured now.
    pub fn measure(&self) -> (f64, f64) {
        self.canvas.get_untracked().map_or((0.0, 0.0), |el| {
            (f64::from(el.client_width()), f64::from(el.client_height()))
        })
    }

    /// Fits the whole journey in the canvas.
    pub fn fit(&self) {
        let (cw, ch) = self.size();
        let (w, h) = self.model.size.get_untracked();
        self.view.set(Viewport::fit(w, h, cw, ch));
        self.fitted.set_value(true);
    }

    /// The first view: fitted, or the top of the journey at a readable zoom.
    pub fn open(&self) {
        let (cw, ch) = self.size();
        let (w, h) = self.model.size.get_untracked();
        self.view.set(Viewport::opening(w, h, cw, ch));
        self.fitted.set_value(true);
    }

    /// Zooms one step in (`dir > 0`) or out, around the canvas's centre.
    pub fn zoom_step(&self, dir: i32) {
        let (cw, ch) = self.size();
        self.view
            .update(|v| *v = v.zoomed_at(v.stepped_zoom(dir), cw / 2.0, ch / 2.0));
        self.fitted.set_value(true);
    }

    /// Pans so that the world rectangle `r` is fully visible, if it is not.
    /// Works from the view signal, not the DOM, so calling it twice before
    /// the DOM catches up pans once.
    pub fn show_world_rect(&self, r: Rect) {
        let (cw, ch) = self.size();
        if cw <= 0.0 || ch <= 0.0 {
            return;
        }
        let v = self.view.get_untracked();
        let (dx, dy) = pan_to_show(
            Rect {
                x: r.x * v.zoom + v.x,
                y: r.y * v.zoom + v.y,
                width: r.width * v.zoom,
                height: r.height * v.zoom,
            },
            cw,
            ch,
        );
        if dx != 0.0 || dy != 0.0 {
            self.view.set(v.panned(dx, dy));
        }
    }

    /// The world rectangle of step `id`'s node.
    fn node_rect(&self, id: StepId) -> Option<Rect> {
        let at = self
            .state
            .layout
            .with_untracked(|l| l.nodes.get(&id).copied())?;
        Some(Rect {
            x: at.x,
            y: at.y,
            width: NODE_WIDTH,
            height: NODE_HEIGHT,
        })
    }

    /// Pans so that the node of step `id` is fully visible.
    pub fn show_node(&self, id: StepId) {
        if let Some(r) = self.node_rect(id) {
            self.show_world_rect(r);
        }
    }

    /// Pans to the node of step `id` if its centre is off-screen (a step
    /// selected from elsewhere, such as a list of problems).
    pub fn reveal_node(&self, id: StepId) {
        let Some(r) = self.node_rect(id) else { return };
        // The node, the + below it and room for the floating Save / Publish
        // bar, so that the next step can be added without panning by hand.
        let r = Rect {
            height: r.height + ROW_GAP + 72.0,
            ..r
        };
        let (cw, ch) = self.size();
        let v = self.view.get_untracked();
        let left = r.x * v.zoom + v.x;
        let top = r.y * v.zoom + v.y;
        let right = left + r.width * v.zoom;
        let bottom = top + r.height * v.zoom;
        let hidden = left < 0.0 || top < 0.0 || right > cw || bottom > ch;
        if cw > 0.0 && ch > 0.0 && hidden {
            self.show_world_rect(r);
        }
    }

    /// Pans so that the **+** button of edge `key` is visible.
    pub fn show_plus(&self, key: EdgeKey) {
        if let Some(cells) = self.model.edge(key) {
            let p = cells.plus_at.get_untracked();
            self.show_world_rect(Rect {
                x: p.x - PLUS_RADIUS,
                y: p.y - PLUS_RADIUS,
                width: 2.0 * PLUS_RADIUS,
                height: 2.0 * PLUS_RADIUS,
            });
        }
    }

    /// The node element of step `id`, if drawn.
    pub fn node_element(&self, id: StepId) -> Option<Element> {
        let canvas = self.canvas.try_get_untracked().flatten()?;
        canvas
            .query_selector(&format!(".node[data-step-id=\"{id}\"]"))
            .ok()
            .flatten()
    }

    /// Focuses the node of step `id` and pans to show it.
    pub fn focus_node(&self, id: StepId) {
        if let Some(el) = self.node_element(id) {
            dom::focus_without_scroll(&el);
            self.show_node(id);
        }
    }

    /// Focuses the node of step `id` once it is drawn (after an add).
    pub fn focus_node_later(&self, id: StepId) {
        let ctx = *self;
        leptos::task::spawn_local(async move {
            leptos::task::tick().await;
            // The canvas may have gone meanwhile.
            if !ctx.view.is_disposed() {
                ctx.focus_node(id);
            }
        });
    }

    /// Closes the **+** menu; with `refocus`, focus returns to its **+** button.
    pub fn close_menu(&self, refocus: bool) {
        let Some((from, slot)) = self.menu.get_untracked() else {
            return;
        };
        self.menu.set(None);
        if !refocus {
            return;
        }
        let button = self.canvas.get_untracked().and_then(|c| {
            c.query_selector(&format!(
                ".add-button[data-from=\"{from}\"][data-slot=\"{}\"]",
                slot_name(slot)
            ))
            .ok()
            .flatten()
        });
        if let Some(b) = button {
            dom::focus_without_scroll(&b);
        }
    }
}
