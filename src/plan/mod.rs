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
mod read;
pub mod rules;
pub mod score;
mod too_full;
mod verify;
mod write;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::fonts::FontFolder;

use measure::Bench;
use problem::{Layout, Problem};
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

fn run(
    brief_path: &Path,
    options: &PlanOptions,
    outcome: &mut PlanOutcome,
) -> Result<(), Diagnostics> {
    let started = Instant::now();
    // 1–3. Read the brief and the edition, and measure every story.
    let read = read::read_brief(brief_path, options)?;
    let ready = read::prepare(&read, &options.fonts)?;
    let mut bench = ready.bench(read.page());
    let problem = measure_all_of(&mut bench, &read, &ready)?;
    outcome.timings.push(("measure", ms(started)));
    // 4. Search.
    let t = Instant::now();
    let found = search(&problem, options, started);
    outcome.attempts = (found.attempts, found.complete, found.improved_at);
    outcome.timings.push(("search", ms(t)));
    if found.proposals.is_empty() {
        return Err(too_full::too_full(&problem, &read, &found.left_over).into());
    }
    // 5. Lay the edition out with each proposal, best first, keeping those that set cleanly.
    let t = Instant::now();
    let step = Step {
        read: &read,
        ready: &ready,
        problem: &problem,
        options,
    };
    let files = step.proposals(&mut bench, &found.proposals, outcome)?;
    outcome.timings.push(("verify", ms(t)));
    // 6. Write the plans and their proofs.
    crate::output::write_all(&files).map_err(Diagnostics::from)?;
    outcome.written = files.into_iter().map(|(p, _)| p).collect();
    Ok(())
}

/// 3. Every story measured.
fn measure_all_of(
    bench: &mut Bench<'_>,
    read: &read::Read,
    ready: &read::Ready,
) -> Result<Problem, Diagnostics> {
    read::measure_all(bench, read, &read.plan_dir(), &ready.furniture)
}

/// Step 4, the search: in what is left of the budget once measuring and a tenth for step 5
/// are taken off (but at least a tenth of it, so that a slow measure still leaves a search).
fn search(problem: &Problem, options: &PlanOptions, started: Instant) -> pack::Found {
    let left = options
        .time
        .saturating_sub(started.elapsed())
        .saturating_sub(options.time / 10);
    pack::search(
        problem,
        &pack::Search {
            seed: options.seed,
            time: left.max(options.time / 10),
            max_attempts: options.max_attempts,
            keep: options.proposals,
            patience: options.patience,
        },
    )
}

/// What step 5 works with.
struct Step<'a> {
    read: &'a read::Read,
    ready: &'a read::Ready,
    problem: &'a Problem,
    options: &'a PlanOptions,
}

/// A file to write: its path and bytes.
type File = (PathBuf, Vec<u8>);

impl Step<'_> {
    /// Step 5: the proposals that survive being laid out, as files to write (plan, proof), at
    /// most as many as asked for, trying a few more than that.
    fn proposals(
        &self,
        bench: &mut Bench<'_>,
        found: &[(Layout, Score)],
        outcome: &mut PlanOutcome,
    ) -> Result<Vec<File>, Diagnostics> {
        let wanted = self.options.proposals.max(1);
        let mut files: Vec<File> = Vec::new();
        let mut rejected: Vec<String> = Vec::new();
        // Each try is a layout of the page.
        for (layout, score) in found.iter().take(2 * wanted + 3) {
            if outcome.proposals.len() >= wanted {
                break;
            }
            let n = outcome.proposals.len() + 1;
            match self.proposal(bench, layout, score, n, &mut files)? {
                Ok(p) => outcome.proposals.push(p),
                Err(why) => rejected.push(why),
            }
        }
        if outcome.proposals.is_empty() {
            return Err(Diagnostic::content(format!(
                "no proposal survived being laid out: {}",
                rejected.first().map_or("", String::as_str)
            ))
            .at(Location::file(&self.read.brief_path))
            .hint("give the search more time (--time 10s) or another --seed, or cut the longest story")
            .into());
        }
        Ok(files)
    }

    /// Proposal `n`: its plan written as text, laid out, and its proof drawn; the files go to
    /// `files`. The proposal, or why layout refused it.
    fn proposal(
        &self,
        bench: &mut Bench<'_>,
        layout: &Layout,
        score: &Score,
        n: usize,
        files: &mut Vec<File>,
    ) -> Result<Result<Proposal, String>, Diagnostics> {
        let (read, options) = (self.read, self.options);
        let target = proposal_path(&read.output, n);
        let cover = verify::cover(self.problem, layout);
        let heading = write::Heading {
            page: read.brief.page,
            section: &read.brief.section,
            editor: read.brief.editor.as_deref(),
            brief: &read.brief_path,
            seed: options.seed,
            proposal: (n, options.proposals.max(1)),
            score,
            cover,
        };
        let blocks = verify::plan_blocks(read, self.problem, layout, &self.ready.furniture);
        let text = write::plan_text(&heading, &blocks);
        let pages = match verify::verify(bench, read, &target, &text) {
            Ok(pages) => pages,
            Err(why) => return Ok(Err(why)),
        };
        let proof = match (options.proof_dpi, pages.get(read.page())) {
            (Some(dpi), Some(display)) => {
                let png = crate::render::page_png(display, &self.ready.book, dpi)
                    .map_err(Diagnostics::from)?;
                let path = target.with_extension("png");
                files.push((path.clone(), png));
                Some(path)
            }
            _ => None,
        };
        files.push((target.clone(), text.into_bytes()));
        Ok(Ok(Proposal {
            plan: target,
            proof,
            score: score.clone(),
            cover,
        }))
    }
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
    let read = read::read_brief(brief_path, &options)?;
    let ready = read::prepare(&read, fonts)?;
    let mut bench = ready.bench(read.page());
    measure_all_of(&mut bench, &read, &ready)
}
