//! A loaded face: its metrics and names, its bytes memory-mapped, and positioned reads of
//! the file for the glyph outlines the subsetter copies.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use skrifa::MetadataProvider;
use skrifa::raw::{FontRef, TableProvider};

use super::FontData;
use crate::diag::Diagnostic;

/// A loaded face.
pub struct Face {
    /// The file it came from.
    pub path: PathBuf,
    /// Face index inside a collection (.ttc), 0 for a single font.
    pub index: u32,
    /// Family name as the user writes it in a style.
    pub family: String,
    /// Weight (400 regular, 700 bold, 900 black).
    pub weight: u16,
    /// PostScript name from this face's own `name` table (what the PDF names the font).
    pub postscript_name: String,
    /// Units per em.
    pub units_per_em: u16,
    /// Ascender, in em (positive).
    pub ascent: f32,
    /// Descender, in em (positive below the baseline).
    pub descent: f32,
    /// Whether the face came from fonts/ (true) or from the system (false).
    pub bundled: bool,
    data: FontData,
    /// The mapped file, kept open for [`Face::read_at`]; `None` where it cannot be read so.
    pub(super) file: Option<std::fs::File>,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face")
            .field("path", &self.path)
            .field("index", &self.index)
            .field("family", &self.family)
            .field("weight", &self.weight)
            .field("postscript_name", &self.postscript_name)
            .finish_non_exhaustive()
    }
}

impl Face {
    /// The whole font file's bytes (for a collection, the whole collection).
    pub fn data(&self) -> &[u8] {
        (*self.data).as_ref()
    }

    /// The shared bytes, for handing to the PDF writer without a copy.
    pub fn shared_data(&self) -> FontData {
        self.data.clone()
    }

    /// Fill `buf` with the font file's bytes from `offset`. One positioned read from the file,
    /// so that the bytes do not fault in the map's pages around them (the PDF stage reads the
    /// kept glyph outlines this way); a copy from the map where the file cannot be read.
    pub fn read_at(&self, offset: usize, buf: &mut [u8]) -> Result<(), String> {
        if self
            .file
            .as_ref()
            .is_some_and(|f| pread(f, buf, offset as u64))
        {
            return Ok(());
        }
        let bytes = offset
            .checked_add(buf.len())
            .and_then(|end| self.data().get(offset..end))
            .ok_or_else(|| format!("bytes {offset}+{} lie outside the font file", buf.len()))?;
        buf.copy_from_slice(bytes);
        Ok(())
    }

    /// A parsed view of this face.
    pub fn font_ref(&self) -> Option<FontRef<'_>> {
        FontRef::from_index(self.data(), self.index).ok()
    }

    /// Whether the face has a glyph for `c`.
    pub fn has_char(&self, c: char) -> bool {
        self.font_ref()
            .and_then(|f| f.charmap().map(c))
            .is_some_and(|g| g.to_u32() != 0)
    }
}

/// Map a font file and read what the rest of the pipeline needs from the chosen face.
pub fn open_face(
    path: &Path,
    index: u32,
    family: String,
    weight: u16,
    bundled: bool,
) -> Result<Face, Diagnostic> {
    let (data, file) = map_file(path)
        .map_err(|e| Diagnostic::input(format!("failed to read font file ({e})")).in_file(path))?;
    face_from(data, Some(file), path, index, family, weight, bundled)
}

/// A face over font bytes, with the open file for positioned reads where there is one.
pub(super) fn face_from(
    data: FontData,
    file: Option<std::fs::File>,
    path: &Path,
    index: u32,
    family: String,
    weight: u16,
    bundled: bool,
) -> Result<Face, Diagnostic> {
    let font = FontRef::from_index((*data).as_ref(), index).map_err(|e| {
        Diagnostic::input(format!("not a usable font (face {index}: {e})"))
            .in_file(path)
            .hint("replace the file with an OpenType (.otf/.ttf/.ttc) font")
    })?;
    let units_per_em = font
        .head()
        .map(|h| h.units_per_em())
        .unwrap_or(1000)
        .max(16);
    let upem = f32::from(units_per_em);
    let (ascent, descent) = match font.hhea() {
        Ok(h) => (
            f32::from(h.ascender().to_i16()) / upem,
            -f32::from(h.descender().to_i16()) / upem,
        ),
        Err(_) => (0.88, 0.12),
    };
    let postscript_name = postscript_name(&font).unwrap_or_else(|| family.replace(' ', ""));
    Ok(Face {
        path: path.to_path_buf(),
        index,
        family,
        weight,
        postscript_name,
        units_per_em,
        ascent,
        descent,
        bundled,
        data,
        file,
    })
}

/// The PostScript name (name ID 6) of this very face: in a collection every face has its own,
/// even when they share one CFF table.
fn postscript_name(font: &FontRef<'_>) -> Option<String> {
    font.localized_strings(skrifa::string::StringId::POSTSCRIPT_NAME)
        .english_or_first()
        .map(|s| {
            s.chars()
                .filter(|c| c.is_ascii_graphic())
                .collect::<String>()
        })
        .filter(|s| !s.is_empty())
}

/// Memory-map a font file read-only; the open file comes back too, for positioned reads.
#[allow(unsafe_code, reason = "memory-mapping font files; see the SAFETY note")]
fn map_file(path: &Path) -> std::io::Result<(FontData, std::fs::File)> {
    let file = std::fs::File::open(path)?;
    // SAFETY: the map is read-only and lives as long as the FontBook. If another process truncates
    // the font file during a run the process may receive SIGBUS; fonts are not edited while an
    // edition is being built, and a full read of 60 MB of CJK fonts on every run would cost more
    // than the rest of the build.
    let map = unsafe { memmap2::Mmap::map(&file)? };
    Ok((Arc::new(map), file))
}

#[cfg(unix)]
fn pread(file: &std::fs::File, buf: &mut [u8], offset: u64) -> bool {
    use std::os::unix::fs::FileExt;
    file.read_exact_at(buf, offset).is_ok()
}

/// Windows: `seek_read` may return fewer bytes than asked; read until the buffer is full.
#[cfg(windows)]
fn pread(file: &std::fs::File, buf: &mut [u8], offset: u64) -> bool {
    use std::os::windows::fs::FileExt;
    let mut done = 0;
    while done < buf.len() {
        match file.seek_read(&mut buf[done..], offset + done as u64) {
            Ok(0) | Err(_) => return false,
            Ok(n) => done += n,
        }
    }
    true
}

/// Elsewhere the bytes are copied from the map (`Face::read_at` falls back to it).
#[cfg(not(any(unix, windows)))]
fn pread(_: &std::fs::File, _: &mut [u8], _: u64) -> bool {
    false
}
