//! Writing output files atomically: each file is written to a temporary file in the same folder
//! and renamed over the target, so a failed or interrupted run leaves the previous file intact.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;

/// Write several files all-or-nothing: every temporary file is written and synced first, then
/// each is renamed into place. On failure, the temporaries are removed and no target changes.
pub fn write_all(files: &[(PathBuf, Vec<u8>)]) -> Result<(), Diagnostic> {
    let mut temps: Vec<(PathBuf, &Path)> = Vec::new();
    for (target, bytes) in files {
        match write_temp(target, bytes) {
            Ok(temp) => temps.push((temp, target)),
            Err(e) => {
                for (temp, _) in &temps {
                    let _ = fs::remove_file(temp);
                }
                return Err(e);
            }
        }
    }
    for (i, (temp, target)) in temps.iter().enumerate() {
        if let Err(e) = fs::rename(temp, target) {
            for (rest, _) in &temps[i..] {
                let _ = fs::remove_file(rest);
            }
            return Err(Diagnostic::input(format!("failed to write output ({e})")).in_file(target));
        }
    }
    Ok(())
}

/// Write one file atomically.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    write_all(&[(target.to_path_buf(), bytes.to_vec())])
}

fn write_temp(target: &Path, bytes: &[u8]) -> Result<PathBuf, Diagnostic> {
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let fail = |what: &str, e: std::io::Error| {
        let mut d = Diagnostic::input(format!("failed to {what} ({e})")).in_file(target);
        if e.kind() == std::io::ErrorKind::PermissionDenied {
            d = d.hint("choose an output folder you can write to with -o");
        }
        d
    };
    fs::create_dir_all(&dir).map_err(|e| fail("create the output folder", e))?;
    let name = target
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        // No fsync: the rename already guarantees that an interrupted or failed run leaves the
        // previous file whole; syncing would only guard against power loss and costs more than
        // the rest of a one-page rebuild.
        let mut file = fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.flush()
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&temp);
        return Err(fail("write output", e));
    }
    Ok(temp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replace_and_leave_no_temporaries() {
        let dir = std::env::temp_dir().join(format!("paiban-out-{}", std::process::id()));
        let target = dir.join("sub/out.pdf");
        write_atomic(&target, b"one").unwrap();
        write_atomic(&target, b"two").unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(dir.join("sub"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_failed_write_keeps_the_previous_file() {
        let dir = std::env::temp_dir().join(format!("paiban-out2-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let good = dir.join("a.pdf");
        fs::write(&good, b"previous").unwrap();
        // The second target's folder cannot be created (a file is in the way).
        fs::write(dir.join("blocker"), b"").unwrap();
        let bad = dir.join("blocker/b.pdf");
        let err =
            write_all(&[(good.clone(), b"new".to_vec()), (bad, b"new".to_vec())]).unwrap_err();
        assert!(err.message.contains("failed to"), "{err}");
        assert_eq!(fs::read(&good).unwrap(), b"previous");
        let leftovers = fs::read_dir(&dir)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".tmp")
            })
            .count();
        assert_eq!(leftovers, 0);
        fs::remove_dir_all(&dir).ok();
    }
}
