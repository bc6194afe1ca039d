//! The **…** menu of a journey (a list row or the overview's header): Open,
//! Clone Journey and Delete. Presentational: it says which item was chosen.

use leptos::prelude::*;

/// What a journey's **…** menu can ask for (Open is a plain link).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowAction {
    /// Copy the journey into a new draft.
    Clone,
    /// Delete the journey (after a confirmation).
    Delete,
}

/// A "…" button opening a menu with `open_label` (a link to `open_href`),
/// "Clone Journey" and "Delete".
#[component]
pub fn RowMenu(
    /// The journey's name, for the button's label ("Actions for <name>").
    #[prop(into)]
    name: String,
    /// Where "Open" leads.
    #[prop(into)]
    open_href: String,
    /// The first item's text ("Open", "Open builder").
    #[prop(into, default = "Open".to_string())]
    open_label: String,
    /// Called with the chosen action.
    #[prop(into)]
    on_action: Callback<RowAction>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let root = NodeRef::<leptos::html::Div>::new();
    // A click anywhere outside the menu closes it.
    let outside = window_event_listener(leptos::ev::click, move |ev| {
        if !open.get_untracked() {
            return;
        }
        let target = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Node>(t).ok());
        let inside = root
            .get_untracked()
            .is_some_and(|r| r.contains(target.as_ref()));
        if !inside {
            open.set(false);
        }
    });
    on_cleanup(move || outside.remove());
    let choose = move |action: RowAction| {
        open.set(false);
        on_action.run(action);
    };
    // The menu's items, and which of them has the focus.
    let items = move || -> Vec<web_sys::HtmlElement> {
        let Some(r) = root.get_untracked() else {
            return Vec::new();
        };
        let Ok(list) = r.query_selector_all("[role=menuitem]") else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(n).ok())
            .collect()
    };
    let focus_item = move |step: i32| {
        let all = items();
        if all.is_empty() {
            return;
        }
        let active = document().active_element();
        let at = all.iter().position(|el| {
            active
                .as_ref()
                .is_some_and(|a| a == el.as_ref() as &web_sys::Element)
        });
        let n = all.len() as i32;
        let next = match at {
            Some(i) => (i as i32 + step).rem_euclid(n),
            None if step < 0 => n - 1,
            None => 0,
        };
        let _ = all[next as usize].focus();
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if !open.get_untracked() {
            return;
        }
        match ev.key().as_str() {
            "Escape" => {
                ev.prevent_default();
                open.set(false);
            }
            "ArrowDown" => {
                ev.prevent_default();
                focus_item(1);
            }
            "ArrowUp" => {
                ev.prevent_default();
                focus_item(-1);
            }
            _ => {}
        }
    };
    view! {
        <div class="row-menu" node_ref=root on:keydown=on_keydown>
            <button
                type="button"
                class="button icon row-menu-button"
                aria-label=format!("Actions for {name}")
                aria-haspopup="menu"
                aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)
            >
                "…"
            </button>
            <Show when=move || open.get()>
                <ul class="row-menu-items" role="menu">
                    <li role="none">
                        <a role="menuitem" class="row-menu-item" href=open_href.clone()>
                            {open_label.clone()}
                        </a>
                    </li>
                    <li role="none">
                        <button
                            type="button"
                            role="menuitem"
                            class="row-menu-item clone-journey"
                            on:click=move |_| choose(RowAction::Clone)
                        >
                            "Clone Journey"
                        </button>
                    </li>
                    <li role="none">
                        <button
                            type="button"
                            role="menuitem"
                            class="row-menu-item danger delete-journey"
                            on:click=move |_| choose(RowAction::Delete)
                        >
                            "Delete"
                        </button>
                    </li>
                </ul>
            </Show>
        </div>
    }
}
