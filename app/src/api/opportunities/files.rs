//! `Add a file` and deleting files on a deal. The upload is a multipart form (fields
//! `opportunity` and `file`), read chunk by chunk so an oversized field, the file or any
//! other, is refused with 413 without being held in memory.
use crate::api::AppError;
use crate::domain::attachment::FileInfo;
use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};

/// The form's other fields hold a deal's id: more than this is not from the form.
#[cfg(feature = "ssr")]
const TEXT_FIELD_BYTES: u64 = 1024;

#[server(endpoint = "opportunities/files/add", input = MultipartFormData)]
pub async fn add_file(data: MultipartData) -> Result<FileInfo, AppError> {
    use crate::api::context::{require_user, set_status, state, viewer};
    use crate::domain::board::OpportunityId;
    use crate::domain::change::Actor;
    use crate::domain::file::{check_upload, human_size};
    use crate::domain::summary::{extractive_summary, SUMMARY_SENTENCES};
    use crate::store::files::NewFile;

    let user = require_user()?;
    let state = state()?;
    let max = state.max_upload_bytes;
    let mut multipart = data.into_inner().ok_or(AppError::Server)?;
    let unreadable = |_| AppError::invalid("file", "The upload was interrupted. Try again.");
    let (mut deal, mut upload) = (None, None);
    while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().unwrap_or_default().to_string();
        // Every field is counted as it streams and refused once over its limit, so no
        // field, the file or any other, is ever held in memory beyond it.
        let limit = if name == "file" {
            max
        } else {
            TEXT_FIELD_BYTES
        };
        let mut bytes = Vec::new();
        let mut size: u64 = 0;
        while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
            size += chunk.len() as u64;
            if size > limit {
                set_status(http::StatusCode::PAYLOAD_TOO_LARGE)?;
                // Only the bytes so far are known: the message cannot say the file's size.
                let message = match name.as_str() {
                    "file" => format!(
                        "This file is larger than {}, the largest a file can be. Make it smaller and add it again.",
                        human_size(max)
                    ),
                    _ => "The form sent more than it should. Reload the page and add the file again."
                        .to_string(),
                };
                return Err(AppError::invalid("file", message));
            }
            if matches!(name.as_str(), "file" | "opportunity") {
                bytes.extend_from_slice(&chunk);
            }
        }
        match name.as_str() {
            "opportunity" => {
                deal = std::str::from_utf8(&bytes)
                    .ok()
                    .and_then(|t| t.trim().parse().ok())
            }
            "file" => upload = Some((file_name, bytes)),
            _ => {}
        }
    }
    let deal = OpportunityId(
        deal.ok_or_else(|| AppError::invalid("file", "Say which deal the file is for."))?,
    );
    let (name, bytes) = upload.ok_or_else(|| AppError::invalid("file", "Choose a file first."))?;
    let store = state.store;
    store.card(deal, viewer(&user)).await?;
    let kind = check_upload(&name, &bytes, max).map_err(|e| AppError::invalid("file", e))?;
    let summary = if kind.is_text_bearing() {
        // Reading a PDF or Word file is CPU work; keep it off the request threads.
        let text = tokio::task::spawn_blocking({
            let bytes = bytes.clone();
            move || crate::documents::extract_text(kind, &bytes)
        })
        .await
        .map_err(|_| AppError::Server)?;
        Some(match text {
            Ok(text) => {
                let sentences = extractive_summary(&text, SUMMARY_SENTENCES);
                if sentences.is_empty() {
                    Err("This file has no sentences to summarise.".to_string())
                } else {
                    Ok(sentences)
                }
            }
            Err(problem) => Err(problem.to_string()),
        })
    } else {
        None
    };
    let file_name = name.rsplit(['/', '\\']).next().unwrap_or(&name).trim();
    let file = NewFile {
        file_name,
        content_type: kind.content_type(),
        bytes: &bytes,
        summary,
    };
    Ok(store.add_file(Actor::User(user.id), deal, file).await?)
}

#[server(endpoint = "opportunities/files/delete")]
pub async fn delete_file(id: i64) -> Result<(), AppError> {
    use crate::api::context::{require_user, store, viewer};
    use crate::domain::board::OpportunityId;
    use crate::domain::change::Actor;
    let user = require_user()?;
    let store = store()?;
    let file = store.file(id).await?;
    store
        .card(OpportunityId(file.opportunity_id), viewer(&user))
        .await?;
    Ok(store.delete_file(Actor::User(user.id), id).await?)
}
