//! A timeline, newest first: changes, system notes, and logged activities (tasks can be
//! ticked done; meetings edited or marked completed; notes, tasks, calls and meetings
//! deleted).
use super::meeting_dialog::MeetingDialog;
use crate::api::records::{delete_activity, edit_meeting, set_task_done};
use crate::domain::activity::{ActivityDetails, ActivityEntry, ActivityForm, MeetingStatus};
use crate::domain::change::time_ago;
use crate::domain::date::Date;
use crate::domain::timeline::TimelineEntry;
use crate::ui::components::shell::Toast;
use crate::ui::dom::now_ms;
use crate::ui::unsaved::spawn_saving;
use leptos::prelude::*;

#[component]
pub fn Timeline(
    entries: Vec<TimelineEntry>,
    /// Called after a task is ticked or an activity deleted.
    #[prop(into)]
    on_changed: Callback<()>,
) -> impl IntoView {
    let now = now_ms();
    let date = |ms: i64| Date::from_unix_ms(ms).to_string();
    if entries.is_empty() {
        return view! { <p class="empty-note">"Nothing has happened here yet. Log a note, task, call or meeting above."</p> }
            .into_any();
    }
    view! {
        <ol class="timeline">
            {entries
                .into_iter()
                .map(|entry| {
                    let meta = format!("{} · {} · {}", entry.who, time_ago(entry.at, now), date(entry.at));
                    let kind = entry.activity.as_ref().map_or("", |a| a.details.kind_key());
                    view! {
                        <li class="timeline-entry" class:timeline-note=entry.note data-kind=kind>
                            {match entry.activity {
                                Some(activity) => view! { <Activity activity on_changed /> }.into_any(),
                                None => view! { <p class="timeline-what">{entry.what}</p> }.into_any(),
                            }}
                            <p class="timeline-meta">{meta}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}

#[component]
fn Activity(activity: ActivityEntry, on_changed: Callback<()>) -> impl IntoView {
    let id = activity.id;
    let headline = activity.headline();
    let body = activity.body();
    let detail = match &activity.details {
        ActivityDetails::Task { due, .. } => {
            let mut parts = Vec::new();
            if let Some(due) = due {
                parts.push(format!("Due {due}"));
            }
            if let Some(name) = &activity.assignee_name {
                parts.push(format!("Assigned to {name}"));
            }
            (!parts.is_empty()).then(|| parts.join(" · "))
        }
        ActivityDetails::Meeting {
            starts,
            ends,
            status,
            ..
        } => Some(format!("{} – {} · {}", starts, ends.time(), status.label())),
        _ => None,
    };
    let task_done = match activity.details {
        ActivityDetails::Task { done, .. } => Some(done),
        _ => None,
    };
    let busy = RwSignal::new(false);
    let run = move |work: std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<(), crate::api::AppError>>>,
    >| {
        busy.set(true);
        spawn_saving(async move {
            if let Err(err) = work.await {
                Toast::error(err.to_string());
            }
            busy.set(false);
            on_changed.run(());
        });
    };
    let deal = activity.deal.clone();
    let meeting = match &activity.details {
        ActivityDetails::Meeting { status, .. } => {
            Some((ActivityForm::of(&activity.details), *status))
        }
        _ => None,
    };
    let editing = RwSignal::new(false);
    view! {
        <div class="activity">
            <p class="timeline-what">
                {task_done
                    .map(|done| {
                        let label = format!("Done: {}", headline.trim_start_matches("Task: "));
                        view! {
                            <input
                                type="checkbox"
                                class="task-done"
                                aria-label=label
                                prop:checked=done
                                disabled=busy
                                on:change=move |ev| run(Box::pin(set_task_done(id, event_target_checked(&ev))))
                            />
                        }
                    })}
                <span class:task-finished=task_done == Some(true)>{headline.clone()}</span>
                {deal
                    .map(|(deal_id, name)| {
                        view! {
                            <span class="activity-deal">
                                " on "
                                <a href=format!("/opportunities/{deal_id}")>{name}</a>
                            </span>
                        }
                    })}
            </p>
            {detail.map(|d| view! { <p class="activity-detail">{d}</p> })}
            {body.map(|b| view! { <p class="activity-body">{b}</p> })}
            <div class="activity-actions">
                {meeting
                    .map(|(form, status)| {
                        let completed = ActivityForm {
                            meeting_status: MeetingStatus::Completed.key().to_string(),
                            ..form.clone()
                        };
                        view! {
                            <button
                                type="button"
                                class="link-button"
                                aria-label=format!("Edit {headline}")
                                aria-haspopup="dialog"
                                disabled=busy
                                on:click=move |_| editing.set(true)
                            >
                                "Edit"
                            </button>
                            {(status != MeetingStatus::Completed)
                                .then(|| {
                                    view! {
                                        <button
                                            type="button"
                                            class="link-button"
                                            aria-label=format!("Mark completed: {headline}")
                                            disabled=busy
                                            on:click=move |_| run(Box::pin(edit_meeting(id, completed.clone())))
                                        >
                                            "Mark completed"
                                        </button>
                                    }
                                })}
                            <MeetingDialog open=editing id start=form on_saved=on_changed />
                        }
                    })}
                <button
                    type="button"
                    class="link-button"
                    aria-label=format!("Delete {}", headline)
                    disabled=busy
                    on:click=move |_| run(Box::pin(delete_activity(id)))
                >
                    "Delete"
                </button>
            </div>
        </div>
    }
}
