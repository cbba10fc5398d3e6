//! Helpers shared by the integration-test binaries (each includes this file with `mod common;`).

// Each test binary uses only some of these.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// Whether an outside program can be run; says so when it cannot, since the caller then skips.
pub fn have(program: &str) -> bool {
    let ok = Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success() || !o.stdout.is_empty() || !o.stderr.is_empty());
    if !ok {
        eprintln!("skipped: `{program}` is not installed");
    }
    ok
}

/// `pdfx_lint.py --x X` on `pdf`: its report, or `None` (with a message) where python3, the
/// script or pikepdf is missing. Fails the test when the lint fails.
pub fn pdfx_lint(pdf: &Path, x: &str) -> Option<String> {
    // The shared tools sit beside the repository (../shared), in CI as on a developer's machine.
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/pdfx_lint.py");
    if !script.exists() || !have("python3") {
        eprintln!("skipped: pdfx_lint.py or python3 not available");
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
        eprintln!("skipped: pikepdf is not installed (pip install pikepdf)");
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

/// Whether an outside program a test needs is here. Without it the test skips with a message,
/// except under CI (the `CI` variable set), where a missing tool is a failure: `.ci/run`
/// installs every one of them.
pub fn need(program: &str) -> bool {
    if have(program) {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "`{program}` is missing under CI; .ci/run must install it"
    );
    false
}
