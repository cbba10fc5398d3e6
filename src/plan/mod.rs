//! `paiban plan`: a page brief (stories with priorities and constraints, fixed furniture, no
//! coordinates) → ordinary page plans, best first, each with its score and a proof PNG.
//!
//! This is an edge module like `build`: it reads the brief and the edition, runs layout many
//! times, and writes files through `output`. The middle is pure: [`problem`] (the page in grid
//! cells), [`pack`] (the search), [`rules`] (the hard rules, checked independently of the
//! packer), [`score`] (the soft rules). docs/planner.md describes the rules and the search.
//!
//! The steps: read the brief (1); read the edition with the planned page holding the brief's
//! stories, so layout has their files (2); measure every story at every width it may take by
//! composing it (3); search (4); write each proposal as a plan, lay the edition out with it
//! and keep it only when nothing is overset and no block is left more than three lines short
//! (5); write the plans and their proofs (6).

pub mod brief;
mod measure;
pub mod pack;
pub mod problem;
pub mod rules;
pub mod score;
mod write;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::fonts::{FontBook, FontFolder};
use crate::layout::{self, Grid, LayoutOptions};
use crate::model::{self, Block, LoadedPage, PagePlan, RootOptions, normalize, parent, yaml};
use crate::resolve::{self, Resolved};

use brief::Brief;
use measure::{Bench, Wanted, spanned};
use problem::{Cells, ItemKind, Layout, MAX_HOLE, Placement, Problem};
use score::Score;

/// What `paiban plan` is asked for.
#[derive(Debug, Clone)]
pub struct PlanOptions {
    /// The plan to write (`page-2.yaml`); further proposals go beside it (`page-2.p2.yaml`).
    pub output: PathBuf,
    /// How many proposals to write.
    pub proposals: usize,
    /// The seed of the search.
    pub seed: u64,
    /// The time budget of measuring and searching: the search stops when it is spent, less
    /// a tenth kept for laying the proposals out.
    pub time: Duration,
    /// At most this many packing attempts.
    pub max_attempts: u64,
    /// Stop searching once the best proposals have not changed for this many attempts
    /// ([`pack::PATIENCE`] by default; `u64::MAX` spends the whole budget).
    pub patience: u64,
    /// The font folder.
    pub fonts: FontFolder,
    /// Resolution of the proof PNGs; none when `None`.
    pub proof_dpi: Option<f32>,
}

/// One proposal written.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Proposal {
    /// The plan file.
    pub plan: PathBuf,
    /// Its proof, when one was drawn.
    pub proof: Option<PathBuf>,
    /// Its score.
    pub score: Score,
    /// Share of the 版心 covered by blocks and furniture.
    pub cover: f64,
}

/// What a run of the planner did.
#[derive(Debug, Default)]
pub struct PlanOutcome {
    /// Files written.
    pub written: Vec<PathBuf>,
    /// The proposals, best first.
    pub proposals: Vec<Proposal>,
    /// Errors and warnings.
    pub diagnostics: Diagnostics,
    /// Packing attempts made, how many placed every story, and the one that last changed
    /// the best proposals.
    pub attempts: (u64, u64, u64),
    /// Milliseconds measuring and searching.
    pub timings: Vec<(&'static str, f64)>,
}

/// Run the planner.
pub fn plan(brief_path: &Path, options: &PlanOptions) -> PlanOutcome {
    let mut outcome = PlanOutcome::default();
    if let Err(e) = run(brief_path, options, &mut outcome) {
        outcome.diagnostics.extend(e);
    }
    outcome
}

/// The brief as read, its paths made absolute.
struct Read {
    brief_path: PathBuf,
    brief_abs: PathBuf,
    brief: Brief,
    wanted: Vec<Wanted>,
    edition: PathBuf,
    output: PathBuf,
}

fn run(
    brief_path: &Path,
    options: &PlanOptions,
    outcome: &mut PlanOutcome,
) -> Result<(), Diagnostics> {
    let started = Instant::now();
    let t = started;
    let read = read_brief(brief_path, options)?;
    let plan_dir = parent(&read.output);
    let page = read.brief.page as usize - 1;
    let ready = prepare(&read, &options.fonts)?;
    let mut bench = ready.bench(page);
    let furniture = &ready.furniture;
    let problem = measure_all(&mut bench, &read, &plan_dir, furniture)?;
    let book = &ready.book;
    outcome.timings.push(("measure", ms(t)));
    // 4. Search, in what is left of the budget once measuring and a tenth for step 5 are
    // taken off (but at least a tenth of it, so that a slow measure still leaves a search).
    let t = Instant::now();
    let left = options
        .time
        .saturating_sub(started.elapsed())
        .saturating_sub(options.time / 10);
    let found = pack::search(
        &problem,
        &pack::Search {
            seed: options.seed,
            time: left.max(options.time / 10),
            max_attempts: options.max_attempts,
            keep: options.proposals,
            patience: options.patience,
        },
    );
    outcome.attempts = (found.attempts, found.complete, found.improved_at);
    outcome.timings.push(("search", ms(t)));
    if found.proposals.is_empty() {
        return Err(too_full(&problem, &read, &found.left_over).into());
    }
    // 5. Verify by laying the edition out with each proposal, best first.
    let t = Instant::now();
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let mut rejected: Vec<String> = Vec::new();
    // At most a few more tries than proposals asked for: each is a layout of the page.
    let tries = 2 * options.proposals.max(1) + 3;
    for (layout, score) in found.proposals.iter().take(tries) {
        if outcome.proposals.len() >= options.proposals.max(1) {
            break;
        }
        let n = outcome.proposals.len() + 1;
        let target = proposal_path(&read.output, n);
        let cover = cover(&problem, layout);
        let heading = write::Heading {
            page: read.brief.page,
            section: &read.brief.section,
            editor: read.brief.editor.as_deref(),
            brief: brief_path,
            seed: options.seed,
            proposal: (n, options.proposals.max(1)),
            score,
            cover,
        };
        let blocks = plan_blocks(&read, &problem, layout, furniture, &plan_dir);
        let text = write::plan_text(&heading, &blocks);
        match verify(&mut bench, &read, &target, &text) {
            Ok(pages) => {
                let proof = match (options.proof_dpi, pages.get(page)) {
                    (Some(dpi), Some(display)) => {
                        let png = crate::render::page_png(display, book, dpi)
                            .map_err(Diagnostics::from)?;
                        let path = target.with_extension("png");
                        files.push((path.clone(), png));
                        Some(path)
                    }
                    _ => None,
                };
                files.push((target.clone(), text.into_bytes()));
                outcome.proposals.push(Proposal {
                    plan: target,
                    proof,
                    score: score.clone(),
                    cover,
                });
            }
            Err(why) => rejected.push(why),
        }
    }
    outcome.timings.push(("verify", ms(t)));
    if outcome.proposals.is_empty() {
        return Err(Diagnostic::content(format!(
            "no proposal survived being laid out: {}",
            rejected.first().map_or("", String::as_str)
        ))
        .at(Location::file(brief_path))
        .hint("give the search more time (--time 10s) or another --seed, or cut the longest story")
        .into());
    }
    crate::output::write_all(&files).map_err(Diagnostics::from)?;
    outcome.written = files.into_iter().map(|(p, _)| p).collect();
    Ok(())
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

/// `page-2.yaml` for the first proposal, `page-2.p2.yaml` for the second, and so on.
fn proposal_path(output: &Path, n: usize) -> PathBuf {
    if n == 1 {
        return output.to_path_buf();
    }
    let stem = output
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let ext = output
        .extension()
        .map_or_else(|| "yaml".to_string(), |s| s.to_string_lossy().into_owned());
    output.with_file_name(format!("{stem}.p{n}.{ext}"))
}

/// 1. Read and check the brief.
fn read_brief(brief_path: &Path, options: &PlanOptions) -> Result<Read, Diagnostics> {
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
    for w in &wanted {
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
fn measure_all(
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

/// The plan's blocks in reading order: furniture and stories, each story with its priority.
fn plan_blocks(
    read: &Read,
    problem: &Problem,
    layout: &Layout,
    furniture: &[(Block, Cells)],
    plan_dir: &Path,
) -> Vec<(Block, Option<String>)> {
    let lead = problem.items.iter().map(|i| i.rank).min();
    let mut blocks: Vec<(Cells, Block, Option<String>)> = furniture
        .iter()
        .map(|(b, c)| (*c, b.clone(), None))
        .collect();
    for p in &layout.placements {
        let w = &read.wanted[p.item];
        let a = p.at;
        let is_lead = Some(problem.items[p.item].rank) == lead && problem.items[p.item].rank == 1;
        let mut block = w.block(plan_dir, [a.x + 1, a.y + 1], [a.w, a.h].into(), is_lead);
        block.copyfit = copyfit(problem, layout, p);
        blocks.push((a, block, Some(w.story.priority.word())));
        if let Some(f) = p.foot {
            let foot = w.foot_block(plan_dir, [f.x + 1, f.y + 1], [f.w, f.h].into());
            blocks.push((
                f,
                foot,
                Some(format!("{}, the foot of its L", w.story.priority.word())),
            ));
        }
    }
    blocks.sort_by_key(|(c, _, _)| (c.y, c.x));
    blocks.into_iter().map(|(_, b, n)| (b, n)).collect()
}

/// `copyfit: true` for an article block shorter than composing sets it (with the line kept for
/// the rule under it): the planner took a line or two off by copyfit.
fn copyfit(problem: &Problem, layout: &Layout, p: &Placement) -> Option<model::CopyfitSpec> {
    let all: Vec<Cells> = layout.placements.iter().flat_map(|p| p.rects()).collect();
    let item = &problem.items[p.item];
    let shape = item.shape(p.at.w).filter(|_| p.foot.is_none())?;
    let needs = shape.natural + problem.rule_line(p.item, &p.at, &all);
    (item.kind == ItemKind::Article && p.at.h < needs).then_some(model::CopyfitSpec::Switch(true))
}

/// Share of the 版心 covered by blocks and furniture.
fn cover(problem: &Problem, layout: &Layout) -> f64 {
    let taken: u32 = problem.blocked.iter().map(Cells::area).sum::<u32>()
        + layout.placements.iter().map(|p| p.area()).sum::<u32>();
    f64::from(taken) / f64::from(problem.columns * problem.rows)
}

/// 5. Read the written plan back and lay the edition out with it: the pages, or why not.
fn verify(
    bench: &mut Bench<'_>,
    read: &Read,
    target: &Path,
    text: &str,
) -> Result<Vec<crate::display::DisplayPage>, String> {
    let plan: PagePlan = yaml::parse(target, text, 0).map_err(|e| e.message)?;
    let mut pages = bench.base.clone();
    pages[bench.page] = LoadedPage {
        path: target.to_path_buf(),
        plan,
    };
    let input = model::Input {
        pages,
        ..bench.input.clone()
    };
    let options = LayoutOptions {
        show_overset: false,
        threads: crate::pool::available_threads(),
    };
    // The planned page and the pages its stories jump to.
    let pages: Vec<u32> = (bench.page as u32 + 1..=input.pages.len() as u32).collect();
    let only = if read.wanted.iter().any(|w| w.story.jumps) {
        pages
    } else {
        vec![bench.page as u32 + 1]
    };
    let out = layout::layout_edition_pages(
        &input,
        bench.resolved,
        bench.book,
        bench.grid,
        options,
        Some(&only),
    )
    .map_err(|e| e.0.first().map_or_else(String::new, |d| d.message.clone()))?;
    // An error of layout on the planned page (a headline that does not fit its block).
    let here = out
        .problems
        .iter()
        .filter(|d| d.is_error())
        .find(|d| d.location.as_ref().is_some_and(|l| l.file == target));
    if let Some(d) = here {
        return Err(d.message.clone());
    }
    for w in &read.wanted {
        let Some(a) = out.report.articles().find(|a| a.file == w.file) else {
            continue;
        };
        if a.overset_lines > 0 {
            return Err(format!(
                "{} is overset by {} lines",
                measure::file_name(&w.file),
                a.overset_lines
            ));
        }
        let ends_here = a
            .frames
            .last()
            .is_some_and(|f| f.0 as usize == bench.page + 1);
        // The report counts the line kept for the rule under a block as empty too.
        if !w.story.jumps && ends_here && a.underset_lines > MAX_HOLE as usize + 1 {
            return Err(format!(
                "{} leaves {} empty lines",
                measure::file_name(&w.file),
                a.underset_lines
            ));
        }
    }
    Ok(out.pages)
}

/// The message for a page too full: what could not be placed, and what to cut.
fn too_full(problem: &Problem, read: &Read, left_over: &[usize]) -> Diagnostic {
    let free = problem.free_area();
    let need: u32 = problem.items.iter().filter_map(|i| i.min_area()).sum();
    let mut cuts: Vec<String> = Vec::new();
    if need > free {
        // Cut from the least important first, at most a third of each.
        let mut excess = need - free;
        let mut by_rank: Vec<usize> = (0..problem.items.len()).collect();
        by_rank.sort_by_key(|&i| std::cmp::Reverse(problem.items[i].rank));
        for i in by_rank {
            if excess == 0 {
                break;
            }
            let item = &problem.items[i];
            let Some(shape) = item.shapes.iter().min_by_key(|s| s.w * s.h_min) else {
                continue;
            };
            let can = shape.w * shape.h_min / 3;
            let cut = excess.min(can);
            if cut > 0 {
                cuts.push(format!(
                    "{} ({}): cut {} lines at {} columns ({} column-lines)",
                    item.name,
                    read.wanted[i].story.priority.word(),
                    cut.div_ceil(shape.w),
                    shape.w,
                    cut
                ));
                excess -= cut;
            }
        }
    }
    let names: Vec<&str> = left_over
        .iter()
        .map(|&i| problem.items[i].name.as_str())
        .collect();
    let mut d = Diagnostic::content(format!(
        "the stories do not fit the page: they need at least {need} column-lines and the page has {free}{}",
        if names.is_empty() {
            String::new()
        } else {
            format!("; the closest attempt could not place {}", names.join(", "))
        }
    ))
    .at(Location::file(&read.brief_path));
    if cuts.is_empty() {
        d = d.hint("the copy would fit in area, but no packing closed the page: give the search more --time, allow more widths, or cut the least important story by a few lines");
    } else {
        d = d.hint(format!("cut: {}", cuts.join("; ")));
    }
    d.hint("or let a story jump (转版) to another page: `jumps: true` here, a `continues:` block there")
}

/// The edition read with the brief's stories on the planned page, resolved.
struct Ready {
    input: model::Input,
    book: FontBook,
    resolved: Resolved,
    grid: Grid,
    furniture: Vec<(Block, Cells)>,
}

impl Ready {
    fn bench(&self, page: usize) -> Bench<'_> {
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
fn prepare(read: &Read, fonts: &FontFolder) -> Result<Ready, Diagnostics> {
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

/// The planning problem of a brief, measured (for tests and the benchmark).
pub fn problem_of(brief_path: &Path, fonts: &FontFolder) -> Result<Problem, Diagnostics> {
    let options = PlanOptions {
        output: PathBuf::from("planned.yaml"),
        proposals: 1,
        seed: 0,
        time: Duration::ZERO,
        max_attempts: 0,
        patience: pack::PATIENCE,
        fonts: fonts.clone(),
        proof_dpi: None,
    };
    let read = read_brief(brief_path, &options)?;
    let ready = prepare(&read, fonts)?;
    let mut bench = ready.bench(read.brief.page as usize - 1);
    measure_all(&mut bench, &read, &parent(&read.output), &ready.furniture)
}
