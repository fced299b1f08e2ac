//! Mapping the file's columns: each heading with its first values and a field to put
//! them in (suggested from the heading), then what to do with matches, how numbers and
//! dates are written, and `Review import`, which reads every row and writes nothing.
use super::values::value_choices;
use crate::api::imports::{review_import, ImportChoices, ImportView, ValueChoice};
use crate::domain::import::{DateOrder, ImportMode, NumberFormat};
use crate::ui::components::shell::Toast;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The mapping screen's choices as the page holds them: edited by the mapping form and
/// by the review's value mapping, sent together by every review.
#[derive(Clone, Copy)]
pub struct Choices {
    pub columns: RwSignal<Vec<String>>,
    pub mode: RwSignal<String>,
    pub number_format: RwSignal<String>,
    pub date_order: RwSignal<String>,
    pub blank_clears: RwSignal<bool>,
    pub default_pipeline: RwSignal<Option<i64>>,
    pub create_missing: RwSignal<bool>,
    pub values: RwSignal<Vec<ValueChoice>>,
}

impl Choices {
    /// The import's saved choices, or the suggested ones before its first review.
    pub fn new(view: &ImportView) -> Choices {
        let summary = &view.summary;
        let options = summary.options;
        Choices {
            columns: RwSignal::new(summary.mapping.columns.iter().map(|t| t.key()).collect()),
            mode: RwSignal::new(options.mode.key().to_string()),
            number_format: RwSignal::new(options.number_format.key().to_string()),
            date_order: RwSignal::new(options.date_order.key().to_string()),
            blank_clears: RwSignal::new(options.blank_clears),
            default_pipeline: RwSignal::new(
                options
                    .default_pipeline
                    .or(view.pipelines.first().map(|p| p.id)),
            ),
            create_missing: RwSignal::new(options.create_missing),
            values: RwSignal::new(value_choices(view)),
        }
    }

    pub fn get_untracked(&self) -> ImportChoices {
        ImportChoices {
            columns: self.columns.get_untracked(),
            mode: self.mode.get_untracked(),
            number_format: self.number_format.get_untracked(),
            date_order: self.date_order.get_untracked(),
            blank_clears: self.blank_clears.get_untracked(),
            default_pipeline: self.default_pipeline.get_untracked(),
            create_missing: self.create_missing.get_untracked(),
            values: self.values.get_untracked(),
        }
    }
}

/// A review being asked for: whether it is on its way, and why the last one failed.
#[derive(Clone, Copy)]
pub struct Reviewing {
    pub pending: RwSignal<bool>,
    pub error: RwSignal<Option<String>>,
}

impl Default for Reviewing {
    fn default() -> Reviewing {
        Reviewing {
            pending: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }
}

impl Reviewing {
    /// Reviews import `id` with `choices`; `on_reviewed` gets the import with its review.
    pub fn run(self, id: i64, choices: Choices, on_reviewed: Callback<ImportView>) {
        let choices = choices.get_untracked();
        self.pending.set(true);
        self.error.set(None);
        spawn_local(async move {
            match review_import(id, choices).await {
                Ok(view) => on_reviewed.run(view),
                Err(err) => {
                    self.error.set(Some(err.to_string()));
                    Toast::error("The review could not be made. See the message above the button.");
                }
            }
            self.pending.set(false);
        });
    }
}

#[component]
pub fn MappingForm(
    view: ImportView,
    choices: Choices,
    reviewing: Reviewing,
    /// Set when a choice changes after the last review, until the next review.
    stale: RwSignal<bool>,
    #[prop(into)] on_review: Callback<()>,
) -> impl IntoView {
    let summary = view.summary.clone();
    let Choices {
        columns,
        mode,
        number_format,
        date_order,
        blank_clears,
        default_pipeline,
        create_missing,
        ..
    } = choices;
    let options = summary.options;
    let Reviewing { pending, error } = reviewing;
    let changed = move || stale.set(true);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        on_review.run(());
    };
    let number_evidence = view.detected.number_format.as_ref().map(|e| e.sentence());
    let date_evidence = view.detected.date_order.as_ref().map(|e| e.sentence());
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
    let checkbox = move |on: RwSignal<bool>, label: &'static str| {
        view! {
            <label class="checkbox">
                <input
                    type="checkbox"
                    prop:checked=move || on.get()
                    on:change=move |ev| {
                        on.set(event_target_checked(&ev));
                        changed();
                    }
                />
                {label}
            </label>
        }
    };
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
            <p class="field-hint">"Each column's values go into the field you choose. Contacts and companies are found by their ID, email, name or domain."</p>
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
                    <select id="number-format" aria-describedby=number_evidence.is_some().then_some("number-format-evidence") on:change=move |ev| { number_format.set(event_target_value(&ev)); changed(); }>
                        {[NumberFormat::DecimalPoint, NumberFormat::DecimalComma]
                            .map(|f| view! { <option value=f.key() selected=options.number_format == f>{f.label()}</option> })
                            .collect_view()}
                    </select>
                    {number_evidence.map(|e| view! { <p class="field-hint" id="number-format-evidence">{format!("Detected from the file: {e}")}</p> })}
                </div>
                <div class="field">
                    <label for="date-order">"Dates are written"</label>
                    <select id="date-order" aria-describedby=date_evidence.is_some().then_some("date-order-evidence") on:change=move |ev| { date_order.set(event_target_value(&ev)); changed(); }>
                        {[DateOrder::DayMonth, DateOrder::MonthDay]
                            .map(|d| view! { <option value=d.key() selected=options.date_order == d>{d.label()}</option> })
                            .collect_view()}
                    </select>
                    {date_evidence.map(|e| view! { <p class="field-hint" id="date-order-evidence">{format!("Detected from the file: {e}")}</p> })}
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
            {checkbox(blank_clears, "Empty cells clear the field on updated deals (otherwise they keep their value)")}
            {checkbox(create_missing, "Create missing contacts and companies")}
            <p class="field-hint">"A contact or company the file names by email, name or domain that does not exist yet is created and linked to its deal; a new contact's owner is the deal's owner, else you."</p>
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
