//! Picture files: read once, the format and pixel size taken from the header (JPEG SOF, PNG
//! IHDR), the EXIF orientation from a JPEG's APP1 segment. The bytes are passed to the PDF
//! writer unchanged; the orientation is applied where the picture is drawn (a rotation or
//! mirror in the placement matrix), so a camera JPEG is never decoded just to turn it upright.

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
    /// Width and height in pixels as the picture is seen, after its EXIF orientation (a
    /// portrait photo stored sideways is taller than wide here).
    pub pixels: (u32, u32),
    /// Colour components (1 gray, 3 RGB, 4 CMYK).
    pub components: u8,
    /// How the stored pixels are turned to be seen upright.
    pub orientation: Orientation,
}

/// The EXIF orientation (tag 0x0112): how the stored rows and columns map onto the picture as
/// it is meant to be seen. 1 is upright; 6 is a camera held upright (stored rotated 90° to
/// the left, shown turned 90° clockwise); 2–4 and 5, 7 are mirrors and their transposes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Orientation(u8);

impl Default for Orientation {
    fn default() -> Self {
        Orientation::UPRIGHT
    }
}

impl Orientation {
    /// Stored as seen.
    pub const UPRIGHT: Orientation = Orientation(1);

    /// The orientation for EXIF value `v`; values outside 1..=8 (seen in broken files) mean
    /// upright, as every viewer treats them.
    pub fn from_exif(v: u16) -> Orientation {
        match v {
            2..=8 => Orientation(v as u8),
            _ => Orientation::UPRIGHT,
        }
    }

    /// The EXIF value, 1..=8.
    pub fn exif(self) -> u8 {
        self.0.max(1)
    }

    /// Whether rows and columns swap (5–8): the seen width is the stored height.
    pub fn transposes(self) -> bool {
        self.0 >= 5
    }

    /// The seen size of a picture stored as `stored` pixels.
    pub fn seen(self, stored: (u32, u32)) -> (u32, u32) {
        if self.transposes() {
            (stored.1, stored.0)
        } else {
            stored
        }
    }

    /// Where the stored pixel at (`sx`, `sy`) (fractions of the stored width and height, `sy`
    /// from the top row) is seen, as fractions of the seen width and height from the top left.
    /// The PDF writer builds its placement matrix from this.
    pub fn map(self, sx: f32, sy: f32) -> (f32, f32) {
        match self.0 {
            2 => (1.0 - sx, sy),
            3 => (1.0 - sx, 1.0 - sy),
            4 => (sx, 1.0 - sy),
            5 => (sy, sx),
            6 => (1.0 - sy, sx),
            7 => (1.0 - sy, 1.0 - sx),
            8 => (sy, 1.0 - sx),
            _ => (sx, sy),
        }
    }
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
    let (format, pixels, components, orientation) = if data.starts_with(&[0xFF, 0xD8]) {
        let (w, h, c) = jpeg_header(&data).ok_or_else(bad)?;
        (ImageFormat::Jpeg, (w, h), c, jpeg_orientation(&data))
    } else if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        let (w, h, c) = png_header(&data).ok_or_else(bad)?;
        (ImageFormat::Png, (w, h), c, Orientation::UPRIGHT)
    } else {
        return Err(bad());
    };
    if pixels.0 == 0 || pixels.1 == 0 {
        return Err(bad());
    }
    Ok(Picture {
        data: Arc::new(data),
        format,
        pixels: orientation.seen(pixels),
        components,
        orientation,
    })
}

/// The orientation in a JPEG's EXIF segment (APP1 `Exif\0\0`, a TIFF structure whose first
/// IFD may hold tag 0x0112); upright when there is none or it cannot be read.
fn jpeg_orientation(data: &[u8]) -> Orientation {
    let mut i = 2;
    while i + 4 <= data.len() && data[i] == 0xFF {
        let marker = data[i + 1];
        let len = usize::from(u16::from_be_bytes([data[i + 2], data[i + 3]]));
        // The EXIF segment comes before the image data; stop at start of scan.
        if marker == 0xDA || len < 2 {
            break;
        }
        let body = data.get(i + 4..i + 2 + len).unwrap_or_default();
        if marker == 0xE1 && body.starts_with(b"Exif\0\0") {
            return tiff_orientation(&body[6..])
                .map_or(Orientation::UPRIGHT, Orientation::from_exif);
        }
        i += 2 + len;
    }
    Orientation::UPRIGHT
}

/// Tag 0x0112 of the first IFD of a TIFF structure, in either byte order.
fn tiff_orientation(tiff: &[u8]) -> Option<u16> {
    let big = match tiff.get(0..2)? {
        b"MM" => true,
        b"II" => false,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b: [u8; 2] = tiff.get(at..at + 2)?.try_into().ok()?;
        Some(if big {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b: [u8; 4] = tiff.get(at..at + 4)?.try_into().ok()?;
        Some(if big {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    };
    let ifd = usize::try_from(u32_at(4)?).ok()?;
    let entries = usize::from(u16_at(ifd)?);
    (0..entries).find_map(|n| {
        let entry = ifd + 2 + 12 * n;
        // Type 3 is SHORT: the value sits in the first two bytes of the value field.
        (u16_at(entry)? == 0x0112 && u16_at(entry + 2)? == 3).then(|| u16_at(entry + 8))?
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
        assert_eq!(p.orientation, Orientation::UPRIGHT);
    }

    /// A minimal JPEG head: SOI, an APP1 EXIF segment with one IFD entry, SOF0 of 40×30.
    fn jpeg_with_orientation(big_endian: bool, value: u16) -> Vec<u8> {
        let u16b = |v: u16| {
            if big_endian {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            }
        };
        let u32b = |v: u32| {
            if big_endian {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            }
        };
        let mut tiff = Vec::new();
        tiff.extend_from_slice(if big_endian { b"MM" } else { b"II" });
        tiff.extend_from_slice(&u16b(42));
        tiff.extend_from_slice(&u32b(8));
        tiff.extend_from_slice(&u16b(1));
        tiff.extend_from_slice(&u16b(0x0112));
        tiff.extend_from_slice(&u16b(3));
        tiff.extend_from_slice(&u32b(1));
        tiff.extend_from_slice(&u16b(value));
        tiff.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend_from_slice(&tiff);
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE1];
        jpeg.extend_from_slice(&((app1.len() + 2) as u16).to_be_bytes());
        jpeg.extend_from_slice(&app1);
        jpeg.extend_from_slice(&[0xFF, 0xC0, 0, 11, 8, 0, 30, 0, 40, 1, 1, 0x11, 0]);
        jpeg
    }

    #[test]
    fn exif_orientation_is_read_in_both_byte_orders_and_swaps_the_seen_size() {
        for big in [true, false] {
            let data = jpeg_with_orientation(big, 6);
            assert_eq!(jpeg_orientation(&data), Orientation::from_exif(6));
            assert_eq!(jpeg_header(&data), Some((40, 30, 1)));
        }
        assert_eq!(
            jpeg_orientation(&jpeg_with_orientation(true, 1)),
            Orientation::UPRIGHT
        );
        assert_eq!(
            jpeg_orientation(&jpeg_with_orientation(true, 99)),
            Orientation::UPRIGHT
        );
        let six = Orientation::from_exif(6);
        assert_eq!(six.seen((40, 30)), (30, 40));
        assert_eq!(Orientation::from_exif(3).seen((40, 30)), (40, 30));
    }

    #[test]
    fn orientation_six_turns_the_top_row_into_the_right_edge() {
        let six = Orientation::from_exif(6);
        // Stored top-left corner: seen at the top right.
        assert_eq!(six.map(0.0, 0.0), (1.0, 0.0));
        // Stored bottom-left: seen at the top left.
        assert_eq!(six.map(0.0, 1.0), (0.0, 0.0));
        let eight = Orientation::from_exif(8);
        assert_eq!(eight.map(0.0, 0.0), (0.0, 1.0));
        for v in 1..=8 {
            let o = Orientation::from_exif(v);
            let (x, y) = o.map(0.25, 0.75);
            assert!(
                [0.25, 0.75].contains(&x) && [0.25, 0.75].contains(&y),
                "{v}"
            );
        }
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
