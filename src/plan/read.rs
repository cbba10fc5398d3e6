//! Steps 1 to 3 of the planner: read and check the brief (1), read the edition with the
//! planned page holding the brief's stories so layout has their files (2), and measure every
//! story at every width it may take (3).

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::fonts::{FontBook, FontFolder};
use crate::layout::Grid;
use crate::model::{self, Block, LoadedPage, PagePlan, RootOptions, normalize, parent, yaml};
use crate::resolve::{self, Resolved};

use super::PlanOptions;
use super::brief::Brief;
use super::measure::{self, Bench, Wanted, spanned};
use super::problem::{Cells, Problem};

/// The brief as read, its paths made absolute.
pub(super) struct Read {
    pub brief_path: PathBuf,
    pub brief_abs: PathBuf,
    pub brief: Brief,
    pub wanted: Vec<Wanted>,
    pub edition: PathBuf,
    pub output: PathBuf,
}

impl Read {
    /// The folder of the plan written: paths in it are relative to this.
    pub fn plan_dir(&self) -> PathBuf {
        parent(&self.output)
    }

    /// The planned page, 0-based.
    pub fn page(&self) -> usize {
        self.brief.page as usize - 1
    }
}

/// 1. Read and check the brief.
pub(super) fn read_brief(brief_path: &Path, options: &PlanOptions) -> Result<Read, Diagnostics> {
    let text = model::read_text(brief_path)?;
    let brief: Brief = yaml::parse(brief_path, &text, 0).map_err(Diagnostics::from)?;
    let absolute = |p: &Path| {
        std::path::absolute(p)
            .map(|a| normalize(&a))
            .map_err(|e| Diagnostic::input(format!("{}: {e}", p.display())))
    };
    let brief_dir = parent(&absolute(brief_path)?);
    let edition = normalize(&brief_dir.join(&brief.edition));
    let output = absolute(&options.output)?;
    let mut errors = Diagnostics::new();
    if brief.page == 0 {
        errors.push(
            Diagnostic::input("page 0 does not exist: pages are numbered from 1")
                .at(Location::file(brief_path)),
        );
    }
    let wanted = wanted(&brief, brief_path, &brief_dir, &mut errors);
    if errors.has_errors() {
        return Err(errors);
    }
    // Furniture paths are written relative to the brief, like the stories'.
    let mut brief = brief;
    for f in &mut brief.furniture {
        let b = &mut f.value;
        for p in [&mut b.picture, &mut b.ad].into_iter().flatten() {
            *p = normalize(&brief_dir.join(&*p));
        }
    }
    Ok(Read {
        brief_path: brief_path.to_path_buf(),
        brief_abs: absolute(brief_path)?,
        brief,
        wanted,
        edition,
        output,
    })
}

/// The furniture blocks (paths relative to the plan) and the cells they take.
fn furniture(
    read: &Read,
    plan_dir: &Path,
    grid: &Grid,
) -> Result<Vec<(Block, Cells)>, Diagnostics> {
    let mut out = Vec::new();
    let mut errors = Diagnostics::new();
    for f in &read.brief.furniture {
        let mut b = f.value.clone();
        for p in [&mut b.picture, &mut b.ad].into_iter().flatten() {
            *p = measure::relative(plan_dir, p);
        }
        let size = b.size.and_then(|s| s.fixed());
        match (b.at, size) {
            (Some([c, l]), Some([w, h])) if c >= 1 && l >= 1 => {
                let cells = Cells {
                    x: c - 1,
                    y: l - 1,
                    w,
                    h,
                };
                if cells.right() as usize > grid.columns.len() || cells.bottom() > grid.lines {
                    errors.push(
                        Diagnostic::input("this furniture block reaches outside the 版心")
                            .at(yaml::location(&read.brief_path, &f.referenced)),
                    );
                }
                out.push((b, cells));
            }
            _ => errors.push(
                Diagnostic::input(
                    "furniture needs `at: [column, line]` and `size: [columns, lines]`",
                )
                .at(yaml::location(&read.brief_path, &f.referenced))
                .hint("the planner places the stories; furniture stays where the brief puts it"),
            ),
        }
    }
    if errors.has_errors() {
        Err(errors)
    } else {
        Ok(out)
    }
}

/// 3. Every story measured, as the planning problem.
pub(super) fn measure_all(
    bench: &mut Bench<'_>,
    read: &Read,
    plan_dir: &Path,
    furniture: &[(Block, Cells)],
) -> Result<Problem, Diagnostics> {
    let mut items = Vec::new();
    let mut errors = Vec::new();
    for w in &read.wanted {
        match measure::item(bench, w, plan_dir) {
            Ok(item) => items.push(item),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(measure::gather(errors));
    }
    for (i, w) in read.wanted.iter().enumerate() {
        let dir = parent(&read.brief_abs);
        items[i].keep_with = w.story.keep_with.as_ref().and_then(|k| {
            let k = normalize(&dir.join(k));
            read.wanted.iter().position(|o| o.file == k)
        });
    }
    Ok(Problem {
        columns: bench.grid.columns.len() as u32,
        rows: bench.grid.lines,
        blocked: furniture.iter().map(|(_, c)| *c).collect(),
        items,
    })
}

/// The brief's stories with their files made absolute; what is wrong with them goes to
/// `errors`.
fn wanted(
    brief: &Brief,
    brief_path: &Path,
    brief_dir: &Path,
    errors: &mut Diagnostics,
) -> Vec<Wanted> {
    let mut wanted = Vec::new();
    for s in &brief.stories {
        let location = yaml::location(brief_path, &s.referenced);
        let story = &s.value;
        let Some(file) = story.file().filter(|_| story.kinds() == 1) else {
            errors.push(
                Diagnostic::input(
                    "a story needs exactly one of `article`, `continues` and `picture`",
                )
                .at(location)
                .hint("write e.g. `article: ../articles/x.md`"),
            );
            continue;
        };
        if story
            .min_columns
            .zip(story.max_columns)
            .is_some_and(|(a, b)| a > b)
        {
            errors.push(
                Diagnostic::input("min_columns is more than max_columns")
                    .at(location.clone())
                    .hint("swap them"),
            );
        }
        wanted.push(Wanted {
            story: story.clone(),
            file: normalize(&brief_dir.join(file)),
            location,
        });
    }
    if wanted.is_empty() && !errors.has_errors() {
        errors.push(Diagnostic::input("the brief has no stories").at(Location::file(brief_path)));
    }
    keep_with_named(&wanted, brief_dir, errors);
    wanted
}

/// Every `keep_with` names a story of the brief.
fn keep_with_named(wanted: &[Wanted], brief_dir: &Path, errors: &mut Diagnostics) {
    for w in wanted {
        let missing = w
            .story
            .keep_with
            .as_ref()
            .map(|k| normalize(&brief_dir.join(k)))
            .filter(|k| !wanted.iter().any(|o| &o.file == k));
        if let Some(k) = missing {
            errors.push(
                Diagnostic::input(format!(
                    "keep_with names \"{}\", which is not a story of this brief",
                    k.display()
                ))
                .at(w.location.clone()),
            );
        }
    }
}

/// The edition read with the brief's stories on the planned page, resolved.
pub(super) struct Ready {
    pub input: model::Input,
    pub book: FontBook,
    pub resolved: Resolved,
    pub grid: Grid,
    pub furniture: Vec<(Block, Cells)>,
}

impl Ready {
    pub fn bench(&self, page: usize) -> Bench<'_> {
        Bench {
            input: self.input.clone(),
            resolved: &self.resolved,
            book: &self.book,
            grid: &self.grid,
            page,
            base: self.input.pages.clone(),
        }
    }
}

/// 2. The edition, with the stories on the planned page so their files are read.
pub(super) fn prepare(read: &Read, fonts: &FontFolder) -> Result<Ready, Diagnostics> {
    let plan_dir = parent(&read.output);
    let page = read.brief.page as usize - 1;
    let probe = LoadedPage {
        path: read.output.clone(),
        plan: PagePlan {
            section: read.brief.section.clone(),
            editor: read.brief.editor.clone(),
            blocks: read
                .wanted
                .iter()
                .map(|w| spanned(w.block(&plan_dir, [1, 1], [1, 1].into(), false)))
                .collect(),
        },
    };
    let roots = RootOptions::default();
    let input = model::load_replacing(&read.edition, None, &roots, Some((page, probe)))?;
    let mut book = FontBook::from_folder(fonts);
    let resolved = resolve::resolve(&input, &mut book)?;
    let grid = Grid::new(&input.layout, &input.layout_path).map_err(Diagnostics::from)?;
    let furniture = furniture(read, &plan_dir, &grid)?;
    Ok(Ready {
        input,
        book,
        resolved,
        grid,
        furniture,
    })
}
