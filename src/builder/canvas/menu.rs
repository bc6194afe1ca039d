//! The **+** menu: the five step types a marketer can add on an edge.

use super::ctx::CanvasCtx;
use super::dom;
use super::model::{add_refusal, type_name, EdgeKey};
use cairn_domain::step::StepType;
use leptos::ev;
use leptos::prelude::*;
use web_sys::{Element, KeyboardEvent};

/// Width of the menu in screen pixels (matches `.add-menu` in canvas.css).
const MENU_WIDTH: f64 = 320.0;
/// Height the menu may take, for keeping it inside the canvas.
const MENU_HEIGHT: f64 = 380.0;
/// Gap between the **+** button and the menu.
const MENU_GAP: f64 = 20.0;

/// The open **+** menu for edge `key`. Closes on Escape (handled by the
/// canvas), on a pointer press outside it, and when its edge disappears.
#[component]
pub fn AddMenu(ctx: CanvasCtx, key: EdgeKey) -> impl IntoView {
    let state = ctx.state;
    let menu_ref = NodeRef::<leptos::html::Div>::new();
    let error = RwSignal::new(None::<String>);

    // A press anywhere outside the menu (and outside every + button, which
    // toggle it themselves) closes it. The listener lives as long as the menu.
    let outside = window_event_listener(ev::pointerdown, move |e| {
        if dom::closest(e.target(), ".add-menu, .add-button").is_none() {
            ctx.menu.set(None);
        }
    });
    let outside = StoredValue::new(Some(outside));
    on_cleanup(move || {
        if let Some(Some(handle)) = outside.try_update_value(Option::take) {
            handle.remove();
        }
    });

    // Focus the first item once the menu is in the DOM.
    Effect::new(move |_| {
        if let Some(el) = menu_ref.get() {
            if let Ok(Some(first)) = el.query_selector("[role=menuitem]") {
                dom::focus_without_scroll(&first);
            }
        }
    });

    let position = move || {
        let p = ctx.model.edge(key)?.plus_at.get();
        let v = ctx.view.get();
        let (cw, ch) = ctx.screen.get();
        let mut left = p.x * v.zoom + v.x + MENU_GAP;
        let mut top = p.y * v.zoom + v.y - MENU_GAP;
        if cw > 0.0 {
            if left + MENU_WIDTH > cw - 8.0 {
                // Not enough room on the right: open to the left of the +.
                left = p.x * v.zoom + v.x - MENU_GAP - MENU_WIDTH;
            }
            left = left.min(cw - MENU_WIDTH - 8.0).max(8.0);
        }
        if ch > 0.0 {
            top = top.min(ch - MENU_HEIGHT - 8.0).max(8.0);
        }
        Some(format!("left:{left:.0}px;top:{top:.0}px"))
    };

    // Tracked in the view (the menu follows edits), untracked in handlers.
    let count_and_limit = move || {
        (
            state.content.with(|c| c.steps.limit_count()),
            state.limits.with_value(|l| l.steps_per_journey),
        )
    };
    let reason = move || {
        let (count, limit) = count_and_limit();
        StepType::ADDABLE
            .iter()
            .find_map(|ty| add_refusal(*ty, count, limit))
    };
    let reason_id = format!(
        "add-menu-reason-{}-{}",
        key.0,
        super::model::slot_name(key.1)
    );

    let choose = move |ty: StepType| {
        let (count, limit) = untrack(count_and_limit);
        if add_refusal(ty, count, limit).is_some() {
            return;
        }
        match state.add_step(Some(key), ty) {
            Ok(id) => {
                ctx.menu.set(None);
                ctx.focus_node_later(id);
            }
            Err(e) => error.set(Some(e.to_string())),
        }
    };

    // Up/Down/Home/End move between items; Tab leaves and closes.
    let on_keydown = move |ev: KeyboardEvent| {
        let Some(menu) = menu_ref.get_untracked() else {
            return;
        };
        let items: Vec<Element> = StepType::ADDABLE
            .iter()
            .filter_map(|ty| {
                menu.query_selector(&format!("[data-step-type=\"{}\"]", type_name(*ty)))
                    .ok()
                    .flatten()
            })
            .collect();
        if items.is_empty() {
            return;
        }
        let current = dom::closest(ev.target(), "[role=menuitem]")
            .and_then(|el| items.iter().position(|i| *i == el));
        let next = match ev.key().as_str() {
            "ArrowDown" => Some(current.map_or(0, |i| (i + 1) % items.len())),
            "ArrowUp" => {
                Some(current.map_or(items.len() - 1, |i| (i + items.len() - 1) % items.len()))
            }
            "Home" => Some(0),
            "End" => Some(items.len() - 1),
            "Tab" => {
                ctx.menu.set(None);
                None
            }
            _ => None,
        };
        if let Some(i) = next {
            ev.prevent_default();
            if let Some(el) = items.get(i) {
                dom::focus_without_scroll(el);
            }
        }
    };

    let items = StepType::ADDABLE
        .iter()
        .map(|ty| {
            let ty = *ty;
            let refused = move || {
                let (count, limit) = count_and_limit();
                add_refusal(ty, count, limit).is_some()
            };
            let reason_id = reason_id.clone();
            view! {
                <button
                    type="button"
                    role="menuitem"
                    tabindex="-1"
                    class=format!("add-menu-item type-{}", type_name(ty))
                    data-step-type=type_name(ty)
                    aria-disabled=move || refused().then_some("true")
                    aria-describedby=move || refused().then(|| reason_id.clone())
                    on:click=move |_| choose(ty)
                >
                    <span class="add-menu-icon" aria-hidden="true"></span>
                    <span class="add-menu-text">
                        <span class="add-menu-label">{ty.label()}</span>
                        <span class="add-menu-description">{ty.description()}</span>
                    </span>
                </button>
            }
        })
        .collect_view();

    let label = ctx
        .model
        .edge(key)
        .map(|cells| cells.plus_label.get_untracked())
        .unwrap_or_else(|| "Add a step".into());

    view! {
        <div
            class="add-menu"
            role="menu"
            aria-label=label
            node_ref=menu_ref
            style=position
            on:keydown=on_keydown
        >
            <p class="add-menu-heading" aria-hidden="true">"Add a step"</p>
            {move || {
                reason()
                    .map(|r| {
                        view! {
                            <p class="add-menu-reason" id=reason_id.clone()>
                                {r}
                            </p>
                        }
                    })
            }}
            {items}
            {move || {
                error.get().map(|e| view! { <p class="add-menu-error" role="alert">{e}</p> })
            }}
        </div>
    }
}
