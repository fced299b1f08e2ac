//! `GET /api/opportunities/export.csv`: the list view as CSV, streamed a batch of deals
//! at a time. `scope=view` (default) exports the deals matching the list's filters (the
//! rest of the query string, as in the list's URL) in its sort, with its columns;
//! `scope=all` exports every field of every deal the person may see. `excel=1` starts
//! the file with a byte-order mark so Excel reads it as UTF-8. Cells that a spreadsheet
//! would run as a formula are escaped.
use crate::imports::csv_download;
use app::auth::SignedIn;
use app::domain::custom_field::FieldEntity;
use app::domain::import::export::ExportColumn;
use app::domain::list::ListInput;
use app::state::AppState;
use app::store::opportunities::board::Viewer;
use app::transfer::CsvWriter;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Extension;

/// Deals read per query while streaming.
const BATCH: usize = 500;

pub async fn export(
    State(state): State<AppState>,
    signed_in: Option<Extension<SignedIn>>,
    RawQuery(query): RawQuery,
) -> Response {
    let Some(Extension(signed_in)) = signed_in else {
        return (StatusCode::UNAUTHORIZED, "Sign in to export.").into_response();
    };
    let user = signed_in.user;
    let store = state.store.clone();
    let query = query.unwrap_or_default();
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let flag = |name: &str| {
        pairs
            .iter()
            .any(|(k, v)| k == name && (v == "1" || v == "true" || v == "on"))
    };
    let everything = pairs.iter().any(|(k, v)| k == "scope" && v == "all");
    let excel = flag("excel");
    let viewer = Viewer {
        user: user.id,
        only_assigned: user.only_assigned_data,
    };
    let failed = |err: app::store::StoreError| {
        tracing::error!("export failed: {err}");
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            "The export could not be read. Try again.",
        )
            .into_response()
    };
    let fields = match store.custom_fields(FieldEntity::Opportunity).await {
        Ok(fields) => fields,
        Err(err) => return failed(err),
    };
    let currency = match store.workspace().await {
        Ok(Some(w)) => w.currency,
        Ok(None) => return (StatusCode::NOT_FOUND, "Set up the workspace first.").into_response(),
        Err(err) => return failed(err),
    };
    let (columns, ids) = if everything {
        (
            ExportColumn::everything(&fields),
            store.all_visible_ids(viewer).await,
        )
    } else {
        let input: ListInput = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let list = match input.parse(currency, &fields) {
            Ok(list) => list,
            Err((_, message)) => {
                return (
                    StatusCode::BAD_REQUEST,
                    format!("This filter could not be applied: {message}"),
                )
                    .into_response()
            }
        };
        let columns = match store.list_columns(user.id, &fields).await {
            Ok(columns) => columns,
            Err(err) => return failed(err),
        };
        (
            ExportColumn::of_view(&columns),
            store.list_ids(&list, viewer).await,
        )
    };
    let ids = match ids {
        Ok(ids) => ids,
        Err(err) => return failed(err),
    };
    let (send, receive) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    tokio::spawn(async move {
        // A custom field deleted meanwhile has no heading: its column is left out.
        let (columns, headings): (Vec<ExportColumn>, Vec<String>) = columns
            .into_iter()
            .filter_map(|c| c.heading(&fields).map(|h| (c, h)))
            .unzip();
        let mut head = match CsvWriter::new(Vec::new(), excel) {
            Ok(writer) => writer,
            Err(_) => return,
        };
        if head.write_row(&headings).is_err() {
            return;
        }
        if let Ok(bytes) = head.into_inner() {
            if send.send(Ok(Bytes::from(bytes))).await.is_err() {
                return;
            }
        }
        for batch in ids.chunks(BATCH) {
            let rows = match store.export_rows(batch).await {
                Ok(rows) => rows,
                Err(err) => {
                    tracing::error!("export stopped: {err}");
                    let _ = send
                        .send(Err(std::io::Error::other("the export could not be read")))
                        .await;
                    return;
                }
            };
            let Ok(mut out) = CsvWriter::new(Vec::with_capacity(rows.len() * 120), false) else {
                return;
            };
            for row in &rows {
                let cells = columns.iter().map(|c| row.cell(*c, &fields, currency));
                if out.write_row(cells).is_err() {
                    return;
                }
            }
            let Ok(bytes) = out.into_inner() else { return };
            if send.send(Ok(Bytes::from(bytes))).await.is_err() {
                return;
            }
        }
    });
    let day = app::domain::date::Date::from_unix_ms(app::store::now_ms());
    csv_download(receive, &format!("opportunities-{day}.csv"))
}
