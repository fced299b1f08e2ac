//! `Columns`: tick the columns to show and move them up or down; saved for the person,
//! so the list looks the same on their next visit and on any device.
use super::ListContext;
use crate::api::opportunities::save_list_columns;
use crate::api::AppError;
use crate::domain::list::ListColumn;
use crate::ui::components::dialog::Modal;
use crate::ui::components::forms::FormError;
use crate::ui::components::shell::Toast;
use crate::ui::unsaved::spawn_saving;
use leptos::prelude::*;

#[component]
pub fn ColumnsDialog(open: RwSignal<bool>) -> impl IntoView {
    let context = expect_context::<ListContext>();
    let saved = context.view.with_value(|v| v.columns.clone());
    let custom: Vec<ListColumn> = context.view.with_value(|v| {
        v.custom_fields
            .iter()
            .map(|f| ListColumn::Custom(f.id))
            .collect()
    });
    // Every column in the order shown: the chosen ones first, in their order, then the
    // rest with custom fields last.
    let start = {
        let mut all: Vec<(ListColumn, bool)> = saved.iter().map(|c| (*c, true)).collect();
        all.extend(
            ListColumn::ALL
                .into_iter()
                .chain(custom)
                .filter(|c| !saved.contains(c))
                .map(|c| (c, false)),
        );
        all
    };
    let columns = RwSignal::new(start.clone());
    let error = RwSignal::new(None::<AppError>);
    let pending = RwSignal::new(false);
    let close = Callback::new(move |_: ()| {
        open.set(false);
        columns.set(start.clone());
        error.set(None);
    });
    let shift = move |index: usize, by: isize| {
        columns.update(|cs| {
            let target = index as isize + by;
            // The name stays first: it is the link to each deal.
            if target >= 1 && (target as usize) < cs.len() && index >= 1 {
                cs.swap(index, target as usize);
            }
        });
        // Focus follows the column; at the top or bottom, where that button is now
        // disabled, it goes to the other one.
        let target = (index as isize + by) as usize;
        let count = columns.with_untracked(Vec::len);
        if let Some(column) = columns.with_untracked(|cs| cs.get(target).map(|c| c.0)) {
            let up = (by < 0 && target > 1) || (by > 0 && target + 1 == count);
            crate::ui::dom::focus_later(format!(
                "column-{}-{}",
                column.key().replace('.', "-"),
                if up { "up" } else { "down" }
            ));
        }
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let keys = columns.with_untracked(|cs| {
            cs.iter()
                .filter(|(_, shown)| *shown)
                .map(|(c, _)| c.key().into_owned())
                .collect::<Vec<_>>()
                .join(",")
        });
        pending.set(true);
        spawn_saving(async move {
            match save_list_columns(keys).await {
                Ok(_) => {
                    Toast::success("Columns saved.");
                    open.set(false);
                    context.reload.run(());
                }
                Err(err) => error.set(Some(err)),
            }
            pending.set(false);
        });
    };
    let rows = move || {
        let count = columns.with(Vec::len);
        columns
            .get()
            .into_iter()
            .enumerate()
            .map(|(index, (column, shown))| {
                let fixed = column == ListColumn::Name;
                // The name stays first, so the column after it cannot move up.
                let (first, last) = (index <= 1, index + 1 == count);
                let id = format!("column-{}", column.key().replace('.', "-"));
                let label = context.column_label(column);
                view! {
                    <li class="column-choice">
                        <input
                            type="checkbox"
                            id=id.clone()
                            prop:checked=shown
                            disabled=fixed
                            on:change=move |ev| {
                                let tick = event_target_checked(&ev);
                                columns.update(|cs| cs[index].1 = tick);
                            }
                        />
                        <label for=id.clone()>{label.clone()}</label>
                        <span class="column-choice-moves">
                            <button
                                type="button"
                                class="icon-button icon-button-small"
                                id=format!("{id}-up")
                                aria-label=format!("Move {label} up")
                                disabled=fixed || first
                                on:click=move |_| shift(index, -1)
                            >
                                "↑"
                            </button>
                            <button
                                type="button"
                                class="icon-button icon-button-small"
                                id=format!("{id}-down")
                                aria-label=format!("Move {label} down")
                                disabled=fixed || last
                                on:click=move |_| shift(index, 1)
                            >
                                "↓"
                            </button>
                        </span>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <Modal id="list-columns" open on_close=close title="Columns">
            <form class="form" on:submit=submit>
                <FormError errors=error.into() fields=&[] />
                <p class="hint">"Choose the columns of your list and their order. Only you see this choice."</p>
                <ol class="column-choices">{rows}</ol>
                <div class="modal-actions">
                    <button type="button" class="button" on:click=move |_| close.run(())>"Cancel"</button>
                    <button type="submit" class="button button-primary" disabled=pending>"Save columns"</button>
                </div>
            </form>
        </Modal>
    }
}
