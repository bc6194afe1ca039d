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
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && open.get_untracked() {
            ev.prevent_default();
            open.set(false);
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
