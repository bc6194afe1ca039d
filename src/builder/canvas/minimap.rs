//! The minimap: the whole journey small, with the visible part outlined.
//! Pressing or dragging in it moves the view there.

use super::ctx::CanvasCtx;
use super::dom;
use super::layer::{Layer, SVG_NS};
use super::model::minimap_items;
use leptos::prelude::*;
use leptos::svg::G;
use web_sys::PointerEvent;

/// Room around the drawing inside the minimap, in canvas pixels.
const MARGIN: f64 = 80.0;

/// The minimap of the canvas in `ctx`.
#[component]
pub fn Minimap(ctx: CanvasCtx) -> impl IntoView {
    let model = ctx.model;
    // The world rectangle the minimap shows: the drawing plus a margin.
    let bounds = Memo::new(move |_| {
        let (w, h) = model.size.get();
        (-MARGIN, -MARGIN, w + 2.0 * MARGIN, h + 2.0 * MARGIN)
    });
    let view_box = move || {
        let (x, y, w, h) = bounds.get();
        format!("{x} {y} {w} {h}")
    };
    // One rect per node, kept in step by one effect (only what moved is written).
    let rects_ref = NodeRef::<G>::new();
    let rects = StoredValue::new_local(Layer::new("rect", Some(SVG_NS)));
    Effect::new(move |_| {
        let Some(g) = rects_ref.get() else { return };
        model.node_order.with(|order| {
            ctx.state.layout.with(|l| {
                let items = minimap_items(order, l);
                rects.update_value(|layer| layer.update(&g, items));
            })
        });
    });
    let dragging = StoredValue::new(None::<i32>);

    // Centres the view on the world point under the pointer.
    let move_to = move |ev: &PointerEvent| {
        let Some(svg) = dom::closest(ev.target(), ".minimap") else {
            return;
        };
        let (left, top, mw, mh) = dom::client_rect(&svg);
        let (bx, by, bw, bh) = bounds.get_untracked();
        if mw <= 0.0 || mh <= 0.0 || bw <= 0.0 || bh <= 0.0 {
            return;
        }
        // preserveAspectRatio="xMidYMid meet": one scale, centred.
        let s = (mw / bw).min(mh / bh);
        let ox = (mw - bw * s) / 2.0;
        let oy = (mh - bh * s) / 2.0;
        let wx = (f64::from(ev.client_x()) - left - ox) / s + bx;
        let wy = (f64::from(ev.client_y()) - top - oy) / s + by;
        let (cw, ch) = ctx.size();
        ctx.view.update(|v| *v = v.centred_on(wx, wy, cw, ch));
        ctx.fitted.set_value(true);
    };

    let viewport = Memo::new(move |_| {
        let v = ctx.view.get();
        let (cw, ch) = ctx.screen.get();
        v.visible_world(cw, ch)
    });

    view! {
        <svg
            class="minimap"
            viewBox=view_box
            preserveAspectRatio="xMidYMid meet"
            aria-hidden="true"
            on:pointerdown=move |ev: PointerEvent| {
                if ev.button() != 0 {
                    return;
                }
                ev.prevent_default();
                if let Some(svg) = dom::closest(ev.target(), ".minimap") {
                    let _ = svg.set_pointer_capture(ev.pointer_id());
                }
                dragging.set_value(Some(ev.pointer_id()));
                move_to(&ev);
            }
            on:pointermove=move |ev: PointerEvent| {
                if dragging.get_value() == Some(ev.pointer_id()) {
                    move_to(&ev);
                }
            }
            on:pointerup=move |ev: PointerEvent| {
                if dragging.get_value() == Some(ev.pointer_id()) {
                    dragging.set_value(None);
                }
            }
            on:pointercancel=move |_| dragging.set_value(None)
        >
            <rect
                class="minimap-back"
                x=move || bounds.get().0
                y=move || bounds.get().1
                width=move || bounds.get().2
                height=move || bounds.get().3
            ></rect>
            <g class="minimap-nodes" node_ref=rects_ref></g>
            <rect
                class="minimap-viewport"
                x=move || viewport.get().x
                y=move || viewport.get().y
                width=move || viewport.get().width
                height=move || viewport.get().height
            ></rect>
        </svg>
    }
}
