//! CSV import over HTTP: `POST /api/imports?name=…` takes the file as the request body,
//! streamed to disk (never whole in memory) while its encoding is worked out, then reads
//! its shape and rows once; `GET /api/imports/{id}/failed.csv` gives back the rows that
//! failed, as they were in the file, each with its reason.
use app::auth::SignedIn;
use app::domain::date::Date;
use app::domain::import::{MAX_FILE_BYTES, MAX_ROWS};
use app::state::AppState;
use app::store::imports::NewImport;
use app::transfer::{analyze, records, CsvWriter, Detected, EncodingProbe};
use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use futures::StreamExt;
use serde::Deserialize;
use tokio::io::AsyncWriteExt;

#[derive(Deserialize)]
pub struct UploadQuery {
    #[serde(default)]
    name: String,
}

/// An upload being received is `upload-<time>-<random>.part` in the import folder until it
/// is read and renamed to its import's file.
const UPLOAD_PREFIX: &str = "upload-";
const UPLOAD_SUFFIX: &str = ".part";

/// Removes uploads left half-received by a server that was killed while receiving them
/// (at start-up, when no upload can be in progress); returns how many went.
pub fn remove_unfinished_uploads(dir: &std::path::Path) -> std::io::Result<usize> {
    let mut removed = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(UPLOAD_PREFIX) && name.ends_with(UPLOAD_SUFFIX) {
            std::fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    Ok(removed)
}

fn refuse(status: StatusCode, message: impl Into<String>) -> Response {
    (status, message.into()).into_response()
}

/// The name a file is kept under: what it was called, without any folder part.
fn file_name(raw: &str) -> String {
    let name = raw.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    let name: String = name.chars().filter(|c| !c.is_control()).take(200).collect();
    if name.is_empty() {
        "import.csv".into()
    } else {
        name
    }
}

pub async fn upload(
    State(state): State<AppState>,
    signed_in: Option<Extension<SignedIn>>,
    Query(query): Query<UploadQuery>,
    body: Body,
) -> Response {
    let Some(Extension(signed_in)) = signed_in else {
        return refuse(
            StatusCode::UNAUTHORIZED,
            "Your session has ended. Sign in again to import.",
        );
    };
    let part = state.imports.dir().join(format!(
        "{UPLOAD_PREFIX}{}-{}{UPLOAD_SUFFIX}",
        app::store::now_ms(),
        rand::random::<u64>()
    ));
    match keep(&state, signed_in.user.id, &query.name, body, &part).await {
        Ok(id) => (
            StatusCode::CREATED,
            axum::Json(serde_json::json!({ "id": id })),
        )
            .into_response(),
        Err(response) => {
            // Whatever went wrong, nothing half-received is left behind.
            let _ = tokio::fs::remove_file(&part).await;
            response
        }
    }
}

/// Receives the upload into `part`, reads it once, records the import and keeps the file
/// where the job reads it. `Err` is the answer to send.
async fn keep(
    state: &AppState,
    user: app::domain::account::UserId,
    name: &str,
    body: Body,
    part: &std::path::Path,
) -> Result<i64, Response> {
    let (size, detected) = receive(body, part).await?;
    let (encoding, utf8_doubt) = (detected.encoding, detected.doubt);
    let path = part.to_path_buf();
    let analysis = tokio::task::spawn_blocking(move || analyze(&path, Some(encoding), MAX_ROWS))
        .await
        .map_err(|_| {
            refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                "The file could not be read. Try again.",
            )
        })?
        .map_err(|problem| refuse(StatusCode::UNPROCESSABLE_ENTITY, problem.to_string()))?;
    if analysis.rows == 0 {
        return Err(refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The file has a heading row but no rows under it. Add the deals, one per row.",
        ));
    }
    let not_saved = || {
        refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The upload could not be saved. Try again.",
        )
    };
    let new = NewImport {
        created_by: user,
        file_name: file_name(name),
        file_size: size,
        shape: analysis.shape,
        headers: analysis.headers,
        samples: analysis.samples,
        total_rows: analysis.rows,
        utf8_doubt,
    };
    let id = state.store.create_import(&new).await.map_err(|err| {
        tracing::error!("could not record an import: {err}");
        not_saved()
    })?;
    tokio::fs::rename(part, state.imports.file(id))
        .await
        .map_err(|err| {
            tracing::error!("could not keep import {id}'s file: {err}");
            not_saved()
        })?;
    Ok(id)
}

/// Streams the body into `part`, up to the size limit, working out its encoding; a file
/// that is not text is refused.
async fn receive(body: Body, part: &std::path::Path) -> Result<(u64, Detected), Response> {
    let failed = |err: std::io::Error| {
        tracing::error!("could not write an upload: {err}");
        refuse(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The upload could not be saved on the server. Try again.",
        )
    };
    let mut file = tokio::fs::File::create(part).await.map_err(failed)?;
    let mut probe = EncodingProbe::new();
    let mut size: u64 = 0;
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk: Bytes = chunk.map_err(|_| {
            refuse(
                StatusCode::BAD_REQUEST,
                "The upload was interrupted. Choose the file again.",
            )
        })?;
        size += chunk.len() as u64;
        if size > MAX_FILE_BYTES {
            return Err(refuse(
                StatusCode::PAYLOAD_TOO_LARGE,
                "The file is larger than 512 MB. Split it into smaller files and import each.",
            ));
        }
        probe.feed(&chunk);
        file.write_all(&chunk).await.map_err(failed)?;
    }
    file.flush().await.map_err(failed)?;
    if size == 0 {
        return Err(refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            "The file is empty. Choose a CSV file with a heading row and one deal per row.",
        ));
    }
    let detected = probe
        .finish()
        .map_err(|problem| refuse(StatusCode::UNPROCESSABLE_ENTITY, problem.to_string()))?;
    Ok((size, detected))
}

/// The failed rows of an import as CSV: the file's headings plus "Reason", then each
/// failed row as it was, with why it failed.
pub async fn failed_rows(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    signed_in: Option<Extension<SignedIn>>,
) -> Response {
    let Some(Extension(signed_in)) = signed_in else {
        return refuse(StatusCode::UNAUTHORIZED, "Sign in to download failed rows.");
    };
    let store = state.store.clone();
    let Ok(record) = store.import_record(id).await else {
        return refuse(StatusCode::NOT_FOUND, "No such import.");
    };
    let user = &signed_in.user;
    if record.created_by != Some(user.id) && !user.role.can_manage_users() {
        return refuse(StatusCode::NOT_FOUND, "No such import.");
    }
    if let Some(deleted) = record.summary.file_deleted_at {
        return refuse(
            StatusCode::GONE,
            format!(
                "The file of this import was deleted on {}, when its undo window closed, so its failed rows can no longer be downloaded.",
                Date::from_unix_ms(deleted)
            ),
        );
    }
    let path = state.imports.file(id);
    let (send, receive) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    tokio::spawn(async move {
        let mut after = 0;
        let mut header = CsvWriter::new(Vec::new(), false).expect("writing to memory cannot fail");
        let mut headings = record.summary.headers.clone();
        headings.push("Reason".into());
        let _ = header.write_row(&headings);
        if let Ok(bytes) = header.into_inner() {
            let _ = send.send(Ok(Bytes::from(bytes))).await;
        }
        loop {
            let Ok(failures) = store.import_failures(id, after, 1000).await else {
                return;
            };
            let Some(&(last, _)) = failures.last() else {
                return;
            };
            let shape = record.shape.clone();
            let path = path.clone();
            let skip = failures[0].0 - 1;
            let lines = tokio::task::spawn_blocking(move || -> Option<Vec<u8>> {
                let mut out = CsvWriter::new(Vec::new(), false).ok()?;
                let mut wanted = failures.into_iter().peekable();
                for row in records(&path, &shape, skip).ok()? {
                    let (number, mut cells) = row.ok()?;
                    let Some((next, _)) = wanted.peek() else {
                        break;
                    };
                    if number == *next {
                        let (_, reason) = wanted.next()?;
                        cells.push(reason);
                        out.write_row(&cells).ok()?;
                    }
                }
                out.into_inner().ok()
            })
            .await;
            let Ok(Some(lines)) = lines else { return };
            if send.send(Ok(Bytes::from(lines))).await.is_err() {
                return;
            }
            after = last;
        }
    });
    csv_download(receive, &format!("import-{id}-failed-rows.csv"))
}

/// A CSV file sent as it is written into `receive`: an attachment named `file_name`
/// (plain ASCII), never cached.
pub fn csv_download(
    mut receive: tokio::sync::mpsc::Receiver<Result<Bytes, std::io::Error>>,
    file_name: &str,
) -> Response {
    let chunks = futures::stream::poll_fn(move |cx| receive.poll_recv(cx));
    let mut response = Body::from_stream(chunks).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}
