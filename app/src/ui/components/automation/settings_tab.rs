//! The Settings tab: the workflow's name, description and `Allow re-entry` (saved to
//! the draft, published with it), and the workspace settings every workflow runs by:
//! its time zone and the loop guard's limits.
use super::state::Builder;
use crate::api::AppError;
use leptos::prelude::*;

#[component]
pub fn SettingsTab() -> impl IntoView {
    let builder = Builder::expect();
    let draft = builder.draft.get_untracked();
    let name = RwSignal::new(draft.name.clone());
    let description = RwSignal::new(draft.description.clone());
    let reentry = RwSignal::new(draft.settings.allow_reentry);
    let error = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    let changed = move || {
        builder.draft.with(|d| {
            d.name != name.get()
                || d.description != description.get()
                || d.settings.allow_reentry != reentry.get()
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut next = builder.draft.get_untracked();
        next.name = name.get_untracked().trim().to_string();
        next.description = description.get_untracked().trim().to_string();
        next.settings.allow_reentry = reentry.get_untracked();
        if next.name.is_empty() {
            error.set(Some(AppError::invalid(
                "name",
                "Give the automation a name.",
            )));
            return;
        }
        error.set(None);
        saved.set(false);
        builder.save(next, move |outcome| match outcome {
            Ok(()) => {
                saved.try_set(true);
            }
            Err(err) => {
                error.try_set(Some(err));
            }
        });
    };
    let field_error = move |field: &'static str| {
        move || {
            error
                .get()
                .and_then(|e| e.for_field(field))
                .map(|m| view! { <p class="field-error">{m}</p> })
        }
    };
    let other_error = move || {
        error
            .get()
            .filter(|e| e.for_field("name").is_none() && e.for_field("description").is_none())
            .map(|e| view! { <p class="form-error" role="alert">{e.to_string()}</p> })
    };
    let settings = builder.workspace.with_value(|w| w.settings.clone());
    view! {
        <div class="settings-tab">
            <section class="card" aria-labelledby="workflow-settings-title">
                <h2 id="workflow-settings-title">"This workflow"</h2>
                <form class="form" on:submit=submit novalidate=true>
                    <div class="field">
                        <label for="workflow-setting-name">"Name"</label>
                        <input id="workflow-setting-name" type="text" prop:value=name on:input=move |ev| name.set(event_target_value(&ev)) />
                        {field_error("name")}
                    </div>
                    <div class="field">
                        <label for="workflow-setting-description">"Description"</label>
                        <textarea
                            id="workflow-setting-description"
                            rows="3"
                            prop:value=description
                            on:input=move |ev| description.set(event_target_value(&ev))
                            aria-describedby="workflow-setting-description-hint"
                        ></textarea>
                        <p class="hint" id="workflow-setting-description-hint">"What it is for, for the next admin. Add to workflow shows it too."</p>
                        {field_error("description")}
                    </div>
                    <label class="checkbox">
                        <input
                            type="checkbox"
                            prop:checked=reentry
                            on:change=move |ev| reentry.set(event_target_checked(&ev))
                            aria-describedby="workflow-setting-reentry-hint"
                        />
                        "Allow re-entry"
                    </label>
                    <p class="hint" id="workflow-setting-reentry-hint">"Off: a record that has entered this workflow once is never enrolled again. On: it can enter again after its run ends, up to the hourly limit below."</p>
                    {other_error}
                    <div class="form-actions">
                        <button type="submit" class="button button-primary" disabled=move || !changed() || builder.saving.get()>"Save settings"</button>
                        {move || saved.get().then(|| view! { <span class="form-success" role="status">"Saved to the draft. Publish changes to make them run."</span> })}
                    </div>
                </form>
            </section>
            <section class="card" aria-labelledby="workspace-rules-title">
                <h2 id="workspace-rules-title">"Rules every workflow runs by"</h2>
                <dl class="rule-facts">
                    <div><dt>"Time zone"</dt><dd>{settings.time_zone.clone()}</dd></div>
                    <div><dt>"Loop guard: workflows in a chain"</dt><dd>{format!("At most {} workflows setting each other off; the next one is stopped.", settings.depth_limit)}</dd></div>
                    <div><dt>"Loop guard: entries an hour"</dt><dd>{format!("A record enters one workflow at most {} times an hour.", settings.hourly_entries)}</dd></div>
                    <div><dt>"Run history kept"</dt><dd>{format!("{} days", settings.log_days)}</dd></div>
                </dl>
                <p class="hint">"Waits and times of day use this time zone. An admin changes these for the whole workspace in "<a href="/settings/opportunities">"Settings"</a>"."</p>
            </section>
        </div>
    }
}
