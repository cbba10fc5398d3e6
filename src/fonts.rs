//! The font book: family + weight → a loaded face, fonts/ first, then the system's fonts.
//!
//! Faces are found with fontdb (which reads only each file's name table), and a face's bytes are
//! memory-mapped the first time a style asks for it, so an edition that uses three faces never
//! reads the others. After resolution the book is read-only and shared by compose, layout and pdf.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::Diagnostic;

mod face;
mod own;

use face::face_from;
pub use face::{Face, open_face};

pub use own::{
    FaceListing, OWN_FONTS, bundled_versions, data_dirs, missing_hint, own_fonts, search_folders,
};

/// Where the font book finds paiban's own faces, searched before the system's fonts. The
/// command line decides it (main.rs: `--fonts` or `PAIBAN_FONTS`, else [`own_fonts`]); the
/// library only reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FontFolder {
    /// A folder the user named with `--fonts` (or `PAIBAN_FONTS`): it must exist.
    Named(PathBuf),
    /// paiban's own font folder, found at run time; where it is missing only the system's
    /// fonts are used.
    Default(PathBuf),
    /// paiban's own faces, compiled into the binary (the `bundled-fonts` feature).
    Bundled,
    /// paiban's own faces were not found: only the system's fonts; these folders were searched.
    NotFound {
        /// Every folder looked in, in order.
        looked: Vec<PathBuf>,
    },
}

impl FontFolder {
    /// The folder of font files, when the faces come from one.
    pub fn path(&self) -> Option<&Path> {
        match self {
            FontFolder::Named(p) | FontFolder::Default(p) => Some(p),
            FontFolder::Bundled | FontFolder::NotFound { .. } => None,
        }
    }

    /// A named folder that does not exist (an input error), if this is one.
    pub fn missing(&self) -> Option<&Path> {
        match self {
            FontFolder::Named(p) if !p.is_dir() => Some(p),
            _ => None,
        }
    }
}

impl Default for FontFolder {
    fn default() -> Self {
        FontFolder::Default(PathBuf::from("fonts"))
    }
}

/// Index of a face in the [`FontBook`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct FontId(pub u16);

/// Font bytes shared between the shaper and the PDF writer.
pub type FontData = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// All faces known to this run.
pub struct FontBook {
    bundled: fontdb::Database,
    system: Option<fontdb::Database>,
    faces: Vec<Face>,
    by_key: HashMap<(bool, fontdb::ID), FontId>,
    /// Files in the font folder with a font's extension that gave no face (damaged, or not a
    /// font at all): named in the message when a family is not found.
    unreadable: Vec<PathBuf>,
    /// The pseudo paths of faces compiled into the binary, by their id in `bundled`.
    binary_paths: HashMap<fontdb::ID, PathBuf>,
    /// When paiban's own faces were not found: the folders searched, for the message.
    own_missing: Option<Vec<PathBuf>>,
}

impl FontBook {
    /// A book over the fonts in `fonts_dir` (searched first) and, when a family is not found
    /// there, the system's fonts.
    pub fn new(fonts_dir: &Path) -> Self {
        let mut bundled = fontdb::Database::new();
        bundled.load_fonts_dir(fonts_dir);
        let unreadable = unreadable_fonts(fonts_dir, &bundled);
        FontBook {
            bundled,
            system: None,
            faces: Vec::new(),
            by_key: HashMap::new(),
            unreadable,
            binary_paths: HashMap::new(),
            own_missing: None,
        }
    }

    /// A book of one face, face `index` of the font bytes `data`, known as `family` at weight
    /// 400; no font folder and no system fonts. For fonts that arrive as bytes rather than
    /// files, and for the font fuzz target, which feeds it damaged ones: bad bytes are an
    /// error here or glyphs the shaper and the subsetter must survive, never a panic.
    pub fn from_bytes(
        data: Vec<u8>,
        index: u32,
        family: &str,
    ) -> Result<(Self, FontId), Diagnostic> {
        let path = PathBuf::from(format!("<{family} bytes>"));
        let face = face_from(
            Arc::new(data),
            None,
            &path,
            index,
            family.to_string(),
            400,
            true,
        )?;
        let book = FontBook {
            bundled: fontdb::Database::new(),
            system: None,
            faces: vec![face],
            by_key: HashMap::new(),
            unreadable: Vec::new(),
            binary_paths: HashMap::new(),
            own_missing: None,
        };
        Ok((book, FontId(0)))
    }

    /// Find (and load, the first time) the face of `family` nearest to `weight`.
    pub fn resolve(&mut self, family: &str, weight: u16) -> Result<FontId, Diagnostic> {
        let query = fontdb::Query {
            families: &[fontdb::Family::Name(family)],
            weight: fontdb::Weight(weight),
            ..Default::default()
        };
        if let Some(id) = self.bundled.query(&query) {
            return self.load(true, id);
        }
        let system = self.system.get_or_insert_with(|| {
            let mut db = fontdb::Database::new();
            db.load_system_fonts();
            db
        });
        if let Some(id) = system.query(&query) {
            return self.load(false, id);
        }
        let mut names: Vec<&str> = self.family_names();
        names.sort_unstable();
        names.dedup();
        let mut d = Diagnostic::input(format!("unknown font family \"{family}\""));
        if let Some(near) = crate::diag::did_you_mean(family, &names) {
            d = d.hint(format!("did you mean \"{near}\"?"));
        }
        for path in &self.unreadable {
            d = d.hint(format!(
                "{} is not a font paiban can read (damaged, or not OpenType); if it is this family, replace it with a working .ttf/.otf/.ttc",
                path.display()
            ));
        }
        if let Some(looked) = &self.own_missing {
            d = d.hint(own::missing_hint(looked));
        }
        Err(d.hint("`paiban fonts` lists paiban's own faces and the system's CJK faces"))
    }

    /// Family names known in fonts/ and (once searched) on the system.
    pub fn family_names(&self) -> Vec<&str> {
        let mut names = Vec::new();
        for db in std::iter::once(&self.bundled).chain(self.system.as_ref()) {
            for face in db.faces() {
                names.extend(face.families.iter().map(|(n, _)| n.as_str()));
            }
        }
        names
    }

    /// Load the system font list now (for `paiban fonts`).
    pub fn scan_system(&mut self) {
        self.system.get_or_insert_with(|| {
            let mut db = fontdb::Database::new();
            db.load_system_fonts();
            db
        });
    }

    /// The face behind an id.
    pub fn face(&self, id: FontId) -> &Face {
        &self.faces[usize::from(id.0)]
    }

    /// All loaded faces, by id order.
    pub fn faces(&self) -> impl Iterator<Item = (FontId, &Face)> {
        self.faces
            .iter()
            .enumerate()
            .map(|(i, f)| (FontId(i as u16), f))
    }

    /// The first face along `chain` that has a glyph for `c`.
    pub fn fallback(&self, chain: &[FontId], c: char) -> Option<FontId> {
        chain.iter().copied().find(|id| self.face(*id).has_char(c))
    }

    fn load(&mut self, bundled: bool, id: fontdb::ID) -> Result<FontId, Diagnostic> {
        if let Some(found) = self.by_key.get(&(bundled, id)) {
            return Ok(*found);
        }
        let db = if bundled {
            &self.bundled
        } else {
            self.system.as_ref().unwrap_or(&self.bundled)
        };
        let info = db
            .face(id)
            .ok_or_else(|| Diagnostic::internal("font vanished from its list"))?;
        let path = self.source_path(info.id, &info.source);
        let family = info
            .families
            .first()
            .map(|(n, _)| n.clone())
            .unwrap_or_default();
        let face = match &info.source {
            // A face compiled into the binary: its bytes are already in memory.
            fontdb::Source::Binary(data) => {
                let data: FontData = data.clone();
                face_from(
                    data,
                    None,
                    &path,
                    info.index,
                    family,
                    info.weight.0,
                    bundled,
                )?
            }
            _ => open_face(&path, info.index, family, info.weight.0, bundled)?,
        };
        let font_id = FontId(self.faces.len() as u16);
        self.faces.push(face);
        self.by_key.insert((bundled, id), font_id);
        Ok(font_id)
    }
}

/// Files under `dir` (as fontdb walks it) named like fonts that gave `db` no face.
fn unreadable_fonts(dir: &Path, db: &fontdb::Database) -> Vec<PathBuf> {
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let loaded: Vec<PathBuf> = db
        .faces()
        .filter_map(|f| match &f.source {
            fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => Some(canon(p)),
            fontdb::Source::Binary(_) => None,
        })
        .collect();
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), 0)];
    while let Some((folder, depth)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                // fontdb follows sub-folders; a few levels are enough for a font folder.
                if depth < 4 {
                    stack.push((path, depth + 1));
                }
                continue;
            }
            let is_font_name = path.extension().is_some_and(|e| {
                ["ttf", "otf", "ttc", "otc"]
                    .contains(&e.to_ascii_lowercase().to_str().unwrap_or(""))
            });
            if is_font_name && !loaded.contains(&canon(&path)) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The repository's fonts/, for the unit tests of every stage.
#[cfg(test)]
pub(crate) fn test_fonts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts")
}

/// Every face in fonts/, as the styles name them (family, weight).
#[cfg(test)]
pub(crate) const BUNDLED_FACES: [(&str, u16); 5] = [
    ("Noto Serif SC", 400),
    ("Noto Serif SC", 700),
    ("Noto Sans SC", 700),
    ("Noto Sans SC", 900),
    ("LXGW WenKai", 400),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn book() -> FontBook {
        FontBook::new(&test_fonts())
    }

    #[test]
    fn a_face_from_bytes_is_the_one_face_of_its_book_and_garbage_is_an_error() {
        let seed = std::fs::read(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/font/serif-sc.ttf.bin"),
        )
        .unwrap();
        // The fuzz seeds start with one byte of settings; the font follows.
        let (book, id) = FontBook::from_bytes(seed[1..].to_vec(), 0, "Seed").unwrap();
        assert_eq!(book.faces().count(), 1);
        assert!(book.face(id).has_char('报'));
        assert!(!book.face(id).has_char('龘'));
        let Err(err) = FontBook::from_bytes(b"not a font".to_vec(), 0, "Junk") else {
            panic!("garbage made a face");
        };
        assert!(err.message.contains("not a usable font"), "{}", err.message);
        assert!(FontBook::from_bytes(seed[1..].to_vec(), 3, "Seed").is_err());
    }

    #[test]
    fn bundled_families_resolve_with_their_weights() {
        let mut book = book();
        let regular = book.resolve("Noto Serif SC", 400).unwrap();
        let bold = book.resolve("Noto Serif SC", 700).unwrap();
        assert_ne!(regular, bold);
        assert_eq!(book.face(bold).weight, 700);
        assert_eq!(book.face(regular).postscript_name, "NotoSerifSC-Regular");
        let black = book.resolve("Noto Sans SC", 900).unwrap();
        assert_eq!(book.face(black).weight, 900);
        assert!(book.face(black).bundled);
        let kai = book.resolve("LXGW WenKai", 400).unwrap();
        assert!(book.face(kai).has_char('楷'));
        // Asking again gives the same face, not a second copy.
        assert_eq!(book.resolve("Noto Serif SC", 400).unwrap(), regular);
    }

    #[test]
    fn unknown_family_is_an_input_error_with_a_suggestion() {
        let mut book = book();
        let err = book.resolve("Noto Serif SX", 400).unwrap_err();
        assert!(
            err.message
                .contains("unknown font family \"Noto Serif SX\""),
            "{err}"
        );
        assert!(
            err.hints.iter().any(|h| h.contains("Noto Serif SC")),
            "{err}"
        );
    }

    #[test]
    fn collection_face_index_picks_the_simplified_chinese_face() {
        let path = Path::new("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc");
        if !path.exists() {
            let what = format!("no Noto CJK collection at {}", path.display());
            // CI installs it (.ci/run): there the test must run, not skip.
            assert!(std::env::var_os("CI").is_none(), "{what}");
            eprintln!("skipped: {what} (apt-get install fonts-noto-cjk)");
            return;
        }
        let face = open_face(path, 2, "Noto Serif CJK SC".into(), 400, false).unwrap();
        assert_eq!(face.postscript_name, "NotoSerifCJKsc-Regular");
        let jp = open_face(path, 0, "Noto Serif CJK JP".into(), 400, false).unwrap();
        assert_eq!(jp.postscript_name, "NotoSerifCJKjp-Regular");
    }

    /// Bytes read from the file equal the map's; without the file they come from the map.
    #[test]
    fn reads_from_the_file_equal_the_map() {
        let mut book = book();
        let id = book.resolve("LXGW WenKai", 400).unwrap();
        let face = &mut book.faces[usize::from(id.0)];
        assert!(face.file.is_some());
        let len = face.data().len();
        let mut from_file = vec![0; 70_000];
        face.read_at(len / 3, &mut from_file).unwrap();
        assert_eq!(from_file, &face.data()[len / 3..len / 3 + 70_000]);
        face.file = None;
        let mut from_map = vec![0; 70_000];
        face.read_at(len / 3, &mut from_map).unwrap();
        assert_eq!(from_map, from_file);
        assert!(face.read_at(len - 10, &mut from_map).is_err());
    }

    #[test]
    fn a_file_that_is_not_a_font_is_reported() {
        let dir = std::env::temp_dir().join(format!("paiban-notfont-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("fake.ttf");
        std::fs::write(&path, b"this is not a font").unwrap();
        let err = open_face(&path, 0, "Fake".into(), 400, true).unwrap_err();
        assert!(err.message.contains("not a usable font"), "{err}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
