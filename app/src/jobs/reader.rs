//! Reads an uploaded file on a blocking thread, a chunk of rows at a time, so parsing
//! overlaps the database work and the file is never in memory as a whole.
use crate::transfer::{records, FileProblem, FileShape};
use std::path::PathBuf;
use tokio::sync::mpsc;

/// Rows handed to the job at once: one transaction's worth.
pub const ROWS_PER_CHUNK: usize = 2000;

pub type Chunk = Vec<(u64, Vec<String>)>;

/// Chunks of the file's data rows after the first `skip`; an unreadable file or row ends
/// the stream with its problem.
pub fn chunks(
    path: PathBuf,
    shape: FileShape,
    skip: u64,
) -> mpsc::Receiver<Result<Chunk, FileProblem>> {
    // Two chunks ahead at most: memory stays flat however long the file.
    let (send, receive) = mpsc::channel(2);
    tokio::task::spawn_blocking(move || {
        let rows = match records(&path, &shape, skip) {
            Ok(rows) => rows,
            Err(problem) => {
                let _ = send.blocking_send(Err(problem));
                return;
            }
        };
        let mut chunk = Vec::with_capacity(ROWS_PER_CHUNK);
        for row in rows {
            match row {
                Ok(row) => chunk.push(row),
                Err(problem) => {
                    let _ = send.blocking_send(Err(problem));
                    return;
                }
            }
            if chunk.len() == ROWS_PER_CHUNK {
                let full = std::mem::replace(&mut chunk, Vec::with_capacity(ROWS_PER_CHUNK));
                if send.blocking_send(Ok(full)).is_err() {
                    return;
                }
            }
        }
        if !chunk.is_empty() {
            let _ = send.blocking_send(Ok(chunk));
        }
    });
    receive
}
