//! Writing output files atomically: each file is written to a temporary file in the same folder
//! and renamed over the target, so a failed or interrupted run leaves the previous file intact.
//!
//! Temporary files come from the `tempfile` crate: a random name, created with `O_EXCL` (a file
//! or symlink planted at the name is never followed or overwritten), removed when the write
//! fails. Their names are `.TARGET.PID.RANDOM.tmp`: a run killed before its rename leaves one
//! behind, and the next run writing into the folder removes those of processes no longer alive.
//! Outputs get the mode the umask gives a new file (0644 under umask 022), not a temporary's
//! 0600.
//!
//! Several files ([`write_all`], `--split`) are written completely first and renamed only then,
//! so a failed write changes none of them. The renames themselves are not one atomic step: a
//! crash between two renames (a few microseconds) leaves the earlier files new and the later
//! ones old (docs/security.md).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::diag::Diagnostic;

/// Write several files all-or-nothing: every temporary file is written first, then each is
/// renamed into place. On failure, the temporaries are removed and no target changes.
pub fn write_all(files: &[(PathBuf, Vec<u8>)]) -> Result<(), Diagnostic> {
    stage_all(files)?.commit()
}

/// Files written to temporaries beside their targets, not yet in place ([`stage_all`]);
/// dropped uncommitted, the temporaries are removed.
pub struct StagedFiles(Vec<(NamedTempFile, PathBuf)>);

/// The first half of [`write_all`]: every file written to its temporary; no target changes
/// until [`StagedFiles::commit`].
pub fn stage_all(files: &[(PathBuf, Vec<u8>)]) -> Result<StagedFiles, Diagnostic> {
    let mut folders: Vec<PathBuf> = Vec::new();
    let mut temps: Vec<(NamedTempFile, PathBuf)> = Vec::new();
    for (target, bytes) in files {
        let dir = folder_of(target);
        if !folders.contains(&dir) {
            remove_stale_temporaries(&dir);
            folders.push(dir);
        }
        // On an error, the temporaries written so far are removed as `temps` drops.
        temps.push((write_temp(target, bytes)?, target.clone()));
    }
    Ok(StagedFiles(temps))
}

impl StagedFiles {
    /// Rename each temporary into place.
    pub fn commit(self) -> Result<(), Diagnostic> {
        let mut temps = self.0.into_iter();
        for (temp, target) in temps.by_ref() {
            if let Err(e) = temp.persist(&target) {
                // `e.file` drops here, removing its temporary; so do the rest of `temps`.
                return Err(
                    Diagnostic::input(format!("failed to write output ({})", e.error))
                        .in_file(&target),
                );
            }
        }
        Ok(())
    }
}

/// A file every e-paper site holds at its root: a folder with it is a site paiban may replace.
pub const SITE_MARK: &str = "edition.json";

/// A folder of files (paths relative to it, with `/`) written as a whole: into a temporary
/// folder beside it ([`begin_site`], then [`StagedSite::put`] for each file, from any thread,
/// as the files are made), then renamed into place ([`StagedSite::commit`]). An existing site
/// there is moved aside first and removed only once the new one is in place, so a failure at
/// any step leaves the old site whole. A folder that is not empty and holds no [`SITE_MARK`]
/// is refused: it is not a site paiban wrote, and replacing it would delete someone's files.
pub struct StagedSite {
    target: PathBuf,
    parent: PathBuf,
    prefix: String,
    temp: tempfile::TempDir,
}

/// A site begun beside `target`: its temporary folder made, empty; nothing at `target` changes
/// until [`StagedSite::commit`], and dropped uncommitted, the folder is removed.
pub fn begin_site(target: &Path) -> Result<StagedSite, Diagnostic> {
    refuse_foreign_folder(target)?;
    let parent = folder_of(target);
    let fail = |what: &str, e: std::io::Error| site_failure(target, what, e);
    fs::create_dir_all(&parent).map_err(|e| fail("create the output folder", e))?;
    remove_stale_temporaries(&parent);
    let prefix = format!("{}{}.", temp_prefix(target), std::process::id());
    let temp = temp_folder(&parent, &prefix).map_err(|e| fail("create a temporary folder", e))?;
    Ok(StagedSite {
        target: target.to_path_buf(),
        parent,
        prefix,
        temp,
    })
}

impl StagedSite {
    /// Write the file at `relative` (with `/`, inside the site) into the temporary folder.
    pub fn put(&self, relative: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let Some(path) = inside(self.temp.path(), relative) else {
            return Err(Diagnostic::internal(format!(
                "the site file name {relative} leaves the site folder"
            )));
        };
        let fail = |e: std::io::Error| site_failure(&self.target, "write the site", e);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(fail)?;
        }
        fs::write(&path, bytes).map_err(fail)
    }

    /// Move the old site (if any) aside, the new one into place, and remove the old one.
    pub fn commit(self) -> Result<(), Diagnostic> {
        self.commit_keeping_old().map(drop)
    }

    /// [`StagedSite::commit`], the old site (moved aside) removed only as the result drops: a
    /// build removes it on a thread of its own while it puts the PDFs in place.
    pub fn commit_keeping_old(self) -> Result<OldSite, Diagnostic> {
        let StagedSite {
            target,
            parent,
            prefix,
            temp,
        } = self;
        let fail = |what: &str, e: std::io::Error| site_failure(&target, what, e);
        let aside =
            temp_folder(&parent, &prefix).map_err(|e| fail("create a temporary folder", e))?;
        let old = aside.path().join("old");
        let had_old = target.exists();
        if had_old {
            fs::rename(&target, &old).map_err(|e| fail("move the old site aside", e))?;
        }
        if let Err(e) = fs::rename(temp.path(), &target) {
            if had_old {
                // Put the old site back; the new one is removed as `temp` drops.
                let _ = fs::rename(&old, &target);
            }
            return Err(fail("move the new site into place", e));
        }
        // The new one is in place, so `temp` is kept; the old one goes with `aside`.
        let _ = temp.keep();
        Ok(OldSite { _folder: aside })
    }
}

/// A site moved aside by [`StagedSite::commit_keeping_old`], removed (with the folder holding
/// it) as this drops.
pub struct OldSite {
    _folder: tempfile::TempDir,
}

/// A new folder in `parent` named `prefix`, random characters and [`TEMP_SUFFIX`].
fn temp_folder(parent: &Path, prefix: &str) -> std::io::Result<tempfile::TempDir> {
    tempfile::Builder::new()
        .prefix(prefix)
        .suffix(TEMP_SUFFIX)
        .rand_bytes(8)
        .tempdir_in(parent)
}

/// Writing the site at `target` failed at `what`.
fn site_failure(target: &Path, what: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::input(format!("failed to {what} ({e})"))
        .in_file(target)
        .hint("choose an output folder you can write to with -o")
}

/// A non-empty folder without [`SITE_MARK`], or a file, at `target`: refuse to replace it.
fn refuse_foreign_folder(target: &Path) -> Result<(), Diagnostic> {
    let Ok(meta) = fs::symlink_metadata(target) else {
        return Ok(());
    };
    let foreign = if meta.is_dir() {
        let empty = fs::read_dir(target).is_ok_and(|mut d| d.next().is_none());
        !empty && !target.join(SITE_MARK).is_file()
    } else {
        true
    };
    if foreign {
        return Err(Diagnostic::input(format!(
            "{} is not an e-paper site paiban wrote (it holds no {SITE_MARK}); it would be replaced whole",
            target.display()
        ))
        .in_file(target)
        .hint("choose a new or empty folder, or the folder of an earlier e-paper"));
    }
    Ok(())
}

/// `relative` (with `/`) under `root`, if it is a plain path that stays inside.
fn inside(root: &Path, relative: &str) -> Option<PathBuf> {
    let mut path = root.to_path_buf();
    for part in relative.split('/') {
        if part.is_empty() || part == "." || part == ".." || part.contains('\\') {
            return None;
        }
        path.push(part);
    }
    Some(path)
}

/// Write one file atomically.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    write_all(&[(target.to_path_buf(), bytes.to_vec())])
}

fn folder_of(target: &Path) -> PathBuf {
    match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The start of every temporary name for `target`: `.NAME.`; this process adds `PID.`.
fn temp_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    format!(".{name}.")
}

const TEMP_SUFFIX: &str = ".tmp";

fn write_temp(target: &Path, bytes: &[u8]) -> Result<NamedTempFile, Diagnostic> {
    let dir = folder_of(target);
    let fail = |what: &str, e: std::io::Error| {
        let mut d = Diagnostic::input(format!("failed to {what} ({e})")).in_file(target);
        if e.kind() == std::io::ErrorKind::PermissionDenied {
            d = d.hint("choose an output folder you can write to with -o");
        }
        d
    };
    fs::create_dir_all(&dir).map_err(|e| fail("create the output folder", e))?;
    let prefix = format!("{}{}.", temp_prefix(target), std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMP_SUFFIX).rand_bytes(8);
    // tempfile creates its files 0600, as a temporary's contents are usually private; this one
    // becomes an output like any other, so it is asked for 0666 and the umask decides (0644
    // under the usual 022), as for a file written by `cp` or an editor.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut temp = builder
        .tempfile_in(&dir)
        .map_err(|e| fail("write output", e))?;
    // No fsync: the rename already guarantees that an interrupted or failed run leaves the
    // previous file whole; syncing would only guard against power loss and costs more than
    // the rest of a one-page rebuild.
    let written = temp.write_all(bytes).and_then(|()| temp.flush());
    written.map_err(|e| fail("write output", e))?;
    Ok(temp)
}

/// Remove the temporaries that killed runs left in `dir`: names `.NAME.PID.RANDOM.tmp` whose
/// process is gone. A live process's temporary (another build writing here now) is kept.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if let Some(pid) = temp_owner(name)
            && pid != std::process::id()
            && !process_alive(pid)
        {
            // A temporary site folder (`begin_site`) is a real folder, never a link to one.
            match entry.file_type() {
                Ok(t) if t.is_dir() => {
                    let _ = fs::remove_dir_all(entry.path());
                }
                _ => {
                    let _ = fs::remove_file(entry.path());
                }
            }
        }
    }
}

/// The process id in a temporary's name `.NAME.PID.RANDOM.tmp`, if it is one.
fn temp_owner(name: &str) -> Option<u32> {
    let stem = name.strip_prefix('.')?.strip_suffix(TEMP_SUFFIX)?;
    let mut parts = stem.rsplitn(3, '.');
    let random = parts.next()?;
    let pid = parts.next()?;
    let _target = parts.next().filter(|t| !t.is_empty())?;
    let random_ok = random.len() == 8 && random.chars().all(|c| c.is_ascii_alphanumeric());
    random_ok.then(|| pid.parse().ok()).flatten()
}

/// Whether a process is alive, from `/proc` (Linux). Where there is no `/proc` every process
/// counts as alive, so no temporary is removed that might still be written.
fn process_alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
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
    fn a_site_is_written_as_its_files_come_and_appears_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("site");
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join(SITE_MARK), b"old").unwrap();
        let staged = begin_site(&target).unwrap();
        staged.put(SITE_MARK, b"new").unwrap();
        staged.put("pages/01.html", b"<p>").unwrap();
        assert!(staged.put("../outside.html", b"x").is_err());
        assert!(!dir.path().join("outside.html").exists());
        // Nothing in place yet: the old site is whole.
        assert_eq!(fs::read(target.join(SITE_MARK)).unwrap(), b"old");
        let old = staged.commit_keeping_old().unwrap();
        assert_eq!(fs::read(target.join(SITE_MARK)).unwrap(), b"new");
        assert_eq!(fs::read(target.join("pages/01.html")).unwrap(), b"<p>");
        drop(old);
        let left: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["site"], "the old site and the temporaries are gone");
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

    #[test]
    fn temporaries_of_dead_runs_are_removed_and_live_ones_kept() {
        let dir = std::env::temp_dir().join(format!("paiban-out3-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        // pid 0x7FFFFFF0 is above Linux's pid_max: never alive.
        let dead = dir.join(".out.pdf.2147483632.abcd1234.tmp");
        let live = dir.join(format!(".out.pdf.{}.wxyz9876.tmp", std::process::id()));
        let other = dir.join(".notes.tmp");
        for f in [&dead, &live, &other] {
            fs::write(f, b"x").unwrap();
        }
        write_atomic(&dir.join("out.pdf"), b"pdf").unwrap();
        assert!(!dead.exists());
        assert!(live.exists() && other.exists());
        fs::remove_dir_all(&dir).ok();
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_planted_at_an_old_temporary_name_is_not_followed() {
        let dir = std::env::temp_dir().join(format!("paiban-out4-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let victim = dir.join("victim.txt");
        fs::write(&victim, b"keep me").unwrap();
        // The name the old writer used: `.NAME.PID.tmp`.
        let planted = dir.join(format!(".out.pdf.{}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        write_atomic(&dir.join("out.pdf"), b"pdf").unwrap();
        assert_eq!(fs::read(&victim).unwrap(), b"keep me");
        assert_eq!(fs::read(dir.join("out.pdf")).unwrap(), b"pdf");
        fs::remove_dir_all(&dir).ok();
    }
}
