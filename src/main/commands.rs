//! One function per subcommand: each turns its arguments into the library's options, runs
//! the command and says what it wrote; it returns the diagnostics and the exit code.

use std::path::{Path, PathBuf};

use clap::CommandFactory;

use paiban::build::{self, BuildOptions, Outcome};
use paiban::cli::FontQuery;
use paiban::diag::{Diagnostic, Diagnostics};

use super::args::{
    BuildArgs, CheckArgs, Cli, CompletionsArgs, EpaperArgs, FontsArgs, ImportArgs, PlanArgs,
    ProofArgs, TextArgs, WatchArgs,
};
use super::font_folder;

/// `paiban build`: the PDF (or one per page), and the e-paper when asked.
pub fn build(args: BuildArgs) -> (Diagnostics, i32) {
    if let Err(d) = check_split_output(args.split, args.output.as_deref()) {
        return fail(d);
    }
    let pages = match args.pages.as_deref().map(build::parse_pages).transpose() {
        Ok(p) => p,
        Err(m) => return fail(page_list_error(&m)),
    };
    let options = BuildOptions {
        output: args.output,
        pages,
        split: args.split,
        strict: args.strict,
        show_overset: args.show_overset,
        marks: args.marks,
        x4: args.x4,
        icc: args.icc,
        fonts: font_folder(args.fonts),
        source_date_epoch: std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse().ok()),
        threads: args.threads.unwrap_or_else(paiban::pool::available_threads),
        roots: args.read.options(),
        epaper: epaper_target(args.epaper, args.epaper_archive, args.templates),
    };
    let outcome = build::build(&args.edition, &options);
    for path in &outcome.written {
        eprintln!("wrote {}", path.display());
    }
    finish(outcome, args.report.as_deref())
}

/// `paiban epaper`: the e-paper site alone.
pub fn epaper(args: EpaperArgs) -> (Diagnostics, i32) {
    let options = BuildOptions {
        fonts: font_folder(args.fonts),
        threads: args.threads.unwrap_or_else(paiban::pool::available_threads),
        roots: args.read.options(),
        epaper: epaper_target(args.output, args.archive, args.templates),
        ..BuildOptions::default()
    };
    let outcome = build::epaper(&args.edition, &options);
    for path in &outcome.written {
        eprintln!("wrote {}", path.display());
    }
    finish(outcome, None)
}

/// `paiban check`: everything but the PDF, and the fit table.
pub fn check(args: CheckArgs) -> (Diagnostics, i32) {
    let threads = args.threads.unwrap_or_else(paiban::pool::available_threads);
    let fonts = font_folder(args.fonts);
    let roots = args.read.options();
    let outcome = build::check(
        &args.edition,
        args.strict,
        args.fix,
        &fonts,
        threads,
        &roots,
    );
    for path in &outcome.written {
        eprintln!("fixed {}", path.display());
    }
    print!("{}", paiban::cli::summary(&outcome.report));
    finish(outcome, args.report.as_deref())
}

/// `paiban fonts`.
pub fn fonts(args: FontsArgs) -> (Diagnostics, i32) {
    paiban::cli::fonts(&FontQuery {
        family: args.family.as_deref(),
        text: args.text.as_deref(),
        all: args.all,
        fonts: &font_folder(args.fonts),
    })
}

/// `paiban completions SHELL`.
pub fn completions(args: CompletionsArgs) -> (Diagnostics, i32) {
    let mut command = Cli::command();
    clap_complete::generate(args.shell, &mut command, "paiban", &mut std::io::stdout());
    (Diagnostics::new(), 0)
}

/// `paiban man`: the man page, from the same definitions as the parser.
pub fn man_page() -> (Diagnostics, i32) {
    let man = clap_mangen::Man::new(Cli::command());
    let mut out = Vec::new();
    match man.render(&mut out) {
        Ok(()) => {
            use std::io::Write as _;
            // A closed pipe (`paiban man | head`) is not an error worth reporting.
            let _ = std::io::stdout().write_all(&out);
            (Diagnostics::new(), 0)
        }
        Err(e) => fail(Diagnostic::internal(format!("writing the man page: {e}"))),
    }
}

/// `paiban text`.
pub fn text(args: TextArgs) -> (Diagnostics, i32) {
    paiban::cli::export_text(&args.edition, &args.output, &args.read.options())
}

/// `paiban watch`: the live preview, until interrupted.
pub fn watch(args: WatchArgs) -> (Diagnostics, i32) {
    let options = paiban::preview::WatchOptions {
        host: args.host,
        port: args.port,
        open: args.open,
        pdf: args.pdf,
        fonts: font_folder(args.fonts),
    };
    let diagnostics = paiban::preview::watch(&args.edition, &options);
    let code = diagnostics.exit_code();
    (diagnostics, code)
}

/// `paiban plan`: the proposals, their scores, and the report when asked.
pub fn plan(args: PlanArgs) -> (Diagnostics, i32) {
    let time = match parse_duration(&args.time) {
        Some(t) => t,
        None => {
            return fail(
                Diagnostic::input(format!("--time {}: not a duration", args.time))
                    .hint("write e.g. --time 5s, --time 2.5s or --time 800ms"),
            );
        }
    };
    let dpi = args.dpi;
    if !(dpi.is_finite() && (10.0..=1200.0).contains(&dpi)) {
        return fail(
            Diagnostic::input(format!("--dpi {dpi} is out of range"))
                .hint("give a resolution from 10 to 1200, e.g. --dpi 40"),
        );
    }
    let options = paiban::plan::PlanOptions {
        output: args.output,
        proposals: args.proposals.clamp(1, 20),
        seed: args.seed,
        time,
        max_attempts: args.attempts,
        // 0 is the spelling of "never" a user can type.
        patience: if args.patience == 0 {
            u64::MAX
        } else {
            args.patience
        },
        fonts: font_folder(args.fonts),
        proof_dpi: (!args.no_proof).then_some(dpi),
    };
    let mut outcome = paiban::plan::plan(&args.brief, &options);
    print_proposals(&outcome);
    if let Some(path) = args.report.filter(|_| !outcome.proposals.is_empty()) {
        let json = serde_json::to_vec_pretty(&outcome.proposals).unwrap_or_default();
        match paiban::output::write_atomic(&path, &json) {
            Ok(()) => outcome.written.push(path),
            Err(e) => outcome.diagnostics.push(e),
        }
    }
    for path in &outcome.written {
        eprintln!("wrote {}", path.display());
    }
    let code = outcome.diagnostics.exit_code();
    (outcome.diagnostics, code)
}

/// Each proposal's score with its terms, then how the search went.
fn print_proposals(outcome: &paiban::plan::PlanOutcome) {
    for p in &outcome.proposals {
        let terms: Vec<String> = p
            .score
            .terms
            .iter()
            .map(|(n, v, w)| format!("{n} {:.2}", v * w))
            .collect();
        eprintln!(
            "{}: score {:.3}, 版心 covered {:.1}% ({})",
            p.plan.display(),
            p.score.total,
            p.cover * 100.0,
            terms.join(", ")
        );
    }
    eprintln!(
        "{} attempts, {} placed every story, the best found by attempt {}; {}",
        outcome.attempts.0,
        outcome.attempts.1,
        outcome.attempts.2,
        outcome
            .timings
            .iter()
            .map(|(n, t)| format!("{n} {t:.0} ms"))
            .collect::<Vec<_>>()
            .join(", ")
    );
}

/// `paiban proof`: PNG proofs of the pages and a contact sheet.
pub fn proof(args: ProofArgs) -> (Diagnostics, i32) {
    let pages = match args.pages.as_deref().map(build::parse_pages).transpose() {
        Ok(p) => p,
        Err(m) => return fail(page_list_error(&m)),
    };
    let dpi = args.dpi;
    if !(dpi.is_finite() && (10.0..=1200.0).contains(&dpi)) {
        return fail(
            Diagnostic::input(format!("--dpi {dpi} is out of range"))
                .hint("give a resolution from 10 to 1200, e.g. --dpi 100"),
        );
    }
    let options = paiban::proof::ProofOptions {
        output: args.output,
        dpi,
        pages,
        clean: args.clean,
        fonts: font_folder(args.fonts),
    };
    let (written, diagnostics) = paiban::proof::proof(&args.edition, &options);
    for path in &written {
        eprintln!("wrote {}", path.display());
    }
    let code = diagnostics.exit_code();
    (diagnostics, code)
}

/// `paiban import`: article files from stories, and a plan block when asked.
pub fn import(args: ImportArgs) -> (Diagnostics, i32) {
    let into = match (args.into, args.at, args.size) {
        (Some(plan), Some(at), Some(size)) => Some(paiban::import::Placement { plan, at, size }),
        _ => None,
    };
    let request = paiban::import::Request {
        inputs: args.inputs,
        out_dir: args.output,
        force: args.force,
        fix: args.fix,
        into,
    };
    let outcome = paiban::import::import(&request);
    print!("{}", outcome.summary);
    for path in &outcome.written {
        eprintln!("wrote {}", path.display());
    }
    let code = outcome.diagnostics.exit_code();
    (outcome.diagnostics, code)
}

/// With --split, -o names the folder the pages go to; a name ending in .pdf (or an existing
/// file) is a mistake, not a folder to create.
fn check_split_output(split: bool, output: Option<&Path>) -> Result<(), Diagnostic> {
    let Some(out) = output.filter(|_| split) else {
        return Ok(());
    };
    let is_pdf = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if is_pdf || out.is_file() {
        let folder = out.with_extension("");
        return Err(Diagnostic::input(format!(
            "--split writes one PDF per page into a folder, but -o names the file {}",
            out.display()
        ))
        .hint(format!(
            "give a folder, e.g. -o {}/ (the file names come from split_pattern), or leave out --split for one PDF",
            folder.display()
        )));
    }
    Ok(())
}

/// `5s`, `2.5s`, `800ms` or a bare number of seconds.
fn parse_duration(text: &str) -> Option<std::time::Duration> {
    let t = text.trim();
    let (number, scale) = if let Some(n) = t.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1.0)
    } else {
        (t, 1.0)
    };
    let seconds = number.trim().parse::<f64>().ok()? * scale;
    (seconds.is_finite() && (0.0..=3600.0).contains(&seconds))
        .then(|| std::time::Duration::from_secs_f64(seconds))
}

fn page_list_error(message: &str) -> Diagnostic {
    Diagnostic::input(format!("--pages: {message}")).hint("write --pages 2 or 1,3 or 2-4")
}

fn fail(d: Diagnostic) -> (Diagnostics, i32) {
    let ds: Diagnostics = d.into();
    let code = ds.exit_code();
    (ds, code)
}

/// The e-paper folder from `-o`/`--epaper` or the archive root.
fn epaper_target(
    site: Option<PathBuf>,
    archive: Option<PathBuf>,
    templates: Option<PathBuf>,
) -> Option<build::EpaperTarget> {
    let (folder, archive) = match (site, archive) {
        (Some(site), _) => (site, false),
        (None, Some(root)) => (root, true),
        (None, None) => return None,
    };
    Some(build::EpaperTarget {
        folder,
        archive,
        templates,
    })
}

fn finish(mut outcome: Outcome, report: Option<&Path>) -> (Diagnostics, i32) {
    if let Some(path) = report {
        let refused =
            build::refuse_overwrite(&outcome.inputs, path, "choose another path for --report");
        let written = refused.and_then(|()| {
            let json = paiban::cli::report_json(&outcome);
            paiban::output::write_atomic(path, json.as_bytes())
        });
        if let Err(e) = written {
            outcome.diagnostics.push(e);
        }
    }
    let code = outcome.exit_code();
    (outcome.diagnostics, code)
}
