//! The builder's state, shared by its canvas, picker and side panel: the draft as edited,
//! what stops it from being published, what is selected, and whether the side panel
//! holds changes not yet saved. Every edit saves the whole draft, as `Save Action` does.
use super::canvas::Node;
use crate::api::workflows::{load_workflow, save_workflow_draft, WorkflowDetail};
use crate::api::AppError;
use crate::domain::account::UserId;
use crate::domain::board::Pipeline;
use crate::domain::workflow::listing::WorkflowSummary;
use crate::domain::workflow::merge::CustomFieldKeys;
use crate::domain::workflow::validate::Problem;
use crate::domain::workflow::Definition;
use crate::ui::components::shell::Toast;
use crate::ui::unsaved::spawn_saving;
use leptos::prelude::*;

/// The names the builder offers and shows: pipelines with their stages, active users,
/// custom field keys.
#[derive(Debug, Clone, PartialEq)]
pub struct Workspace {
    pub pipelines: Vec<Pipeline>,
    pub users: Vec<(UserId, String)>,
    pub keys: CustomFieldKeys,
    /// The admin editing, whom new steps name where they need a user.
    pub me: UserId,
    /// The workspace time zone and loop-guard limits.
    pub settings: crate::domain::settings::WorkflowSettings,
}

#[derive(Clone, Copy)]
pub struct Builder {
    pub id: i64,
    pub draft: RwSignal<Definition>,
    /// The published version, whose step keys new steps never reuse.
    pub published: StoredValue<Option<Definition>>,
    pub summary: RwSignal<WorkflowSummary>,
    pub problems: RwSignal<Vec<Problem>>,
    /// Worth a look before publishing, not stopping it.
    pub warnings: RwSignal<Vec<Problem>>,
    pub selected: RwSignal<Option<Node>>,
    /// The side panel has edits not saved with `Save Action`.
    pub unsaved: RwSignal<bool>,
    pub saving: RwSignal<bool>,
    pub workspace: StoredValue<Workspace>,
    /// How many versions were ever published.
    pub versions: RwSignal<usize>,
}

impl Builder {
    pub fn new(detail: WorkflowDetail, me: UserId) -> Builder {
        let WorkflowDetail {
            workflow,
            versions,
            problems,
            warnings,
            pipelines,
            users,
            keys,
            settings,
        } = detail;
        Builder {
            id: workflow.summary.id.0,
            draft: RwSignal::new(workflow.draft),
            published: StoredValue::new(workflow.published),
            summary: RwSignal::new(workflow.summary),
            problems: RwSignal::new(problems),
            warnings: RwSignal::new(warnings),
            selected: RwSignal::new(None),
            unsaved: RwSignal::new(false),
            saving: RwSignal::new(false),
            workspace: StoredValue::new(Workspace {
                pipelines,
                users,
                keys,
                me,
                settings,
            }),
            versions: RwSignal::new(versions.len()),
        }
    }

    /// Reads the workflow again (after publishing or deactivating) and shows it as it
    /// is now, without drawing the builder anew.
    pub async fn refresh(self) {
        match load_workflow(self.id).await {
            Ok(detail) => {
                self.published.set_value(detail.workflow.published);
                self.draft.set(detail.workflow.draft);
                self.summary.set(detail.workflow.summary);
                self.problems.set(detail.problems);
                self.warnings.set(detail.warnings);
                self.versions.set(detail.versions.len());
            }
            Err(err) => Toast::error(err.to_string()),
        }
    }

    pub fn provide(self) {
        provide_context(self);
    }

    pub fn expect() -> Builder {
        expect_context::<Builder>()
    }

    /// Whether the person may leave the side panel's step: true when nothing is unsaved,
    /// or they agree to lose it.
    pub fn may_leave_panel(self) -> bool {
        if !self.unsaved.get_untracked() {
            return true;
        }
        let agreed = confirm_discard();
        if agreed {
            self.unsaved.set(false);
        }
        agreed
    }

    /// Keeps `unsaved` true while the side panel's `edited` copy differs from what was
    /// last saved (`original`), until the panel closes.
    pub fn track_unsaved<T: PartialEq + Send + Sync + 'static>(
        self,
        edited: RwSignal<T>,
        original: StoredValue<T>,
    ) {
        Effect::new(move |_| {
            let changed = edited.with(|e| original.with_value(|o| e != o));
            self.unsaved.try_set(changed);
        });
        on_cleanup(move || {
            self.unsaved.try_set(false);
        });
    }

    /// Selects a node for the side panel, once unsaved changes of the current one are
    /// saved or given up.
    pub fn select(self, node: Node) {
        if self.selected.get_untracked() != Some(node) && self.may_leave_panel() {
            self.selected.set(Some(node));
        }
    }

    /// Saves `next` as the draft and shows it; `done` hears whether the server took it
    /// (a refusal names each problem at its field, and the draft stays as it was).
    pub fn save(self, next: Definition, done: impl FnOnce(Result<(), AppError>) + 'static) {
        self.saving.set(true);
        spawn_saving(async move {
            match save_workflow_draft(self.id, next.clone()).await {
                Ok(saved) => {
                    self.draft.set(next);
                    self.summary.set(saved.summary);
                    self.problems.set(saved.before_publishing);
                    self.warnings.set(saved.warnings);
                    done(Ok(()));
                }
                Err(err) => {
                    if !matches!(err, AppError::InvalidFields(_) | AppError::Invalid { .. }) {
                        Toast::error(err.to_string());
                    }
                    done(Err(err));
                }
            }
            self.saving.set(false);
        });
    }

    /// Applies a change of the tree made on the canvas (insert, move, duplicate,
    /// delete) and saves it; a refusal is said in a toast and changes nothing.
    pub fn edit(self, change: impl FnOnce(&mut Definition) -> bool, then: impl FnOnce() + 'static) {
        let mut next = self.draft.get_untracked();
        if !change(&mut next) {
            return;
        }
        self.save(next, move |outcome| match outcome {
            Ok(()) => then(),
            Err(err) => Toast::error(err.to_string()),
        });
    }
}

fn confirm_discard() -> bool {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| {
                w.confirm_with_message(
                    "This step has changes you have not saved with Save Action. Discard them?",
                )
                .ok()
            })
            .unwrap_or(false)
    }
    #[cfg(not(feature = "hydrate"))]
    false
}
