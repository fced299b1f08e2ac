//! The columns of a CSV export: the list view's own columns, or everything. Headings are
//! the ones an import recognises, so an exported file maps itself back without help.
use super::mapping::{CompanyKey, ContactKey, DealField};
use crate::domain::custom_field::{CustomField, CustomFieldId};
use crate::domain::list::ListColumn;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportColumn {
    Field(DealField),
    Custom(CustomFieldId),
    Contact(ContactKey),
    Company(CompanyKey),
    Created,
    Updated,
}

impl ExportColumn {
    /// The heading; `None` for a custom field that no longer exists.
    pub fn heading(self, fields: &[CustomField]) -> Option<String> {
        Some(match self {
            ExportColumn::Field(field) => field.label().to_string(),
            ExportColumn::Custom(id) => fields.iter().find(|f| f.id == id)?.label.clone(),
            ExportColumn::Contact(key) => key.label().to_string(),
            ExportColumn::Company(key) => key.label().to_string(),
            ExportColumn::Created => "Created".to_string(),
            ExportColumn::Updated => "Updated".to_string(),
        })
    }

    /// Every field of a deal: a full backup that imports back unchanged. The currency
    /// is the workspace's, the same for every deal, so it has no column.
    pub fn everything(fields: &[CustomField]) -> Vec<ExportColumn> {
        let mut all: Vec<ExportColumn> = DealField::ALL
            .into_iter()
            .filter(|f| *f != DealField::Currency)
            .map(ExportColumn::Field)
            .collect();
        all.push(ExportColumn::Contact(ContactKey::Email));
        all.push(ExportColumn::Company(CompanyKey::Name));
        all.extend(fields.iter().map(|f| ExportColumn::Custom(f.id)));
        all.extend([ExportColumn::Created, ExportColumn::Updated]);
        all
    }

    /// The list view's columns, after the deal's ID (so the file can update its deals).
    pub fn of_view(columns: &[ListColumn]) -> Vec<ExportColumn> {
        let mut out = vec![ExportColumn::Field(DealField::Id)];
        out.extend(columns.iter().map(|column| match column {
            ListColumn::Name => ExportColumn::Field(DealField::Name),
            ListColumn::Value => ExportColumn::Field(DealField::Value),
            ListColumn::Pipeline => ExportColumn::Field(DealField::Pipeline),
            ListColumn::Stage => ExportColumn::Field(DealField::Stage),
            ListColumn::Status => ExportColumn::Field(DealField::Status),
            ListColumn::Owner => ExportColumn::Field(DealField::Owner),
            ListColumn::Contact => ExportColumn::Contact(ContactKey::Name),
            ListColumn::ExpectedClose => ExportColumn::Field(DealField::ExpectedClose),
            ListColumn::Source => ExportColumn::Field(DealField::Source),
            ListColumn::Created => ExportColumn::Created,
            ListColumn::Updated => ExportColumn::Updated,
            ListColumn::Custom(id) => ExportColumn::Custom(*id),
        }));
        // A stage is found by name within its pipeline: keep the pipeline beside it.
        let has = |c| out.contains(&c);
        if has(ExportColumn::Field(DealField::Stage))
            && !has(ExportColumn::Field(DealField::Pipeline))
        {
            let at = out
                .iter()
                .position(|c| *c == ExportColumn::Field(DealField::Stage))
                .unwrap_or(1);
            out.insert(at, ExportColumn::Field(DealField::Pipeline));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::import::mapping::{suggest, Target};

    #[test]
    fn exported_headings_map_back_to_their_fields() {
        for column in ExportColumn::everything(&[]) {
            let heading = column.heading(&[]).unwrap();
            let expected = match column {
                ExportColumn::Field(f) => Target::Field(f),
                ExportColumn::Contact(k) => Target::Contact(k),
                ExportColumn::Company(k) => Target::Company(k),
                _ => Target::Skip,
            };
            assert_eq!(suggest(&heading, &[]), expected, "{heading}");
        }
    }

    #[test]
    fn a_view_export_starts_with_the_id_and_keeps_stages_with_their_pipeline() {
        let columns = ExportColumn::of_view(&[ListColumn::Name, ListColumn::Stage]);
        assert_eq!(
            columns,
            vec![
                ExportColumn::Field(DealField::Id),
                ExportColumn::Field(DealField::Name),
                ExportColumn::Field(DealField::Pipeline),
                ExportColumn::Field(DealField::Stage),
            ]
        );
    }
}
