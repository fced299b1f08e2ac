//! The review's values that match nothing: for each pipeline, stage, status, owner or
//! select column, the distinct values the workspace does not know, each with a choice
//! of what it stands for (the most alike preselected) or to leave its rows to fail.
use super::mapping::Choices;
use crate::api::imports::ValueChoice;
use crate::domain::currency::group_thousands;
use crate::domain::import::tally::UnmatchedColumn;
use crate::domain::import::ImportReview;
use leptos::prelude::*;

/// What the review's value choices start as: each listed value's rule, else the name most
/// like it; rules for values not listed stay as they are.
pub fn preselected(review: &ImportReview, rules: &[ValueChoice]) -> Vec<ValueChoice> {
    let listed = |rule: &ValueChoice| {
        review
            .unmatched
            .iter()
            .any(|c| c.target == rule.target && c.values.iter().any(|v| v.value == rule.from))
    };
    let mut chosen: Vec<ValueChoice> = rules.iter().filter(|r| !listed(r)).cloned().collect();
    for column in &review.unmatched {
        for value in &column.values {
            if let Some(to) = value.mapped_to.as_ref().or(value.suggestion.as_ref()) {
                chosen.push(ValueChoice {
                    target: column.target.clone(),
                    from: value.value.clone(),
                    to: to.clone(),
                });
            }
        }
    }
    chosen
}

/// What a value is mapped to in `chosen` ("" when its rows are left to fail).
fn chosen_for(chosen: &[ValueChoice], target: &str, from: &str) -> String {
    chosen
        .iter()
        .find(|c| c.target == target && c.from == from)
        .map(|c| c.to.clone())
        .unwrap_or_default()
}

fn column_table(
    column: UnmatchedColumn,
    index: usize,
    choices: Choices,
    stale: RwSignal<bool>,
) -> impl IntoView {
    let heading = format!("{} ({})", column.header, column.field);
    let known = StoredValue::new(column.known.clone());
    let target = column.target.clone();
    let rows = column
        .values
        .into_iter()
        .enumerate()
        .map(|(i, value)| {
            let select_id = format!("value-{index}-{i}");
            let (target, from) = (target.clone(), value.value.clone());
            let current = choices
                .values
                .with_untracked(|chosen| chosen_for(chosen, &target, &from));
            let choose = move |ev| {
                let to = event_target_value(&ev);
                choices.values.update(|chosen| {
                    chosen.retain(|c| !(c.target == target && c.from == from));
                    if !to.is_empty() {
                        chosen.push(ValueChoice {
                            target: target.clone(),
                            from: from.clone(),
                            to,
                        });
                    }
                });
                stale.set(true);
            };
            view! {
                <tr>
                    <th scope="row"><label for=select_id.clone()>{value.value.clone()}</label></th>
                    <td class="cell-number">{group_thousands(value.rows)}</td>
                    <td>
                        <select id=select_id on:change=choose>
                            <option value="" selected=current.is_empty()>"Leave these rows to fail"</option>
                            {known
                                .get_value()
                                .into_iter()
                                .map(|name| {
                                    let selected = name == current;
                                    view! { <option value=name.clone() selected=selected>{name.clone()}</option> }
                                })
                                .collect_view()}
                        </select>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="review-samples">
            <h3>{heading}</h3>
            <div class="table-wrap">
                <table class="table mapping-table">
                    <thead>
                        <tr>
                            <th scope="col">"Value in the file"</th>
                            <th scope="col">"Rows"</th>
                            <th scope="col">"Read it as"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {(column.more_values > 0)
                .then(|| {
                    view! {
                        <p class="field-hint">
                            {format!("{} more values match nothing; fix them in the file.", group_thousands(column.more_values))}
                        </p>
                    }
                })}
        </section>
    }
}

/// The values that match nothing, and `Review again with these values`.
#[component]
pub fn ValueMapping(
    unmatched: Vec<UnmatchedColumn>,
    choices: Choices,
    stale: RwSignal<bool>,
    pending: RwSignal<bool>,
    #[prop(into)] on_review: Callback<()>,
) -> impl IntoView {
    (!unmatched.is_empty()).then(|| {
        let tables = unmatched
            .into_iter()
            .enumerate()
            .map(|(i, column)| column_table(column, i, choices, stale))
            .collect_view();
        view! {
            <section class="value-mapping" aria-labelledby="values-heading">
                <h3 id="values-heading">"Values that match nothing"</h3>
                <p class="field-hint">"Rows holding these values fail unless you say what each one is. The most alike name is chosen for you; check it."</p>
                {tables}
                <div class="form-actions">
                    <button type="button" class="button button-primary" disabled=pending on:click=move |_| on_review.run(())>
                        {move || if pending.get() { "Reviewing every row…" } else { "Review again with these values" }}
                    </button>
                </div>
            </section>
        }
    })
}
