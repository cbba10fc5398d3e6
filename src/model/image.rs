//! Picture files: read once, the format and pixel size taken from the header (JPEG SOF, PNG
//! IHDR). The bytes are passed to the PDF writer unchanged.

use std::path::Path;
use std::sync::Arc;

use crate::diag::Diagnostic;

/// The encoded image formats passed through to the PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// JPEG (baseline or progressive; gray, RGB or CMYK).
    Jpeg,
    /// PNG.
    Png,
}

/// A picture read from disk.
#[derive(Debug, Clone)]
pub struct Picture {
    /// The encoded bytes.
    pub data: Arc<Vec<u8>>,
    /// JPEG or PNG.
    pub format: ImageFormat,
    /// Width and height in pixels.
    pub pixels: (u32, u32),
    /// Colour components (1 gray, 3 RGB, 4 CMYK).
    pub components: u8,
}

/// Read a picture file and check that it is a JPEG or PNG with a readable header.
/// (No confinement: the picture size limit only; an edition's pictures are read through
/// [`super::ReadPolicy`] and [`picture_from_bytes`].)
pub fn read_picture(path: &Path) -> Result<Picture, Diagnostic> {
    let data = super::ReadPolicy::anywhere().read(path, super::InputKind::Picture)?;
    picture_from_bytes(path, data)
}

/// Check that the bytes read from `path` are a JPEG or PNG with a readable header.
pub fn picture_from_bytes(path: &Path, data: Vec<u8>) -> Result<Picture, Diagnostic> {
    let bad = || {
        Diagnostic::input("not a JPEG or PNG picture, or its header is damaged")
            .in_file(path)
            .hint("save the picture as JPEG (CMYK or grayscale for print) or PNG")
    };
    let (format, pixels, components) = if data.starts_with(&[0xFF, 0xD8]) {
        let (w, h, c) = jpeg_header(&data).ok_or_else(bad)?;
        (ImageFormat::Jpeg, (w, h), c)
    } else if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        let (w, h, c) = png_header(&data).ok_or_else(bad)?;
        (ImageFormat::Png, (w, h), c)
    } else {
        return Err(bad());
    };
    if pixels.0 == 0 || pixels.1 == 0 {
        return Err(bad());
    }
    Ok(Picture {
        data: Arc::new(data),
        format,
        pixels,
        components,
    })
}

/// Width, height and components from a JPEG's start-of-frame segment.
fn jpeg_header(data: &[u8]) -> Option<(u32, u32, u8)> {
    let mut i = 2;
    while i + 4 <= data.len() {
        if data[i] != 0xFF {
            return None;
        }
        let marker = data[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([data[i + 2], data[i + 3]]));
        let is_sof = matches!(marker, 0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF);
        if is_sof {
            let s = data.get(i + 4..i + 10)?;
            let h = u32::from(u16::from_be_bytes([s[1], s[2]]));
            let w = u32::from(u16::from_be_bytes([s[3], s[4]]));
            return Some((w, h, s[5]));
        }
        if len < 2 {
            return None;
        }
        i += 2 + len;
    }
    None
}

/// Width, height and components from a PNG's IHDR chunk.
fn png_header(data: &[u8]) -> Option<(u32, u32, u8)> {
    let ihdr = data.get(8..33)?;
    if &ihdr[4..8] != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(ihdr[8..12].try_into().ok()?);
    let h = u32::from_be_bytes(ihdr[12..16].try_into().ok()?);
    let components = match ihdr[17] {
        0 => 1,
        2 | 3 => 3,
        4 => 2,
        6 => 4,
        _ => return None,
    };
    Some((w, h, components))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_picture_is_a_cmyk_jpeg() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples/dongchang-1461/pictures/dongchang-lake-canal.jpg");
        let p = read_picture(&path).unwrap();
        assert_eq!(p.format, ImageFormat::Jpeg);
        assert_eq!(p.pixels, (1200, 800));
        assert_eq!(p.components, 4);
    }

    #[test]
    fn text_pretending_to_be_a_picture_is_rejected() {
        let dir = std::env::temp_dir().join(format!("paiban-pic-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("fake.jpg");
        std::fs::write(&path, b"not a jpeg at all").unwrap();
        let err = read_picture(&path).unwrap_err();
        assert!(err.message.contains("not a JPEG or PNG"), "{err}");
        std::fs::write(&path, [0xFF, 0xD8, 0xFF]).unwrap();
        assert!(read_picture(&path).is_err());
        std::fs::remove_dir_all(&dir).ok();
        assert!(
            read_picture(&dir.join("missing.jpg"))
                .unwrap_err()
                .message
                .contains("failed to read")
        );
    }
}
