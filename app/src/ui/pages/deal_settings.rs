//! `/settings/opportunities` (admins): the lost reasons people pick from, `Allow multiple
//! opportunities per contact`, `Sync contact and opportunity owner`, how many days an
//! ended import keeps its file and its undo; then the workspace's time zone and the
//! limits workflows run within.
use crate::api::settings::{load_settings_screen, save_deal_settings, SettingsScreen};
use crate::api::AppError;
use crate::domain::account::Role;
use crate::domain::import::file::MAX_KEEP_DAYS;
use crate::domain::settings::DealSettings;
use crate::ui::components::forms::FormError;
use crate::ui::components::settings::{AutomationForm, NumberSetting};
use crate::ui::components::shell::{Permitted, Toast};
use crate::ui::unsaved::spawn_saving;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DealSettingsPage() -> impl IntoView {
    view! {
        <Title text="Opportunity settings" />
        <Permitted
            allowed=Role::can_manage_users
            title="Opportunity settings"
            reason="Only admins change lost reasons, the duplicate and owner rules, how long import files are kept, the time zone and the automation limits. Ask an admin of your workspace for a change here."
        >
            <DealSettingsScreen />
        </Permitted>
    }
}

#[component]
fn DealSettingsScreen() -> impl IntoView {
    // One server function for both cards. The server builds `Permitted`'s children twice
    // and the browser hydrates from the first build's resources; a fetcher that called a
    // second server function after an await ran it once that build was dropped, without
    // the session (Not signed in), and the page failed to hydrate.
    let settings = Resource::new(|| (), |_| load_settings_screen());
    view! {
        <header class="page-header">
            <h1>"Opportunity settings"</h1>
            <p class="lead">"How deals are closed and who may hold them, and the clock and limits workflows run by, for the whole workspace."</p>
        </header>
        <Transition fallback=|| view! { <div class="skeleton" aria-busy="true"></div> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok(SettingsScreen { deals, workflows, time_zones }) => {
                        view! {
                            <SettingsForm current=deals />
                            <AutomationForm current=workflows zones=time_zones />
                        }
                            .into_any()
                    }
                    Err(err) => view! { <p class="form-error" role="alert">{err.to_string()}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn SettingsForm(current: DealSettings) -> impl IntoView {
    let reasons = RwSignal::new(current.lost_reasons.join("\n"));
    let allow = RwSignal::new(current.allow_multiple_opportunities_per_contact);
    let sync = RwSignal::new(current.sync_contact_owner);
    let file_days = RwSignal::new(current.import_file_days.to_string());
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        pending.set(true);
        let (text, allow, sync_owner, days) = (
            reasons.get_untracked(),
            allow.get_untracked(),
            sync.get_untracked(),
            file_days.get_untracked(),
        );
        spawn_saving(async move {
            match save_deal_settings(text, allow, sync_owner, Some(days)).await {
                Ok(saved) => {
                    reasons.set(saved.lost_reasons.join("\n"));
                    file_days.set(saved.import_file_days.to_string());
                    error.set(None);
                    Toast::success("Settings saved.");
                }
                Err(err) => error.set(Some(err)),
            }
            pending.set(false);
        });
    };
    let reasons_error =
        Signal::derive(move || error.get().and_then(|e| e.for_field("lost_reasons")));
    let days_error =
        Signal::derive(move || error.get().and_then(|e| e.for_field("import_file_days")));
    view! {
        <form class="card form settings-form" on:submit=submit>
            <FormError errors=error.into() fields=&["lost_reasons", "import_file_days"] />
            <div class="field">
                <label for="lost-reasons-list">"Lost reasons"</label>
                <textarea
                    id="lost-reasons-list"
                    rows="8"
                    prop:value=reasons
                    on:input=move |ev| reasons.set(event_target_value(&ev))
                    aria-invalid=move || reasons_error.with(Option::is_some).then_some("true")
                    aria-describedby="lost-reasons-hint"
                ></textarea>
                <p class="hint" id="lost-reasons-hint">
                    "One per line, in the order people see them when a deal is lost. They can still type a reason of their own."
                </p>
                {move || reasons_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
            </div>
            {toggle(
                allow,
                "allow-multiple",
                "Allow multiple opportunities per contact",
                "Off: a contact has at most one deal in each pipeline, however the deal is created.",
            )}
            {toggle(
                sync,
                "sync-owner",
                "Sync contact and opportunity owner",
                "On: giving a deal an owner also makes them the owner of its primary contact.",
            )}
            <NumberSetting
                id="import-file-days"
                label="Keep import files (days)"
                hint="After an import ends, its uploaded file, its failed rows and Undo import stay available this many days; then the file is deleted."
                range=1..=MAX_KEEP_DAYS
                value=file_days
                error=days_error
            />
            <button type="submit" class="button button-primary settings-save" disabled=pending>"Save settings"</button>
        </form>
    }
}

/// A setting switched on or off, with what it means beneath it.
fn toggle(
    on: RwSignal<bool>,
    id: &'static str,
    label: &'static str,
    hint: &'static str,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field">
            <label class="checkbox">
                <input
                    type="checkbox"
                    aria-describedby=hint_id.clone()
                    prop:checked=on
                    on:change=move |ev| on.set(event_target_checked(&ev))
                />
                <span>{label}</span>
            </label>
            <p class="hint" id=hint_id>{hint}</p>
        </div>
    }
}
