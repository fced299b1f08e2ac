//! Conditions built from rows: field, operator, value; `Add condition` and `Remove`.
//! All rows must hold. Used by Find Opportunity's filters, If/Else branches and
//! trigger filters.
use super::inputs::FieldError;
use crate::domain::workflow::palette::{typed_value, value_text, CONDITION_FIELDS};
use crate::domain::workflow::{Action, Condition, Operator, Step};
use leptos::prelude::*;

/// The rows of Find Opportunity's filters in the step being edited.
#[component]
pub fn ConditionRows(
    edited: RwSignal<Step>,
    title: &'static str,
    hint: &'static str,
    #[prop(into)] error: FieldError,
) -> impl IntoView {
    let rows = Signal::derive(move || {
        edited.with(|s| match &s.action {
            Action::FindOpportunity { filters, .. } => filters.clone(),
            _ => Vec::new(),
        })
    });
    let set = Callback::new(move |next: Vec<Condition>| {
        edited.update(|s| {
            if let Action::FindOpportunity { filters, .. } = &mut s.action {
                *filters = next;
            }
        })
    });
    view! { <ConditionList id="filters" title hint rows set error /> }
}

/// A list of conditions, read from `rows` and written with `set`.
#[component]
pub fn ConditionList(
    /// Unique in the panel; the rows' ids derive from it.
    #[prop(into)]
    id: String,
    #[prop(into)] title: String,
    #[prop(optional)] hint: &'static str,
    #[prop(into)] rows: Signal<Vec<Condition>>,
    #[prop(into)] set: Callback<Vec<Condition>>,
    #[prop(into, optional)] error: FieldError,
) -> impl IntoView {
    let list_id = format!("{id}-fields");
    let change = move |index: usize, edit: Box<dyn FnOnce(&mut Condition)>| {
        let mut next = rows.get_untracked();
        if let Some(row) = next.get_mut(index) {
            edit(row);
            set.run(next);
        }
    };
    let add = move |_| {
        let mut next = rows.get_untracked();
        next.push(Condition {
            field: "opportunity.status".into(),
            operator: Operator::Is,
            value: "open".into(),
        });
        set.run(next);
    };
    let title_for_rows = title.clone();
    view! {
        <fieldset class="field conditions">
            <legend>{title.clone()}</legend>
            {(!hint.is_empty()).then(|| view! { <p class="hint">{hint}</p> })}
            <datalist id=list_id.clone()>
                {CONDITION_FIELDS.map(|f| view! { <option value=f></option> }).collect_view()}
            </datalist>
            {move || {
                let title = title_for_rows.clone();
                let list_id = list_id.clone();
                rows.get()
                    .into_iter()
                    .enumerate()
                    .map(|(index, row)| {
                        let n = index + 1;
                        let without_value = row.operator == Operator::IsEmpty;
                        view! {
                            <div class="condition-row">
                                <input
                                    type="text"
                                    list=list_id.clone()
                                    aria-label=format!("{title}: field of condition {n}")
                                    value=row.field.clone()
                                    on:change=move |ev| {
                                        let text = event_target_value(&ev);
                                        change(index, Box::new(move |c| c.field = text.trim().to_string()));
                                    }
                                />
                                <select
                                    aria-label=format!("{title}: operator of condition {n}")
                                    on:change=move |ev| {
                                        if let Some(op) = Operator::from_key(&event_target_value(&ev)) {
                                            change(index, Box::new(move |c| c.operator = op));
                                        }
                                    }
                                >
                                    {Operator::ALL
                                        .map(|op| view! { <option value=op.key() selected=op == row.operator>{op.label()}</option> })
                                        .collect_view()}
                                </select>
                                <input
                                    type="text"
                                    aria-label=format!("{title}: value of condition {n}")
                                    value=value_text(&row.value)
                                    disabled=without_value
                                    on:change=move |ev| {
                                        let value = typed_value(&event_target_value(&ev));
                                        change(index, Box::new(move |c| c.value = value));
                                    }
                                />
                                <button
                                    type="button"
                                    class="icon-button icon-button-small"
                                    aria-label=format!("Remove condition {n} of {title}")
                                    on:click=move |_| {
                                        let mut next = rows.get_untracked();
                                        if index < next.len() {
                                            next.remove(index);
                                            set.run(next);
                                        }
                                    }
                                >
                                    "×"
                                </button>
                            </div>
                        }
                    })
                    .collect_view()
            }}
            <button type="button" class="link-button" on:click=add>"Add condition"</button>
            {move || error.get().map(|m| view! { <p class="field-error">{m}</p> })}
        </fieldset>
    }
}
