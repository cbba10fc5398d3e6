//! What an edition may read: the path policy, in one place.
//!
//! An edition arrives from elsewhere (an upload folder, a hot folder on the plant's server), so
//! every file it names is read through a [`ReadPolicy`]:
//!
//! - **Confinement.** After following symbolic links and `..`, the file must lie inside the
//!   edition root (the edition file's folder, or `--root DIR`) or inside paiban's own `layouts/`
//!   and `fonts/`. `--allow-outside-root` lifts this rule for trusted local editions.
//! - **Regular files only.** FIFOs, devices, sockets and folders are refused before they are
//!   opened for reading (a FIFO would block the open, `/dev/zero` never ends), and the opened
//!   file is checked again, so a swap between the check and the open is caught too.
//! - **Size limits** per kind of input ([`Limits`]), checked on the open file before reading,
//!   and enforced while reading (a file that grows is cut off, not read to the end).
//!
//! A refusal is an input error (exit 2) whose message begins with [`REFUSED`], so the caller that
//! knows the plan line naming the file can put that line first (see `model::named_at`).

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;

/// The words every refusal message begins with.
pub const REFUSED: &str = "refused to read";

/// The kinds of file an edition names, each with its own size limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// An edition, layout or page-plan YAML file.
    Yaml,
    /// An article (front matter and text).
    Article,
    /// A picture or logo (JPEG, PNG).
    Picture,
    /// An ICC output profile named by a layout.
    Profile,
}

impl InputKind {
    fn noun(self) -> &'static str {
        match self {
            InputKind::Yaml => "YAML file",
            InputKind::Article => "article",
            InputKind::Picture => "picture",
            InputKind::Profile => "ICC profile",
        }
    }

    fn flag(self) -> &'static str {
        match self {
            InputKind::Yaml => "--max-yaml-mb",
            InputKind::Article => "--max-article-mb",
            InputKind::Picture => "--max-picture-mb",
            InputKind::Profile => "--max-picture-mb",
        }
    }
}

/// Size limits in bytes per kind of input. The defaults are far above any real edition (the
/// 24-page sample's largest plan is 6 KB, its longest article 9 KB, its largest picture 1 MB)
/// and far below what would exhaust a build machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Edition, layout and page-plan files.
    pub yaml: u64,
    /// Each article file.
    pub article: u64,
    /// Each picture and logo file (and an ICC profile a layout names).
    pub picture: u64,
}

/// One megabyte, as the `--max-*-mb` options count.
pub const MB: u64 = 1 << 20;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            yaml: 4 * MB,
            article: 16 * MB,
            picture: 200 * MB,
        }
    }
}

impl Limits {
    /// The limit for one kind of input.
    pub fn of(&self, kind: InputKind) -> u64 {
        match kind {
            InputKind::Yaml => self.yaml,
            InputKind::Article => self.article,
            InputKind::Picture | InputKind::Profile => self.picture,
        }
    }
}

/// Where an edition may read from and how much.
#[derive(Debug, Clone)]
pub struct ReadPolicy {
    /// The edition root, canonical; `None` means anywhere (`--allow-outside-root`).
    root: Option<PathBuf>,
    /// paiban's own folders (layouts, fonts), canonical: always allowed.
    own: Vec<PathBuf>,
    /// Size limits.
    limits: Limits,
}

/// How the operator set the policy up on the command line.
#[derive(Debug, Clone, Default)]
pub struct RootOptions {
    /// `--root DIR`; default the edition file's folder.
    pub root: Option<PathBuf>,
    /// `--allow-outside-root`.
    pub allow_outside_root: bool,
    /// `--max-*-mb`.
    pub limits: Limits,
    /// paiban's own folders (its layouts/ and fonts/), which an edition may always read from;
    /// the command line finds them beside the program.
    pub own_folders: Vec<PathBuf>,
}

impl ReadPolicy {
    /// The policy for the edition at `edition_path`.
    pub fn for_edition(edition_path: &Path, options: &RootOptions) -> Result<Self, Diagnostic> {
        let own = options
            .own_folders
            .iter()
            .filter_map(|d| std::fs::canonicalize(d).ok())
            .collect();
        if options.allow_outside_root {
            return Ok(ReadPolicy {
                root: None,
                own,
                limits: options.limits,
            });
        }
        let given = match &options.root {
            Some(root) => root.clone(),
            None => super::parent(edition_path),
        };
        let root = std::fs::canonicalize(&given).map_err(|e| {
            Diagnostic::input(format!(
                "the edition root {} cannot be opened ({e})",
                given.display()
            ))
            .hint("give an existing folder with --root, or check the edition path")
        })?;
        Ok(ReadPolicy {
            root: Some(root),
            own,
            limits: options.limits,
        })
    }

    /// A policy with no confinement and the default limits (for tools and tests that read a
    /// file they were handed directly).
    pub fn anywhere() -> Self {
        ReadPolicy {
            root: None,
            own: Vec::new(),
            limits: Limits::default(),
        }
    }

    /// The edition root, when reads are confined.
    pub fn root(&self) -> Option<&Path> {
        self.root.as_deref()
    }

    /// Whether `path` may be read: the canonical path, or the refusal.
    pub fn check(&self, path: &Path, kind: InputKind) -> Result<PathBuf, Diagnostic> {
        let canonical = std::fs::canonicalize(path).map_err(|e| not_found(path, kind, &e))?;
        if let Some(root) = &self.root {
            let inside = canonical.starts_with(root)
                || self.own.iter().any(|own| canonical.starts_with(own));
            if !inside {
                return Err(refusal(
                    path,
                    kind,
                    format!(
                        "it lies outside the edition root {}{}",
                        root.display(),
                        if canonical != path {
                            format!(" (it resolves to {})", canonical.display())
                        } else {
                            String::new()
                        }
                    ),
                )
                .hint(
                    "rule: every file an edition names must lie inside the edition's folder \
                     (or --root DIR) after following links, or in paiban's own layouts/ and fonts/",
                )
                .hint("copy the file into the edition, or for a trusted local edition pass --allow-outside-root"));
            }
        }
        let meta = std::fs::metadata(&canonical).map_err(|e| not_found(path, kind, &e))?;
        regular_and_small(path, kind, &meta, self.limits.of(kind))?;
        Ok(canonical)
    }

    /// Read a file the edition names, under the policy.
    pub fn read(&self, path: &Path, kind: InputKind) -> Result<Vec<u8>, Diagnostic> {
        let canonical = self.check(path, kind)?;
        let limit = self.limits.of(kind);
        let file = open_no_block(&canonical).map_err(|e| not_found(path, kind, &e))?;
        // Checked again on the open file: the path may have been swapped since `check`.
        let meta = file.metadata().map_err(|e| not_found(path, kind, &e))?;
        regular_and_small(path, kind, &meta, limit)?;
        let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
        // One byte past the limit tells a file that grew after the check.
        file.take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| not_found(path, kind, &e))?;
        if bytes.len() as u64 > limit {
            return Err(too_large(path, kind, limit));
        }
        Ok(bytes)
    }
}

/// Refuse anything but a regular file within the size limit.
fn regular_and_small(
    path: &Path,
    kind: InputKind,
    meta: &std::fs::Metadata,
    limit: u64,
) -> Result<(), Diagnostic> {
    if !meta.is_file() {
        let what = file_type_name(meta);
        return Err(
            refusal(path, kind, format!("it is {what}, not a regular file")).hint(
                "rule: paiban reads only regular files; FIFOs, devices and folders are refused",
            ),
        );
    }
    if meta.len() > limit {
        return Err(too_large(path, kind, limit));
    }
    Ok(())
}

fn too_large(path: &Path, kind: InputKind, limit: u64) -> Diagnostic {
    refusal(
        path,
        kind,
        format!(
            "it is larger than the {} MB limit for a {}",
            limit / MB,
            kind.noun()
        ),
    )
    .hint(format!(
        "rule: input sizes are bounded; if the file is right, raise the limit with {} N",
        kind.flag()
    ))
}

fn refusal(path: &Path, kind: InputKind, why: String) -> Diagnostic {
    Diagnostic::input(format!(
        "{REFUSED} the {} {}: {why}",
        kind.noun(),
        path.display()
    ))
}

/// A file that cannot be opened: the message the model gave before the policy existed, so a
/// missing file still reads "failed to read".
fn not_found(path: &Path, kind: InputKind, e: &std::io::Error) -> Diagnostic {
    let what = match kind {
        InputKind::Picture => "picture",
        _ => "file",
    };
    let d = Diagnostic::input(format!("failed to read {what} ({e})")).in_file(path);
    if e.kind() == std::io::ErrorKind::NotFound {
        d.hint("check the path; paths are relative to the file that names them")
    } else {
        d
    }
}

fn file_type_name(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else {
        "not a file"
    }
}

/// Open for reading without blocking on a FIFO that was swapped in after the check.
fn open_no_block(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    options.open(path)
}

/// Why `name` cannot be the name of one file inside the output folder, if it cannot: output
/// names (a `split_pattern` and the fields it uses) may not climb out of `-o`'s folder, name a
/// folder, or hide among paiban's temporary files.
pub fn bad_file_name(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("it is empty")
    } else if name.contains(['/', '\\']) {
        Some("it contains a path separator (/ or \\)")
    } else if name.contains("..") {
        Some("it contains \"..\"")
    } else if name.starts_with('.') {
        Some("it starts with a dot (a hidden file)")
    } else if name.chars().any(char::is_control) {
        Some("it contains a control character")
    } else if name.len() > 200 {
        Some("it is longer than 200 bytes")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("paiban-paths-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("ed")).unwrap();
        dir
    }

    fn policy(dir: &Path) -> ReadPolicy {
        ReadPolicy::for_edition(&dir.join("ed/edition.yaml"), &RootOptions::default()).unwrap()
    }

    #[test]
    fn files_inside_the_root_are_read() {
        let dir = scratch("inside");
        std::fs::write(dir.join("ed/a.md"), "正文").unwrap();
        let bytes = policy(&dir)
            .read(&dir.join("ed/a.md"), InputKind::Article)
            .unwrap();
        assert_eq!(bytes, "正文".as_bytes());
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn dot_dot_and_links_out_of_the_root_are_refused() {
        let dir = scratch("outside");
        std::fs::write(dir.join("secret.txt"), "secret").unwrap();
        let p = policy(&dir);
        let err = p
            .read(&dir.join("ed/../secret.txt"), InputKind::Article)
            .unwrap_err();
        assert!(err.message.starts_with(REFUSED), "{err}");
        assert!(err.message.contains("outside the edition root"), "{err}");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join("secret.txt"), dir.join("ed/link.md")).unwrap();
            let err = p
                .read(&dir.join("ed/link.md"), InputKind::Article)
                .unwrap_err();
            assert!(err.message.contains("resolves to"), "{err}");
        }
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn paiban_s_own_layouts_are_allowed() {
        let dir = scratch("own");
        let layouts = Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts");
        let layout = layouts.join("sikai-6col.yaml");
        assert!(policy(&dir).read(&layout, InputKind::Yaml).is_err());
        let options = RootOptions {
            own_folders: vec![layouts],
            ..RootOptions::default()
        };
        let policy = ReadPolicy::for_edition(&dir.join("ed/edition.yaml"), &options).unwrap();
        assert!(policy.read(&layout, InputKind::Yaml).is_ok());
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn size_limits_are_checked_before_reading() {
        let dir = scratch("size");
        let file = dir.join("ed/big.md");
        std::fs::write(&file, vec![b'a'; 2048]).unwrap();
        let options = RootOptions {
            limits: Limits {
                article: 1024,
                ..Limits::default()
            },
            ..RootOptions::default()
        };
        let p = ReadPolicy::for_edition(&dir.join("ed/edition.yaml"), &options).unwrap();
        let err = p.read(&file, InputKind::Article).unwrap_err();
        assert!(err.message.contains("larger than"), "{err}");
        assert!(err.hints.iter().any(|h| h.contains("--max-article-mb")));
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn output_names_cannot_leave_their_folder() {
        for bad in [
            "../escape.pdf",
            "/tmp/x.pdf",
            "a/b.pdf",
            "a\\b.pdf",
            "..",
            ".hidden",
            "",
        ] {
            assert!(bad_file_name(bad).is_some(), "{bad:?} was accepted");
        }
        assert_eq!(bad_file_name("DCSX-20220816-01.pdf"), None);
        assert_eq!(bad_file_name("东昌时讯-01.pdf"), None);
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_even_when_reads_are_not_confined() {
        let err = ReadPolicy::anywhere()
            .read(Path::new("/dev/zero"), InputKind::Picture)
            .unwrap_err();
        assert!(
            err.message.contains("a device, not a regular file"),
            "{err}"
        );
    }
}
