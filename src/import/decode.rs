//! Text files in whatever encoding the newsroom saved them: the bytes of a .txt or .md story
//! to a `String`, and the name of the encoding for the import summary.
//!
//! Order of the tests: a byte-order mark decides (UTF-8, UTF-16 LE/BE); then valid UTF-8 is
//! UTF-8; then chardetng guesses, told the text is Chinese (the `.cn` domain hint), and the
//! guess is accepted only when it is a Chinese encoding (GBK, read as its superset GB18030,
//! or Big5) and the bytes decode without a single error. Anything else is refused: a wrong
//! guess would put mojibake into the paper, which is worse than a clear error.
//!
//! Files that are not text at all (NUL bytes, control characters, the signatures of .doc,
//! .pdf, .rtf, zip and picture files) are refused with a hint naming what they look like.

use encoding_rs::{BIG5, Encoding, GB18030, GBK, UTF_16BE, UTF_16LE};

/// Decoded text and how it was decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The text, without a byte-order mark, line ends as in the file.
    pub text: String,
    /// The encoding, as the summary names it ("UTF-8", "UTF-8 with BOM", "GB18030" …).
    pub encoding: String,
}

/// Why bytes could not be read as text: a message and a hint.
#[derive(Debug, Clone, PartialEq)]
pub struct NotText {
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
}

/// Decode the bytes of a text story.
pub fn decode(bytes: &[u8]) -> Result<Decoded, NotText> {
    if let Some(kind) = signature(bytes) {
        return Err(kind);
    }
    let (text, encoding) = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (utf8(rest)?, "UTF-8 with BOM".to_string())
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (strict(UTF_16LE, rest)?, "UTF-16LE with BOM".to_string())
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        (strict(UTF_16BE, rest)?, "UTF-16BE with BOM".to_string())
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        (text.to_string(), "UTF-8".to_string())
    } else {
        guess_chinese(bytes)?
    };
    check_is_text(&text)?;
    Ok(Decoded { text, encoding })
}

fn utf8(bytes: &[u8]) -> Result<String, NotText> {
    std::str::from_utf8(bytes)
        .map(str::to_string)
        .map_err(|e| NotText {
            message: format!(
                "the file starts with a UTF-8 byte-order mark but byte {} is not UTF-8",
                e.valid_up_to() + 4
            ),
            hint: "open it in an editor and save it again as UTF-8".into(),
        })
}

fn strict(encoding: &'static Encoding, bytes: &[u8]) -> Result<String, NotText> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(NotText {
            message: format!(
                "the file starts with a {} byte-order mark but is not valid {} text",
                encoding.name(),
                encoding.name()
            ),
            hint: "open it in an editor and save it again as UTF-8".into(),
        });
    }
    Ok(text.into_owned())
}

/// Not UTF-8: ask chardetng, accept only Chinese encodings that decode cleanly.
fn guess_chinese(bytes: &[u8]) -> Result<(String, String), NotText> {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Deny);
    let (encoding, name) = if guess == GBK || guess == GB18030 {
        // GBK is a subset of GB18030; decoding as GB18030 also reads its four-byte sequences
        // (rare hanzi in names, 𠮷).
        (GB18030, "GB18030 (GBK), detected")
    } else if guess == BIG5 {
        (BIG5, "Big5, detected")
    } else {
        return Err(NotText {
            message: format!(
                "the file is neither UTF-8 nor a Chinese encoding (it looks most like {})",
                guess.name()
            ),
            hint: "save it as UTF-8 (or GB18030) text and import it again".into(),
        });
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(NotText {
            message: format!(
                "the file is not UTF-8, and not valid {} either",
                encoding.name()
            ),
            hint: "save it as UTF-8 text and import it again; if it came from the 采编系统, export it as UTF-8 or GB18030".into(),
        });
    }
    Ok((text.into_owned(), name.to_string()))
}

/// Signatures of files that are not text, with what to do about each.
fn signature(bytes: &[u8]) -> Option<NotText> {
    let what = |message: &str, hint: &str| {
        Some(NotText {
            message: message.into(),
            hint: hint.into(),
        })
    };
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return what(
            "this is an old Word/WPS .doc file, not text",
            "open it in Word or WPS and save it as .docx (Word 2007 and later), then import the .docx",
        );
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return what(
            "this is a zip archive (a .docx named otherwise?), not text",
            "if it is a Word document, name it .docx; otherwise unpack it and import the stories inside",
        );
    }
    if bytes.starts_with(b"%PDF") {
        return what(
            "this is a PDF file, not text",
            "copy the story's text out of the PDF into a .txt file, or ask for the Word file",
        );
    }
    if bytes.starts_with(b"{\\rtf") {
        return what(
            "this is an RTF file",
            "open it in Word or WPS and save it as .docx or as UTF-8 text",
        );
    }
    None
}

/// Refuse decoded text with NUL or other control characters: a binary file, or text decoded
/// with the wrong encoding.
fn check_is_text(text: &str) -> Result<(), NotText> {
    let bad = text
        .char_indices()
        .find(|(_, c)| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'));
    match bad {
        None => Ok(()),
        Some((offset, c)) => Err(NotText {
            message: format!(
                "the file holds the control character U+{:04X} at byte {offset}: it is not a text file",
                u32::from(c)
            ),
            hint: "import .docx, .txt or .md stories; pictures and other files go in the page plan"
                .into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_encoding_is_read_and_named() {
        let text = "东昌府讯 8月12日，𠮷祥村召开会议。";
        let (gb, _, _) = GB18030.encode(text);
        let got = decode(&gb).unwrap();
        assert_eq!(got.text, text);
        assert!(got.encoding.starts_with("GB18030"), "{}", got.encoding);

        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(decode(&bom).unwrap().encoding, "UTF-8 with BOM");
        assert_eq!(decode(&bom).unwrap().text, text);

        let mut le = b"\xFF\xFE".to_vec();
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&le).unwrap().text, text);
        let mut be = b"\xFE\xFF".to_vec();
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be).unwrap().text, text);
    }

    #[test]
    fn binary_and_foreign_bytes_are_refused() {
        assert!(decode(b"\x00\x01\x02\x03binary").is_err());
        assert!(
            decode(b"\xD0\xCF\x11\xE0\xA1\xB1")
                .unwrap_err()
                .message
                .contains(".doc")
        );
        // Latin-1 accented text is not a Chinese encoding.
        let err = decode(b"caf\xE9 cr\xE8me br\xFBl\xE9e, na\xEFve r\xE9sum\xE9").unwrap_err();
        assert!(err.message.contains("neither UTF-8"), "{}", err.message);
    }
}
