//! Layout and the PDF stage (font subsets, compression) run on several threads; the output must
//! not depend on how many.

use std::path::{Path, PathBuf};
use std::process::Command;

const SAMPLE: &str = "samples/dongchang-1461/edition.yaml";

fn build(dir: &Path, threads: &str, extra: &[&str]) -> Vec<u8> {
    let out: PathBuf = dir.join(format!("t{threads}{}.pdf", extra.join("")));
    let status = Command::new(env!("CARGO_BIN_EXE_paiban"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("SOURCE_DATE_EPOCH")
        .args(["build", SAMPLE, "--threads", threads, "-o"])
        .arg(&out)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        status.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    std::fs::read(&out).unwrap()
}

#[test]
fn output_is_byte_identical_whatever_the_thread_count() {
    let dir = std::env::temp_dir().join(format!("paiban-threads-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let one = build(&dir, "1", &[]);
    for n in ["2", "3", "8"] {
        assert!(
            one == build(&dir, n, &[]),
            "{n} threads give other bytes than 1"
        );
    }
    let one = build(&dir, "1", &["--pages", "2"]);
    assert!(
        one == build(&dir, "4", &["--pages", "2"]),
        "--pages 2 differs with 4 threads"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
