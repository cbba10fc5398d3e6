//! Helpers shared by the integration tests.
//!
//! What a test needs from outside the repository (a program, a system file) is asked for with
//! [`have`] or [`have_file`]: on a developer's machine a missing one skips the test with a
//! message saying what to install; with `CI` set the test fails instead, so CI cannot pass on
//! tests it did not run. `.ci/run` installs everything they ask for.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Whether an outside program can be run. When it cannot: under CI the test fails; elsewhere
/// it says so, and the caller skips.
pub fn have(program: &str) -> bool {
    let ok = Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success() || !o.stdout.is_empty() || !o.stderr.is_empty());
    ok || missing(&format!("`{program}` is not installed"))
}

/// Whether a system file a test needs exists; `install` says how to get it. As [`have`].
pub fn have_file(path: &Path, install: &str) -> bool {
    path.exists() || missing(&format!("{} is absent ({install})", path.display()))
}

/// Report something a test needs as missing: a failure under CI, a skip (false) elsewhere.
pub fn missing(what: &str) -> bool {
    assert!(
        std::env::var_os("CI").is_none(),
        "{what}: this test needs it, and CI must install it (.ci/run)"
    );
    eprintln!("skipped: {what}");
    false
}

/// `pdfx_lint.py --x X` on `pdf`: its report, or `None` (with a message) where python3, the
/// script or pikepdf is missing. Fails the test when the lint fails.
pub fn pdfx_lint(pdf: &Path, x: &str) -> Option<String> {
    // The shared tools sit beside the repository (../shared), in CI as on a developer's machine.
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/pdfx_lint.py");
    if !have_file(
        &script,
        "the shared tools sit beside the repository, in ../shared",
    ) || !have("python3")
    {
        return None;
    }
    let out = Command::new("python3")
        .arg(&script)
        .args(["--x", x])
        .arg(pdf)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    if text.contains("No module named 'pikepdf'") {
        missing("pikepdf is not installed (pip install pikepdf)");
        return None;
    }
    assert!(
        out.status.success(),
        "pdfx_lint --x {x} failed on {}:\n{text}",
        pdf.display()
    );
    Some(text)
}

/// Copy the folder `from` to `to`, recursively (test fixtures are small).
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The same as [`have`].
pub fn need(program: &str) -> bool {
    have(program)
}

/// The repository's fonts/ (what the command line finds as paiban's own from target/).
pub fn fonts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts")
}

/// Whether python3 can import a module (`docx` for python-docx); `install` says how to get it.
/// As [`have`].
pub fn have_python_module(module: &str, install: &str) -> bool {
    let ok = Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success());
    ok || missing(&format!(
        "the python module {module} is not installed ({install})"
    ))
}

/// The names in `folder` of paiban's temporary files and folders (`….tmp`).
pub fn temporaries(folder: &Path) -> Vec<String> {
    std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}
