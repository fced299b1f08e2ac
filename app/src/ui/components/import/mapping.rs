//! Mapping the file's columns: each heading with its first values and a field to put
//! them in (suggested from the heading), then what to do with matches, how numbers and
//! dates are written, and `Review import`, which reads every row and writes nothing.
use crate::api::imports::{review_import, ImportChoices, ImportView};
use crate::domain::import::{DateOrder, ImportMode, NumberFormat};
use crate::ui::components::shell::Toast;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn MappingForm(
    view: ImportView,
    /// Set when a choice changes after the last review, until the next review.
    stale: RwSignal<bool>,
    #[prop(into)] on_reviewed: Callback<ImportView>,
) -> impl IntoView {
    let summary = view.summary.clone();
    let id = summary.id;
    let columns = RwSignal::new(
        summary
            .mapping
            .columns
            .iter()
            .map(|t| t.key())
            .collect::<Vec<_>>(),
    );
    let options = summary.options;
    let mode = RwSignal::new(options.mode.key().to_string());
    let number_format = RwSignal::new(options.number_format.key().to_string());
    let date_order = RwSignal::new(options.date_order.key().to_string());
    let blank_clears = RwSignal::new(options.blank_clears);
    let default_pipeline = RwSignal::new(
        options
            .default_pipeline
            .or(view.pipelines.first().map(|p| p.id)),
    );
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let changed = move || stale.set(true);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let choices = ImportChoices {
            columns: columns.get_untracked(),
            mode: mode.get_untracked(),
            number_format: number_format.get_untracked(),
            date_order: date_order.get_untracked(),
            blank_clears: blank_clears.get_untracked(),
            default_pipeline: default_pipeline.get_untracked(),
        };
        pending.set(true);
        error.set(None);
        spawn_local(async move {
            match review_import(id, choices).await {
                Ok(view) => {
                    stale.set(false);
                    on_reviewed.run(view);
                }
                Err(err) => {
                    error.set(Some(err.to_string()));
                    Toast::error("The review could not be made. See the message above the button.");
                }
            }
            pending.set(false);
        });
    };
    let targets = StoredValue::new(view.targets.clone());
    let samples = StoredValue::new(summary.samples.clone());
    let rows = summary
        .headers
        .iter()
        .enumerate()
        .map(|(i, header)| {
            let example: Vec<String> = samples.with_value(|s| {
                s.iter().filter_map(|r| r.get(i)).filter(|c| !c.trim().is_empty()).take(3).cloned().collect()
            });
            let select_id = format!("map-{i}");
            view! {
                <tr>
                    <th scope="row">
                        <label for=select_id.clone()>{header.clone()}</label>
                    </th>
                    <td class="sample-cells">
                        {if example.is_empty() {
                            view! { <span class="muted">"(empty in the first rows)"</span> }.into_any()
                        } else {
                            example.join(" · ").into_any()
                        }}
                    </td>
                    <td>
                        <select
                            id=select_id
                            on:change=move |ev| {
                                let value = event_target_value(&ev);
                                columns.update(|c| c[i] = value);
                                changed();
                            }
                        >
                            {targets
                                .get_value()
                                .into_iter()
                                .map(|(key, label)| {
                                    let selected = columns.with_untracked(|c| c[i] == key);
                                    view! { <option value=key selected=selected>{label}</option> }
                                })
                                .collect_view()}
                        </select>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let radio = move |value: ImportMode| {
        let key = value.key();
        view! {
            <label class="radio">
                <input
                    type="radio"
                    name="mode"
                    value=key
                    prop:checked=move || mode.get() == key
                    on:change=move |_| {
                        mode.set(key.to_string());
                        changed();
                    }
                />
                {value.label()}
            </label>
        }
    };
    view! {
        <form class="card import-mapping" on:submit=submit aria-labelledby="mapping-heading">
            <h2 id="mapping-heading">"Map columns to fields"</h2>
            <p class="field-hint">"Each column's values go into the field you choose. Contacts and companies must already exist; they are found by the key you pick."</p>
            <div class="table-wrap">
                <table class="table mapping-table">
                    <thead>
                        <tr>
                            <th scope="col">"Column in the file"</th>
                            <th scope="col">"First values"</th>
                            <th scope="col">"Import into"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <fieldset class="import-options">
                <legend>"Rows that match a deal by ID or external ID"</legend>
                {ImportMode::ALL.map(radio).collect_view()}
            </fieldset>
            <div class="form-grid">
                <div class="field">
                    <label for="number-format">"Numbers are written like"</label>
                    <select id="number-format" on:change=move |ev| { number_format.set(event_target_value(&ev)); changed(); }>
                        {[NumberFormat::DecimalPoint, NumberFormat::DecimalComma]
                            .map(|f| view! { <option value=f.key() selected=options.number_format == f>{f.label()}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="date-order">"Dates are written"</label>
                    <select id="date-order" on:change=move |ev| { date_order.set(event_target_value(&ev)); changed(); }>
                        {[DateOrder::DayMonth, DateOrder::MonthDay]
                            .map(|d| view! { <option value=d.key() selected=options.date_order == d>{d.label()}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="default-pipeline">"Pipeline for rows that name none"</label>
                    <select
                        id="default-pipeline"
                        on:change=move |ev| {
                            default_pipeline.set(event_target_value(&ev).parse().ok());
                            changed();
                        }
                    >
                        {view
                            .pipelines
                            .iter()
                            .map(|p| {
                                let selected = default_pipeline.get_untracked() == Some(p.id);
                                view! { <option value=p.id.to_string() selected=selected>{p.name.clone()}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
            </div>
            <label class="checkbox">
                <input
                    type="checkbox"
                    prop:checked=move || blank_clears.get()
                    on:change=move |ev| {
                        blank_clears.set(event_target_checked(&ev));
                        changed();
                    }
                />
                "Empty cells clear the field on updated deals (otherwise they keep their value)"
            </label>
            {move || error.get().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <div class="form-actions">
                <button type="submit" class="button button-primary" disabled=pending>
                    {move || if pending.get() { "Reviewing every row…" } else { "Review import" }}
                </button>
                <span class="field-hint">"Nothing is written until you start the import."</span>
            </div>
        </form>
    }
}
