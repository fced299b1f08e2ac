//! The browser bundle is sent from `.gz` copies made once when the server starts, so no
//! page load pays to compress it again: compressing the 16 MB debug wasm took seconds per
//! request, the release one a quarter of a second. The static file service picks a copy
//! up whenever the browser accepts gzip.
use flate2::write::GzEncoder;
use flate2::Compression;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

const KINDS: [&str; 3] = ["wasm", "js", "css"];

/// Writes `<file>.gz` beside each .wasm, .js and .css file in `dir` whose copy is missing
/// or older than the file, and says how many it wrote. Each copy is written to a
/// temporary name and renamed, so servers starting together never serve half a file.
pub fn precompress(dir: &Path) -> io::Result<usize> {
    let mut written = 0;
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let wanted = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| KINDS.contains(&e));
        if !wanted || is_fresh(&path, &gz_path(&path)) {
            continue;
        }
        let bytes = fs::read(&path)?;
        let mut encoder = GzEncoder::new(Vec::with_capacity(bytes.len() / 4), Compression::new(6));
        encoder.write_all(&bytes)?;
        let compressed = encoder.finish()?;
        let temporary = path.with_extension(format!("gz.{}", std::process::id()));
        fs::write(&temporary, compressed)?;
        fs::rename(&temporary, gz_path(&path))?;
        written += 1;
    }
    Ok(written)
}

/// Removes the `.gz` copies in `dir` (a missing directory has none).
pub fn remove_copies(dir: &Path) -> io::Result<()> {
    let entries = match fs::read_dir(dir) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
        other => other?,
    };
    for entry in entries {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "gz") {
            fs::remove_file(path)?;
        }
    }
    Ok(())
}

fn gz_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".gz");
    PathBuf::from(name)
}

/// Whether `copy` exists and is at least as new as `original`.
fn is_fresh(original: &Path, copy: &Path) -> bool {
    let modified = |p: &Path| fs::metadata(p).and_then(|m| m.modified()).ok();
    match (modified(original), modified(copy)) {
        (Some(original), Some(copy)) => copy >= original,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::GzDecoder;
    use std::io::Read;

    #[test]
    fn bundles_get_fresh_gzip_copies_once() {
        let dir = tempfile::tempdir().unwrap();
        let wasm = dir.path().join("app.wasm");
        fs::write(&wasm, vec![7u8; 100_000]).unwrap();
        fs::write(dir.path().join("notes.txt"), "not a bundle").unwrap();
        assert_eq!(precompress(dir.path()).unwrap(), 1);
        let mut unpacked = Vec::new();
        GzDecoder::new(fs::File::open(dir.path().join("app.wasm.gz")).unwrap())
            .read_to_end(&mut unpacked)
            .unwrap();
        assert_eq!(unpacked, vec![7u8; 100_000]);
        assert!(!dir.path().join("notes.txt.gz").exists());
        assert_eq!(precompress(dir.path()).unwrap(), 0, "a fresh copy is kept");
        remove_copies(dir.path()).unwrap();
        assert!(!dir.path().join("app.wasm.gz").exists());
        assert!(dir.path().join("app.wasm").exists());
    }
}
