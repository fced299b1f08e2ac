//! What a person typed into a field when their save met a newer version of the record:
//! kept across the reload that shows the record's current state, so the field can show
//! the current value with their own input beside it.
use leptos::prelude::*;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptEdit {
    /// The field's server name (`source`, `custom:seats`).
    pub field: String,
    /// What the person had typed or picked.
    pub mine: String,
    /// Who changed the record meanwhile, and what to do.
    pub message: String,
}

/// Held by a profile page above its loader, so it outlives the reloaded record's view.
#[derive(Debug, Clone, Copy)]
pub struct KeptEdits(RwSignal<Option<KeptEdit>>);

impl KeptEdits {
    /// Makes a place for kept edits under the calling component.
    pub fn provide() {
        provide_context(KeptEdits(RwSignal::new(None)));
    }

    pub fn keep(self, edit: KeptEdit) {
        self.0.set(Some(edit));
    }

    /// The edit kept for `field`, taken out so it is shown once.
    pub fn take(self, field: &str) -> Option<KeptEdit> {
        let mine = self
            .0
            .with_untracked(|kept| kept.as_ref().is_some_and(|k| k.field == field));
        if !mine {
            return None;
        }
        let mut taken = None;
        self.0.update_untracked(|kept| taken = kept.take());
        taken
    }
}
