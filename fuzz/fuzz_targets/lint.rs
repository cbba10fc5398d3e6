//! The copy lint and `check --fix`: any article text must lint without a panic, and fixing
//! is idempotent: fixing a fixed text changes nothing more (else every `--fix` run would
//! rewrite the article again), and the fix keeps every Chinese character.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use paiban::model::lint::{fix, lint};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = lint(Path::new("fuzz.md"), text);
    let once = fix(text);
    let twice = fix(&once);
    assert_eq!(once, twice, "fixing twice changed the text again");
    let hanzi = |s: &str| s.chars().filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c)).count();
    assert_eq!(hanzi(text), hanzi(&once), "the fix lost or added Chinese characters");
    let _ = lint(Path::new("fuzz.md"), &once);
});
