//! paiban's own faces (the OFL fonts in the repository's `fonts/`): compiled into the binary
//! when the `bundled-fonts` feature is on (the default), else found at run time in a folder
//! beside the executable or in the platform's data folder. Never a path fixed at compile time:
//! a binary copied to another machine finds its fonts or says where it looked.

use std::path::{Path, PathBuf};

use super::FontFolder;

/// One of paiban's own font files.
pub struct OwnFont {
    /// The file name, as in the repository's `fonts/` folder.
    pub file: &'static str,
    /// The family a layout names.
    pub family: &'static str,
    /// The file's bytes, when compiled in.
    pub bytes: Option<&'static [u8]>,
}

macro_rules! own_font {
    ($file:literal, $family:literal) => {
        OwnFont {
            file: $file,
            family: $family,
            #[cfg(feature = "bundled-fonts")]
            bytes: Some(include_bytes!(concat!("../../fonts/", $file))),
            #[cfg(not(feature = "bundled-fonts"))]
            bytes: None,
        }
    };
}

/// paiban's own faces: what the shipped layouts name.
pub const OWN_FONTS: &[OwnFont] = &[
    own_font!("NotoSerifSC-Regular.ttf", "Noto Serif SC"),
    own_font!("NotoSerifSC-Bold.ttf", "Noto Serif SC"),
    own_font!("NotoSansSC-Bold.ttf", "Noto Sans SC"),
    own_font!("NotoSansSC-Black.ttf", "Noto Sans SC"),
    own_font!("LXGWWenKai-Regular.ttf", "LXGW WenKai"),
];

/// Whether paiban's own faces are compiled into this binary.
pub const BUNDLED: bool = cfg!(feature = "bundled-fonts");

/// The pseudo path a bundled face is named by in messages and listings.
pub fn bundled_path(file: &str) -> PathBuf {
    PathBuf::from(format!("paiban:fonts/{file}"))
}

/// paiban's own faces: compiled in (the `bundled-fonts` feature), or (in a build without them)
/// the first folder of [`search_folders`] that holds one of paiban's font files. Reads the
/// executable's path and the data-folder variables: called by the command line, not the stages.
pub fn own_fonts() -> FontFolder {
    if BUNDLED {
        return FontFolder::Bundled;
    }
    let exe = std::env::current_exe().ok();
    let looked = search_folders(exe.as_deref(), &data_dirs());
    match looked.iter().find(|d| holds_own_font(d)) {
        Some(dir) => FontFolder::Default(dir.clone()),
        None => FontFolder::NotFound { looked },
    }
}

/// Where a build without bundled faces looks for paiban's font folder, in order: beside the
/// executable (`fonts/`), an installed tree's `share/paiban/fonts` (`cargo install --root DIR`
/// puts the binary in DIR/bin), a cargo target folder's checkout (`target/release/paiban`,
/// `target/debug/deps/…`), then the data folders.
pub fn search_folders(exe: Option<&Path>, data_dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(dir) = exe.and_then(Path::parent) {
        out.push(dir.join("fonts"));
        if let Some(up) = dir.parent() {
            out.push(up.join("share/paiban/fonts"));
            out.extend(up.parent().map(|p| p.join("fonts")));
            out.extend(up.parent().and_then(Path::parent).map(|p| p.join("fonts")));
        }
    }
    out.extend(data_dirs.iter().map(|d| d.join("paiban").join("fonts")));
    out.dedup();
    out
}

/// The platform's data folders (XDG on Linux and the BSDs, Application Support on macOS,
/// %APPDATA% on Windows), most personal first.
pub fn data_dirs() -> Vec<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let home = env("HOME");
    let mut out = Vec::new();
    if cfg!(windows) {
        out.extend(env("APPDATA"));
        out.extend(env("LOCALAPPDATA"));
    } else if cfg!(target_os = "macos") {
        out.extend(home.map(|h| h.join("Library/Application Support")));
        out.push(PathBuf::from("/Library/Application Support"));
    } else {
        out.extend(env("XDG_DATA_HOME").or_else(|| home.map(|h| h.join(".local/share"))));
        let system = env("XDG_DATA_DIRS")
            .map(|v| std::env::split_paths(&v).collect::<Vec<_>>())
            .unwrap_or_else(|| vec!["/usr/local/share".into(), "/usr/share".into()]);
        out.extend(system);
    }
    out
}

/// Whether `dir` holds at least one of paiban's own font files.
fn holds_own_font(dir: &Path) -> bool {
    OWN_FONTS.iter().any(|f| dir.join(f.file).is_file())
}

/// What a message says when a family is missing and paiban's own faces were not found.
pub fn missing_hint(looked: &[PathBuf]) -> String {
    let files: Vec<&str> = OWN_FONTS.iter().map(|f| f.file).collect();
    let folders: Vec<String> = looked.iter().map(|p| p.display().to_string()).collect();
    format!(
        "paiban's own faces ({}) are not in this binary and were not found; it looked in: {}. \
         Put paiban's fonts/ folder beside the binary, set PAIBAN_FONTS=DIR, or pass --fonts DIR",
        files.join(", "),
        folders.join(", ")
    )
}

/// The version strings (name ID 5) of the bundled faces, for `--version`.
pub fn bundled_versions() -> Vec<(&'static str, String)> {
    use skrifa::MetadataProvider;
    OWN_FONTS
        .iter()
        .filter_map(|f| {
            let font = skrifa::FontRef::new(f.bytes?).ok()?;
            let version = font
                .localized_strings(skrifa::string::StringId::VERSION_STRING)
                .english_or_first()
                .map(|s| s.to_string())?;
            // "Version 2.003-H1;hotconv 1.1.1;makeotfexe 2.6.0": the tool names are noise.
            let version = version
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_string();
            Some((f.file, version))
        })
        .collect()
}

impl super::FontBook {
    /// A book over paiban's own faces from `fonts` (searched first) and the system's fonts.
    pub fn from_folder(fonts: &FontFolder) -> super::FontBook {
        match fonts {
            FontFolder::Named(dir) | FontFolder::Default(dir) => super::FontBook::new(dir),
            FontFolder::Bundled => {
                let mut book = super::FontBook::new(Path::new(""));
                for font in OWN_FONTS {
                    let Some(bytes) = font.bytes else { continue };
                    let data: super::FontData = std::sync::Arc::new(bytes);
                    for id in book.bundled.load_font_source(fontdb::Source::Binary(data)) {
                        book.binary_paths.insert(id, bundled_path(font.file));
                    }
                }
                book
            }
            FontFolder::NotFound { looked } => {
                let mut book = super::FontBook::new(Path::new(""));
                book.own_missing = Some(looked.clone());
                book
            }
        }
    }

    /// Every face of paiban's own and, once scanned, the system's faces that cover Chinese
    /// (all of them with `all`), with the scripts each covers.
    pub fn listing(&self, all: bool) -> Vec<FaceListing> {
        let mut out = Vec::new();
        for (own, db) in [(true, Some(&self.bundled)), (false, self.system.as_ref())] {
            let Some(db) = db else { continue };
            for face in db.faces() {
                let scripts = db.with_face_data(face.id, scripts_of).unwrap_or_default();
                if !own && !all && !scripts.contains(&"Han") {
                    continue;
                }
                out.push(FaceListing {
                    family: face
                        .families
                        .first()
                        .map(|(n, _)| n.clone())
                        .unwrap_or_default(),
                    weight: face.weight.0,
                    italic: face.style != fontdb::Style::Normal,
                    own,
                    scripts,
                    path: self.source_path(face.id, &face.source),
                    index: face.index,
                });
            }
        }
        out
    }

    /// The file a face comes from: its path, or a bundled face's pseudo path.
    pub(super) fn source_path(&self, id: fontdb::ID, source: &fontdb::Source) -> PathBuf {
        match source {
            fontdb::Source::File(p) | fontdb::Source::SharedFile(p, _) => p.clone(),
            fontdb::Source::Binary(_) => self
                .binary_paths
                .get(&id)
                .cloned()
                .unwrap_or_else(|| PathBuf::from("paiban:fonts/(in memory)")),
        }
    }
}

/// One face in `paiban fonts`.
#[derive(Debug, Clone)]
pub struct FaceListing {
    /// The family a layout names.
    pub family: String,
    /// Weight, 100–900.
    pub weight: u16,
    /// Italic or oblique.
    pub italic: bool,
    /// One of paiban's own faces (bundled or from its font folder), not the system's.
    pub own: bool,
    /// The scripts it has characters for (Han, Ext-B, Kana, Hangul, Latin, Cyrillic).
    pub scripts: Vec<&'static str>,
    /// The file (a bundled face's pseudo path).
    pub path: PathBuf,
    /// Face index in a collection.
    pub index: u32,
}

impl FaceListing {
    /// The style as type catalogues name it: Regular, Bold, Black …
    pub fn style(&self) -> String {
        let weight = match self.weight {
            0..=150 => "Thin",
            151..=250 => "ExtraLight",
            251..=350 => "Light",
            351..=450 => "Regular",
            451..=550 => "Medium",
            551..=650 => "SemiBold",
            651..=750 => "Bold",
            751..=850 => "ExtraBold",
            _ => "Black",
        };
        if self.italic {
            format!("{weight} Italic")
        } else {
            weight.to_string()
        }
    }
}

/// The scripts a face covers, each tested by characters a page of that script cannot do
/// without.
fn scripts_of(data: &[u8], index: u32) -> Vec<&'static str> {
    use skrifa::MetadataProvider;
    const PROBES: &[(&str, &[char])] = &[
        ("Han", &['中', '国', '报']),
        ("Ext-B", &['𠀀', '𪚥']),
        ("Kana", &['あ', 'ア']),
        ("Hangul", &['한', '국']),
        ("Latin", &['A', 'z', 'é']),
        ("Cyrillic", &['Я', 'ж']),
    ];
    let Ok(font) = skrifa::FontRef::from_index(data, index) else {
        return Vec::new();
    };
    let charmap = font.charmap();
    PROBES
        .iter()
        .filter(|(_, chars)| chars.iter().all(|c| charmap.map(*c).is_some()))
        .map(|(name, _)| *name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_searched_beside_the_binary_then_in_the_data_folders() {
        let exe = Path::new("/opt/paiban/bin/paiban");
        let data = [PathBuf::from("/home/e/.local/share")];
        let folders = search_folders(Some(exe), &data);
        assert_eq!(
            folders,
            [
                "/opt/paiban/bin/fonts",
                "/opt/paiban/share/paiban/fonts",
                "/opt/fonts",
                "/fonts",
                "/home/e/.local/share/paiban/fonts",
            ]
            .map(PathBuf::from)
        );
    }

    #[test]
    fn a_book_without_its_own_faces_names_the_folders_it_searched() {
        let looked = vec![PathBuf::from("/nowhere/fonts")];
        let mut book = super::super::FontBook::from_folder(&FontFolder::NotFound { looked });
        // A name no system has, so the system's fonts cannot answer it either.
        let err = book.resolve("Noto Serif SC Nowhere", 400).unwrap_err();
        let hints = err.hints.join("\n");
        assert!(hints.contains("/nowhere/fonts"), "{err}");
        assert!(hints.contains("LXGWWenKai-Regular.ttf"), "{err}");
    }

    #[test]
    fn a_missing_face_says_what_was_expected_and_where() {
        let hint = missing_hint(&[PathBuf::from("/x/fonts")]);
        assert!(hint.contains("NotoSerifSC-Regular.ttf"), "{hint}");
        assert!(hint.contains("/x/fonts"), "{hint}");
        assert!(hint.contains("PAIBAN_FONTS"), "{hint}");
    }

    #[cfg(feature = "bundled-fonts")]
    #[test]
    fn bundled_faces_resolve_from_memory_as_the_files_do() {
        let mut bundled = super::super::FontBook::from_folder(&FontFolder::Bundled);
        let mut files = super::super::FontBook::new(&super::super::test_fonts());
        for (family, weight) in [("Noto Serif SC", 700), ("LXGW WenKai", 400)] {
            let b = bundled.resolve(family, weight).unwrap();
            let f = files.resolve(family, weight).unwrap();
            let (b, f) = (bundled.face(b), files.face(f));
            assert!(b.path.starts_with("paiban:fonts/"), "{:?}", b.path);
            assert_eq!(b.path.file_name(), f.path.file_name());
            assert_eq!(b.postscript_name, f.postscript_name);
            assert_eq!(
                b.data(),
                f.data(),
                "{family}: the bundled bytes are the file's"
            );
            // Positioned reads (the PDF stage's glyph outlines) come from memory.
            let (mut from_b, mut from_f) = (vec![0; 4096], vec![0; 4096]);
            b.read_at(100_000, &mut from_b).unwrap();
            f.read_at(100_000, &mut from_f).unwrap();
            assert_eq!(from_b, from_f);
        }
    }

    #[cfg(feature = "bundled-fonts")]
    #[test]
    fn bundled_faces_carry_their_versions() {
        let versions = bundled_versions();
        assert_eq!(versions.len(), OWN_FONTS.len());
        assert!(
            versions.iter().all(|(_, v)| v.starts_with("Version")),
            "{versions:?}"
        );
    }
}
