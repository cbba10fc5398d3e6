//! File names for `paiban import`: the inputs a folder holds, output names, the overwrite
//! check, and the article's path as the page plan names it.

use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

use super::Placement;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model;

/// The extensions a folder's stories are taken from.
const STORY_EXTENSIONS: &[&str] = &["docx", "txt", "md"];

/// The files to import: the files named, and the stories (.docx, .txt, .md) of the folders
/// named, in name order.
pub fn expand(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut out = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(input)
                .map_err(|e| {
                    Diagnostic::input(format!("cannot read the folder ({e})")).in_file(input)
                })?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && is_story_name(p))
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(
                    Diagnostic::input("the folder holds no .docx, .txt or .md story")
                        .in_file(input)
                        .hint("name the story files, or the folder that holds them"),
                );
            }
            out.extend(found);
        } else if input.exists() {
            out.push(input.clone());
        } else {
            return Err(Diagnostic::input("no such file or folder")
                .in_file(input)
                .hint("check the path"));
        }
    }
    Ok(out)
}

/// A story file in a folder: a known extension, not hidden, not Word's `~$` lock file.
fn is_story_name(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    !name.starts_with('.')
        && !name.starts_with("~$")
        && STORY_EXTENSIONS.contains(&extension(path).as_str())
}

/// The lower-case extension.
pub fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// The output name of a story: its file name without the extension.
pub fn stem(path: &Path) -> String {
    path.file_stem()
        .map_or_else(|| "story".into(), |s| s.to_string_lossy().into_owned())
}

/// Refuse to write over an input, to write two stories to one name, and (without `--force`) to
/// write over an existing file; the page plan of `--into` is meant to be rewritten.
pub fn refuse_overwrite(
    files: &[(PathBuf, Vec<u8>)],
    sources: &[PathBuf],
    force: bool,
    into: Option<&Placement>,
) -> Result<(), Diagnostics> {
    let mut errors = Diagnostics::new();
    let mut seen = HashSet::new();
    let sources: HashSet<PathBuf> = sources.iter().map(|s| absolute(s)).collect();
    let plan = into.map(|p| absolute(&p.plan));
    for (path, _) in files {
        let key = absolute(path);
        let is_plan = plan.as_ref().is_some_and(|p| {
            let mut backup = p.clone().into_os_string();
            backup.push(".bak");
            *p == key || backup == key.as_os_str()
        });
        if is_plan {
            continue;
        }
        if sources.contains(&key) {
            errors.push(
                Diagnostic::input("the import would write over the story it reads")
                    .in_file(path)
                    .hint("choose another folder with -o"),
            );
        } else if !seen.insert(key) {
            errors.push(
                Diagnostic::input("two stories would be written to this one file")
                    .in_file(path)
                    .hint("rename one of the stories (a.docx and a.txt both become a.md)"),
            );
        } else if path.exists() && !force {
            errors.push(
                Diagnostic::input("the file already exists")
                    .in_file(path)
                    .hint("choose another folder with -o, or add --force to overwrite it"),
            );
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    model::normalize(&joined)
}

/// `to` as a relative path from the folder `from`, with `/` separators (as page plans write
/// paths).
pub fn relative_to(from: &Path, to: &Path) -> Result<String, Diagnostic> {
    let from = absolute(from);
    let to = absolute(to);
    let a: Vec<Component> = from.components().collect();
    let b: Vec<Component> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return Err(Diagnostic::input(format!(
            "{} and {} have no folder in common",
            from.display(),
            to.display()
        ))
        .hint("import into a folder beside the page plan"));
    }
    let mut parts: Vec<String> = Vec::new();
    parts.extend(std::iter::repeat_n("..".to_string(), a.len() - common));
    parts.extend(
        b[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    Ok(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_between_folders() {
        assert_eq!(
            relative_to(Path::new("/e/pages"), Path::new("/e/articles/a.md")).unwrap(),
            "../articles/a.md"
        );
        assert_eq!(
            relative_to(Path::new("/e"), Path::new("/e/articles/a.md")).unwrap(),
            "articles/a.md"
        );
    }
}
