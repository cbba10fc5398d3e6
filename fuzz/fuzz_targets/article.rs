//! Article files: any text through the front-matter split, the YAML front matter and the
//! CommonMark body parser must give an article or located diagnostics, never a panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("fuzz.md");
    match paiban::model::parse_article(path, text) {
        Ok((article, warnings)) => {
            assert!(!article.body.is_empty(), "an article without a body was accepted");
            assert!(!warnings.has_errors(), "errors returned as warnings");
        }
        Err(errors) => assert!(errors.has_errors(), "failed without an error"),
    }
});
