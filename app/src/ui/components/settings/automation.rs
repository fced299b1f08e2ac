//! The workspace's time zone and the limits workflows run within, on the settings screen.
use super::NumberSetting;
use crate::api::settings::save_workflow_settings;
use crate::api::AppError;
use crate::domain::settings::{WorkflowSettings, DEPTH_LIMITS, HOURLY_ENTRIES, LOG_DAYS};
use crate::ui::components::forms::FormError;
use crate::ui::components::shell::Toast;
use crate::ui::unsaved::spawn_saving;
use leptos::prelude::*;

const FIELDS: [&str; 4] = ["time_zone", "depth_limit", "hourly_entries", "log_days"];

/// The `Time zone and automation` card: the saved settings and the zones to pick from.
#[component]
pub fn AutomationForm(current: WorkflowSettings, zones: Vec<String>) -> impl IntoView {
    let zone = RwSignal::new(current.time_zone.clone());
    let depth = RwSignal::new(current.depth_limit.to_string());
    let hourly = RwSignal::new(current.hourly_entries.to_string());
    let days = RwSignal::new(current.log_days.to_string());
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        pending.set(true);
        let typed = (
            zone.get_untracked(),
            depth.get_untracked(),
            hourly.get_untracked(),
            days.get_untracked(),
        );
        spawn_saving(async move {
            match save_workflow_settings(typed.0, typed.1, typed.2, typed.3).await {
                Ok(saved) => {
                    zone.set(saved.time_zone);
                    depth.set(saved.depth_limit.to_string());
                    hourly.set(saved.hourly_entries.to_string());
                    days.set(saved.log_days.to_string());
                    error.set(None);
                    Toast::success("Time zone and automation saved.");
                }
                Err(err) => error.set(Some(err)),
            }
            pending.set(false);
        });
    };
    let field_error = move |field: &'static str| {
        Signal::derive(move || error.get().and_then(|e| e.for_field(field)))
    };
    let zone_error = field_error("time_zone");
    view! {
        <form class="card form settings-form" on:submit=submit>
            <h2>"Time zone and automation"</h2>
            <FormError errors=error.into() fields=&FIELDS />
            <div class="field">
                <label for="time-zone">"Time zone"</label>
                <select
                    id="time-zone"
                    on:change=move |ev| zone.set(event_target_value(&ev))
                    aria-invalid=move || zone_error.with(Option::is_some).then_some("true")
                    aria-describedby="time-zone-hint"
                >
                    {zone_choices(zones, &current.time_zone)
                        .into_iter()
                        .map(|name| {
                            let selected = name == current.time_zone;
                            let value = name.clone();
                            view! { <option value=value selected=selected>{name}</option> }
                        })
                        .collect_view()}
                </select>
                <p class="hint" id="time-zone-hint">
                    "Workflows read dates and times of day in this zone, summer time included: a wait until 09:00 ends at 09:00 here."
                </p>
                {move || zone_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            <fieldset>
                <legend>"Automation"</legend>
                <NumberSetting
                    id="depth-limit"
                    label="Loop guard: workflow chain depth"
                    hint="When one workflow's changes start another, and that one a third, the chain stops at this depth; the run log says so."
                    range=DEPTH_LIMITS
                    value=depth
                    error=field_error("depth_limit")
                />
                <NumberSetting
                    id="hourly-entries"
                    label="Times a record may enter one workflow per hour"
                    hint="Entries beyond this within an hour are turned away and written in the run log, so records changing each other cannot loop for ever."
                    range=HOURLY_ENTRIES
                    value=hourly
                    error=field_error("hourly_entries")
                />
                <NumberSetting
                    id="log-days"
                    label="Keep run history for (days)"
                    hint="Runs that ended longer ago than this are deleted with their step log."
                    range=LOG_DAYS
                    value=days
                    error=field_error("log_days")
                />
            </fieldset>
            <button type="submit" class="button button-primary settings-save" disabled=pending>
                "Save time zone and automation"
            </button>
        </form>
    }
}

/// The zones to pick from, with the saved one kept even if the database no longer
/// lists it, so saving the form never changes the zone unasked.
fn zone_choices(mut zones: Vec<String>, saved: &str) -> Vec<String> {
    if !zones.iter().any(|z| z == saved) {
        zones.insert(0, saved.to_string());
    }
    zones
}
