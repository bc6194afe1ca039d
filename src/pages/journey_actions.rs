//! What a journey's **…** menu does, on the list and the overview: clone it
//! (`POST /api/journeys/{id}/clone`, then the clone dialog) and delete it
//! (after a confirmation naming it, `DELETE /api/journeys/{id}`).

use crate::api::{self, Cloned};
use crate::components::clone_dialog::CloneDialog;
use crate::components::row_menu::{RowAction, RowMenu};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

/// The journey an action is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Its id.
    pub id: String,
    /// Its name, as the dialogs name it.
    pub name: String,
    /// Whether it is published (deleting it stops sending).
    pub published: bool,
}

/// The state of the lifecycle actions: which deletion awaits confirmation,
/// the last clone, and the last failure. `Copy`: share it freely.
#[derive(Debug, Clone, Copy)]
pub struct JourneyActions {
    /// The journey whose deletion awaits confirmation.
    pub confirm_delete: RwSignal<Option<Target>>,
    /// The answer of the last clone (its dialog is open).
    pub cloned: RwSignal<Option<Cloned>>,
    /// Why the last action failed.
    pub error: RwSignal<Option<String>>,
    /// Whether a request is under way.
    pub busy: RwSignal<bool>,
}

impl Default for JourneyActions {
    fn default() -> Self {
        Self::new()
    }
}

impl JourneyActions {
    /// No action under way.
    pub fn new() -> JourneyActions {
        JourneyActions {
            confirm_delete: RwSignal::new(None),
            cloned: RwSignal::new(None),
            error: RwSignal::new(None),
            busy: RwSignal::new(false),
        }
    }

    /// Starts `action` on `target`: a clone is requested at once, a delete
    /// asks for confirmation first. `on_cloned` runs after a clone succeeds.
    pub fn run(self, target: Target, action: RowAction, on_cloned: Option<Callback<()>>) {
        self.error.set(None);
        match action {
            RowAction::Delete => self.confirm_delete.set(Some(target)),
            RowAction::Clone => {
                self.busy.set(true);
                spawn_local(async move {
                    let result = api::clone_journey(&target.id).await;
                    self.busy.try_set(false);
                    match result {
                        Ok(cloned) => {
                            self.cloned.try_set(Some(cloned));
                            if let Some(cb) = on_cloned {
                                cb.run(());
                            }
                        }
                        Err(e) => {
                            self.error.try_set(Some(format!(
                                "“{}” could not be cloned: {e}",
                                target.name
                            )));
                        }
                    }
                });
            }
        }
    }

    /// Deletes the journey awaiting confirmation; `on_deleted` gets its id.
    pub fn confirm(self, on_deleted: Option<Callback<String>>) {
        let Some(target) = self.confirm_delete.get_untracked() else {
            return;
        };
        self.busy.set(true);
        spawn_local(async move {
            let result = api::delete_journey(&target.id).await;
            self.busy.try_set(false);
            self.confirm_delete.try_set(None);
            match result {
                Ok(()) => {
                    if let Some(cb) = on_deleted {
                        cb.run(target.id);
                    }
                }
                Err(e) => {
                    self.error
                        .try_set(Some(format!("“{}” could not be deleted: {e}", target.name)));
                }
            }
        });
    }
}

/// The sentence of the delete confirmation for `target`.
pub fn delete_warning(target: &Target) -> String {
    if target.published {
        format!(
            "“{}” is published: deleting it stops sending its data to destinations, and its users leave it. This cannot be undone.",
            target.name
        )
    } else {
        format!(
            "The draft “{}” and its steps will be deleted. This cannot be undone.",
            target.name
        )
    }
}

/// The dialogs and the error line of [`JourneyActions`]: the delete
/// confirmation and the clone dialog.
#[component]
pub fn JourneyActionDialogs(
    /// The actions' state.
    actions: JourneyActions,
    /// Called with a deleted journey's id.
    #[prop(optional, into)]
    on_deleted: Option<Callback<String>>,
) -> impl IntoView {
    view! {
        {move || actions.error.get().map(|e| view! { <p class="action-error" role="alert">{e}</p> })}
        {move || actions.confirm_delete.get().map(|target| {
            let warning = delete_warning(&target);
            view! {
                <div class="modal-backdrop">
                    <div class="modal delete-journey-dialog" role="alertdialog" aria-modal="true" aria-labelledby="delete-journey-heading">
                        <h2 id="delete-journey-heading">{format!("Delete “{}”?", target.name)}</h2>
                        <p class:warning=target.published>{warning}</p>
                        <div class="modal-actions">
                            <button type="button" class="button cancel-delete" on:click=move |_| actions.confirm_delete.set(None)>
                                "Cancel"
                            </button>
                            <button type="button" class="button danger confirm-delete"
                                disabled=move || actions.busy.get()
                                on:click=move |_| actions.confirm(on_deleted)>
                                "Delete journey"
                            </button>
                        </div>
                    </div>
                </div>
            }
        })}
        {move || actions.cloned.get().map(|c| view! {
            <CloneDialog
                copy_name=c.journey.name.clone()
                copy_id=c.journey.id.clone()
                key_changes=c.key_changes.clone()
                on_close=move |()| actions.cloned.set(None)
            />
        })}
    }
}

/// The overview's **…** menu: Open builder, Clone Journey, Delete (then back
/// to the list).
#[component]
pub fn JourneyMenu(
    /// The journey's id.
    #[prop(into)]
    id: String,
    /// Its name.
    #[prop(into)]
    name: String,
    /// Whether it is published.
    published: bool,
) -> impl IntoView {
    let actions = JourneyActions::new();
    let navigate = use_navigate();
    let on_deleted = Callback::new(move |_: String| navigate("/", Default::default()));
    let target = Target {
        id: id.clone(),
        name: name.clone(),
        published,
    };
    let on_action = Callback::new(move |a: RowAction| actions.run(target.clone(), a, None));
    view! {
        <RowMenu name open_href=format!("/journeys/{id}/builder") open_label="Open builder" on_action />
        <JourneyActionDialogs actions on_deleted />
    }
}
