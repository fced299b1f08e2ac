//! The review's values that match nothing: for each pipeline, stage, status, owner or
//! select column, the distinct values the workspace does not know, each with a choice
//! of what it stands for (the most alike named beside it) or to leave its rows to fail.
use super::mapping::Choices;
use super::review::review_table;
use crate::api::imports::{ImportView, ValueChoice};
use crate::domain::currency::group_thousands;
use crate::domain::import::tally::UnmatchedColumn;
use leptos::prelude::*;

/// The rules an import's review used, as the page edits them.
pub fn value_choices(view: &ImportView) -> Vec<ValueChoice> {
    view.summary
        .mapping
        .values
        .iter()
        .map(|rule| ValueChoice {
            target: rule.target.key(),
            from: rule.from.clone(),
            to: rule.to.clone(),
        })
        .collect()
}

/// Whether two sets of value choices say the same, in any order.
pub fn same_choices(a: &[ValueChoice], b: &[ValueChoice]) -> bool {
    fn sorted(list: &[ValueChoice]) -> Vec<(&str, &str, &str)> {
        let mut keys: Vec<(&str, &str, &str)> = list
            .iter()
            .map(|c| (c.target.as_str(), c.from.as_str(), c.to.as_str()))
            .collect();
        keys.sort_unstable();
        keys
    }
    sorted(a) == sorted(b)
}

/// `chosen` with `from` in the column of `target` read as `to` ("": left to fail).
fn choose(chosen: &mut Vec<ValueChoice>, target: &str, from: &str, to: String) {
    chosen.retain(|c| !(c.target == target && c.from == from));
    if !to.is_empty() {
        chosen.push(ValueChoice {
            target: target.to_string(),
            from: from.to_string(),
            to,
        });
    }
}

/// What a value is mapped to in `chosen` ("" when its rows are left to fail).
fn chosen_for(chosen: &[ValueChoice], target: &str, from: &str) -> String {
    chosen
        .iter()
        .find(|c| c.target == target && c.from == from)
        .map(|c| c.to.clone())
        .unwrap_or_default()
}

fn column_table(column: UnmatchedColumn, index: usize, choices: Choices) -> impl IntoView {
    let heading = format!("{} ({})", column.header, column.field);
    let known = StoredValue::new(column.known.clone());
    let target = StoredValue::new(column.target.clone());
    let rows = column
        .values
        .into_iter()
        .enumerate()
        .map(|(i, value)| {
            let select_id = format!("value-{index}-{i}");
            let from = StoredValue::new(value.value.clone());
            let current = move || {
                choices
                    .values
                    .with(|chosen| chosen_for(chosen, &target.get_value(), &from.get_value()))
            };
            let initial = choices.values.with_untracked(|chosen| {
                chosen_for(chosen, &target.get_value(), &from.get_value())
            });
            let pick = move |ev| {
                let to = event_target_value(&ev);
                choices.values.update(|chosen| {
                    choose(chosen, &target.get_value(), &from.get_value(), to)
                });
            };
            let alike = value
                .suggestion
                .map_or_else(|| "None alike".to_string(), |s| format!("Most alike: {s}"));
            view! {
                <tr>
                    <th scope="row"><label for=select_id.clone()>{value.value.clone()}</label></th>
                    <td class="cell-number">{group_thousands(value.rows)}</td>
                    <td>
                        <select id=select_id prop:value=current on:change=pick>
                            <option value="" selected=initial.is_empty()>"Leave these rows to fail"</option>
                            {known
                                .get_value()
                                .into_iter()
                                .map(|name| {
                                    let selected = name == initial;
                                    view! { <option value=name.clone() selected=selected>{name.clone()}</option> }
                                })
                                .collect_view()}
                        </select>
                        <p class="field-hint">{alike}</p>
                    </td>
                </tr>
            }
        })
        .collect_view();
    let more = (column.more_values > 0).then(|| {
        view! {
            <p class="field-hint">
                {format!("{} more values match nothing; fix them in the file.", group_thousands(column.more_values))}
            </p>
        }
    });
    view! {
        {review_table(heading, &["Value in the file", "Rows", "Read it as"], rows)}
        {more}
    }
}

/// The values that match nothing, `Use the most alike names` and `Review again with
/// these values`.
#[component]
pub fn ValueMapping(
    unmatched: Vec<UnmatchedColumn>,
    choices: Choices,
    pending: RwSignal<bool>,
    #[prop(into)] on_review: Callback<()>,
) -> impl IntoView {
    (!unmatched.is_empty()).then(|| {
        let suggested: Vec<(String, String, String)> = unmatched
            .iter()
            .flat_map(|c| {
                c.values.iter().filter_map(|v| {
                    let to = v.suggestion.clone()?;
                    Some((c.target.clone(), v.value.clone(), to))
                })
            })
            .collect();
        let any_alike = !suggested.is_empty();
        let use_alike = move |_| {
            choices.values.update(|chosen| {
                for (target, from, to) in &suggested {
                    choose(chosen, target, from, to.clone());
                }
            });
        };
        let tables = unmatched
            .into_iter()
            .enumerate()
            .map(|(i, column)| column_table(column, i, choices))
            .collect_view();
        view! {
            <section class="value-mapping" aria-labelledby="values-heading">
                <h3 id="values-heading">"Values that match nothing"</h3>
                <p class="field-hint">"Rows holding these values fail unless you say what each one stands for. Then review again: nothing is written until you start the import."</p>
                {tables}
                <div class="form-actions">
                    {any_alike.then(move || view! { <button type="button" class="button" on:click=use_alike>"Use the most alike names"</button> })}
                    <button type="button" class="button button-primary" disabled=pending on:click=move |_| on_review.run(())>
                        {move || if pending.get() { "Reviewing every row…" } else { "Review again with these values" }}
                    </button>
                </div>
            </section>
        }
    })
}
