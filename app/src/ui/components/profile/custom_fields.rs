//! A record's custom fields on its profile, each edited in place and checked by type.
use super::{EditableField, Editor, SaveTo};
use crate::domain::currency::Currency;
use crate::domain::custom_field::{CustomField, FieldKind};
use leptos::prelude::*;
use serde_json::{Map, Value};

#[component]
pub fn CustomFieldsList(
    fields: Vec<CustomField>,
    values: Map<String, Value>,
    currency: Currency,
    to: SaveTo,
    #[prop(into)] on_saved: Callback<()>,
) -> impl IntoView {
    fields
        .into_iter()
        .map(|field| {
            let value = values.get(&field.key);
            let shown = value.map_or_else(|| "Not set".to_string(), |v| field.display(v, currency));
            let raw = field.raw(value, currency);
            let editor = match field.kind {
                FieldKind::Date => Editor::Date,
                FieldKind::Checkbox => Editor::Choice(vec![
                    (String::new(), "No".into()),
                    ("true".into(), "Yes".into()),
                ]),
                FieldKind::SingleSelect => Editor::Choice(
                    std::iter::once((String::new(), "Not set".to_string()))
                        .chain(field.options.iter().map(|o| (o.clone(), o.clone())))
                        .collect(),
                ),
                FieldKind::MultiSelect => Editor::Lines,
                _ => Editor::Text,
            };
            view! {
                <EditableField
                    label=field.label.clone()
                    field=format!("custom:{}", field.key)
                    shown
                    raw
                    editor
                    to
                    on_saved
                />
            }
        })
        .collect_view()
}
