//! The dialog shown after cloning: the copy's new Send step keys, old → new,
//! copyable, and why downstream destinations must switch to them.

use crate::clipboard::{copy_text, CopyState};
use cairn_domain::clone::KeyChange;
use leptos::prelude::*;

/// The text the Copy button copies: one `old_key → new_key` line per Send step.
pub fn key_changes_text(changes: &[KeyChange]) -> String {
    changes
        .iter()
        .map(|c| format!("{} → {}", c.old_key, c.new_key))
        .collect::<Vec<_>>()
        .join("\n")
}

/// "Journey cloned": the copy's name, its key changes and a link to its builder.
#[component]
pub fn CloneDialog(
    /// The copy's name.
    #[prop(into)]
    copy_name: String,
    /// The copy's id (the link opens its builder).
    #[prop(into)]
    copy_id: String,
    /// Old → new key of each Send step.
    key_changes: Vec<KeyChange>,
    /// Called when the dialog is closed without opening the copy.
    #[prop(into)]
    on_close: Callback<()>,
) -> impl IntoView {
    let text = key_changes_text(&key_changes);
    let has_keys = !key_changes.is_empty();
    let copy = RwSignal::new(CopyState::Idle);
    let area = NodeRef::<leptos::html::Textarea>::new();
    let on_copy = {
        let text = text.clone();
        move |_| {
            let text = text.clone();
            leptos::task::spawn_local(async move {
                if copy_text(text).await {
                    copy.try_set(CopyState::Copied);
                } else {
                    // No Clipboard API (an insecure page) or refused: select the lines for Ctrl+C.
                    copy.try_set(CopyState::Failed);
                    if let Some(a) = area.try_get_untracked().flatten() {
                        a.select();
                    }
                }
            });
        }
    };
    let rows = key_changes
        .into_iter()
        .map(|c| {
            view! {
                <tr class="key-change" data-step-id=c.step.0>
                    <th scope="row">{c.step_name.clone()}</th>
                    <td><code class="old-key">{c.old_key.to_string()}</code></td>
                    <td aria-hidden="true">"→"</td>
                    <td><code class="new-key">{c.new_key.to_string()}</code></td>
                </tr>
            }
        })
        .collect_view();
    let builder_href = format!("/journeys/{copy_id}/builder");
    view! {
        <div class="modal-backdrop">
            <div class="modal clone-dialog" role="dialog" aria-modal="true" aria-labelledby="clone-heading">
                <h2 id="clone-heading">"Journey cloned"</h2>
                <p>{format!("“{copy_name}” is a new draft with the same steps.")}</p>
                {if has_keys {
                    view! {
                        <p class="warning">
                            "Every Send step of the copy has a new key. Downstream destinations that reference the old keys must be updated to the new ones, or they will not recognise the copy's data."
                        </p>
                        <table class="key-changes" aria-label="Key changes">
                            <thead>
                                <tr>
                                    <th scope="col">"Step"</th>
                                    <th scope="col">"Old key"</th>
                                    <th scope="col"><span class="visually-hidden">"to"</span></th>
                                    <th scope="col">"New key"</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                        <label class="visually-hidden" for="key-changes-text">"Key changes as text"</label>
                        <textarea id="key-changes-text" class="key-changes-text" readonly rows="3" node_ref=area>
                            {text.clone()}
                        </textarea>
                        <div class="copy-row">
                            <button type="button" class="button copy-key-changes" on:click=on_copy>
                                "Copy"
                            </button>
                            <span class="copy-status" role="status">
                                {move || match copy.get() {
                                    CopyState::Idle => "",
                                    CopyState::Copied => "Copied",
                                    CopyState::Failed => "Press Ctrl+C to copy the selected lines",
                                }}
                            </span>
                        </div>
                    }
                        .into_any()
                } else {
                    view! { <p>"It has no Send steps, so no keys changed."</p> }.into_any()
                }}
                <div class="modal-actions">
                    <button type="button" class="button close-clone" on:click=move |_| on_close.run(())>
                        "Close"
                    </button>
                    <a class="button primary open-copy" href=builder_href>
                        "Open the copy's builder"
                    </a>
                </div>
            </div>
        </div>
    }
}
