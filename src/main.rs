//! The `paiban` command line: parses arguments, runs the pipeline, prints diagnostics, and maps
//! the outcome to an exit code (0 ok, 1 content problems, 2 bad input, 3 internal error).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use paiban::build::{self, BuildOptions, Outcome};
use paiban::cli::FontQuery;
use paiban::diag::render::Sources;
use paiban::diag::{Diagnostic, Diagnostics};
use paiban::fonts::FontFolder;
use paiban::model::{Limits, RootOptions};

/// Where an edition may read from, and how much (docs/security.md).
#[derive(Args, Clone)]
struct ReadArgs {
    /// The edition root: every file the edition names must lie inside it, after following
    /// links (default: the edition file's folder; paiban's own layouts/ and fonts/ are allowed).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Let the edition read files anywhere (for trusted local editions only).
    #[arg(long)]
    allow_outside_root: bool,
    /// Largest edition, layout or page-plan file, in MB.
    #[arg(long, value_name = "MB", default_value_t = Limits::default().yaml / paiban::model::paths::MB)]
    max_yaml_mb: u64,
    /// Largest article file, in MB.
    #[arg(long, value_name = "MB", default_value_t = Limits::default().article / paiban::model::paths::MB)]
    max_article_mb: u64,
    /// Largest picture or logo file (and ICC profile), in MB.
    #[arg(long, value_name = "MB", default_value_t = Limits::default().picture / paiban::model::paths::MB)]
    max_picture_mb: u64,
}

impl ReadArgs {
    fn options(&self) -> RootOptions {
        let mb = |n: u64| n.saturating_mul(paiban::model::paths::MB);
        RootOptions {
            root: self.root.clone(),
            allow_outside_root: self.allow_outside_root,
            limits: Limits {
                yaml: mb(self.max_yaml_mb),
                article: mb(self.max_article_mb),
                picture: mb(self.max_picture_mb),
            },
            own_folders: own_folders(),
        }
    }
}

/// paiban (排版): typesets Chinese newspapers from YAML page plans into print-ready PDF.
#[derive(Parser)]
#[command(name = "paiban", version, about, long_about = None, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// How to print diagnostics: human (with hints) or short (one line each, for scripts).
    #[arg(long, global = true, value_enum, default_value_t = Format::Human)]
    diagnostic_format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Short,
}

const EXAMPLES: &str = "\
Examples:
  paiban new week33 --layout sikai-6col      a starter edition on the 四开六栏 grid
  paiban check week33/edition.yaml           fit, overset and fonts, without a PDF
  paiban build week33/edition.yaml -o out/week33.pdf";

#[derive(Subcommand)]
enum Command {
    /// Set an edition and write its PDF (PDF/X-1a by default).
    #[command(after_help = "\
Examples:
  paiban build samples/dongchang-1461/edition.yaml -o out/1461.pdf
  paiban build edition.yaml --pages 2 -o out/page2.pdf     one page after a late correction
  paiban build edition.yaml --split -o out/ --strict       one PDF per page for the plant")]
    Build {
        /// The edition file (edition.yaml).
        edition: PathBuf,
        /// Output file; with --split, the output folder.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Only these pages, e.g. 2 or 1,3 or 2-4 (numbers, jumps and masthead stay as in the
        /// whole edition).
        #[arg(long)]
        pages: Option<String>,
        /// One PDF per page, named by the edition's split_pattern.
        #[arg(long)]
        split: bool,
        /// Write the fit report as JSON.
        #[arg(long)]
        report: Option<PathBuf>,
        /// Overset text and missing glyphs are errors (exit 1).
        #[arg(long)]
        strict: bool,
        /// Mark overset text in the PDF, outside the type area.
        #[arg(long)]
        show_overset: bool,
        /// Crop and registration marks outside the trim.
        #[arg(long)]
        marks: bool,
        /// Write PDF/X-4 instead of PDF/X-1a (needs a CMYK ICC profile: the layout's
        /// print.icc_profile or --icc).
        #[arg(long)]
        x4: bool,
        /// A CMYK ICC output profile to embed, instead of the layout's.
        #[arg(long)]
        icc: Option<PathBuf>,
        /// A folder of fonts to use instead of paiban's own faces (which are compiled in, or
        /// found beside the executable); the system's fonts are searched after it.
        #[arg(long, env = "PAIBAN_FONTS", value_name = "DIR")]
        fonts: Option<PathBuf>,
        /// Threads to lay out and write on (default: the number of cores). The PDF is the same
        /// whatever the number.
        #[arg(long, value_name = "N")]
        threads: Option<usize>,
        /// Also write the e-paper (数字报) site to this folder, from the same layout.
        #[arg(long, value_name = "SITE", conflicts_with = "epaper_archive")]
        epaper: Option<PathBuf>,
        /// Also write the e-paper into this archive: ROOT/YYYY-MM/DD/ and the date index
        /// ROOT/index.html.
        #[arg(long, value_name = "ROOT")]
        epaper_archive: Option<PathBuf>,
        /// A folder of e-paper templates replacing paiban's own (index.html, page.html,
        /// article.html, archive.html, style.css).
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Write the e-paper (数字报): a static site of page images with clickable articles,
    /// article pages, an index and edition.json.
    #[command(after_help = "\
Examples:
  paiban epaper samples/dongchang-1461/edition.yaml -o site/
  paiban epaper edition.yaml --archive /srv/www/epaper     into ROOT/YYYY-MM/DD/, with a date index
  paiban build edition.yaml -o out/1461.pdf --epaper site/  the PDF and the site in one run")]
    Epaper {
        /// The edition file.
        edition: PathBuf,
        /// The site folder (replaced whole; an existing one stays until the new one is ready).
        #[arg(
            short,
            long,
            value_name = "SITE",
            required_unless_present = "archive",
            conflicts_with = "archive"
        )]
        output: Option<PathBuf>,
        /// An archive root: the edition goes to ROOT/YYYY-MM/DD/, and ROOT/index.html lists
        /// every edition there.
        #[arg(long, value_name = "ROOT")]
        archive: Option<PathBuf>,
        /// A folder of templates replacing paiban's own.
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// A folder of fonts to use instead of paiban's own faces.
        #[arg(long, env = "PAIBAN_FONTS", value_name = "DIR")]
        fonts: Option<PathBuf>,
        /// Threads to lay out and draw on (default: the number of cores).
        #[arg(long, value_name = "N")]
        threads: Option<usize>,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Check an edition without writing a PDF: fit, overset, fonts, copy.
    #[command(after_help = "\
Examples:
  paiban check edition.yaml                       the fit table and every warning
  paiban check edition.yaml --strict --report fit.json
  paiban check edition.yaml --fix                 apply the punctuation lint's fixes")]
    Check {
        /// The edition file.
        edition: PathBuf,
        /// Overset text and missing glyphs are errors (exit 1).
        #[arg(long)]
        strict: bool,
        /// Write the fit report as JSON.
        #[arg(long)]
        report: Option<PathBuf>,
        /// Rewrite articles with the punctuation the lint suggests (the originals are kept as
        /// .bak beside them).
        #[arg(long)]
        fix: bool,
        /// A folder of fonts to use instead of paiban's own faces.
        #[arg(long, env = "PAIBAN_FONTS", value_name = "DIR")]
        fonts: Option<PathBuf>,
        /// Threads to lay out on (default: the number of cores).
        #[arg(long, value_name = "N")]
        threads: Option<usize>,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// List the fonts paiban can use, or check a family for missing characters.
    #[command(after_help = "\
Examples:
  paiban fonts                                    every bundled and system face
  paiban fonts --family \"Noto Serif SC\" --text 鿍𬌗    which characters the family lacks")]
    Fonts {
        /// Show only this family.
        #[arg(long)]
        family: Option<String>,
        /// Check these characters against the family.
        #[arg(long)]
        text: Option<String>,
        /// List every system face, not only those with Chinese characters.
        #[arg(long)]
        all: bool,
        /// A folder of fonts to use instead of paiban's own faces.
        #[arg(long, env = "PAIBAN_FONTS", value_name = "DIR")]
        fonts: Option<PathBuf>,
    },
    /// Write a small starter edition to copy from.
    #[command(after_help = "\
Examples:
  paiban new week33                               on the default layout, sikai-6col
  paiban new broadsheet --layout duikai-8col      on the 对开八栏 grid")]
    New {
        /// The folder to create.
        dir: PathBuf,
        /// The shipped layout to start from (see `paiban layouts`); its file is copied into
        /// the folder as layout.yaml, for you to adapt.
        #[arg(long, default_value = "sikai-6col")]
        layout: String,
    },
    /// Rebuild the edition on every save and show it live in a browser (SVG pages, hover
    /// outlines naming each block's plan line, the diagnostics beside them).
    Watch {
        /// The edition file.
        edition: PathBuf,
        /// Port to serve on (0: any free port).
        #[arg(long, default_value_t = 7077)]
        port: u16,
        /// Open the preview in the browser.
        #[arg(long)]
        open: bool,
        /// Address to listen on. Only 127.0.0.1 unless given: the preview shows unpublished
        /// copy.
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
        /// Also write the PDF here after every good build.
        #[arg(long)]
        pdf: Option<PathBuf>,
        /// Font folder (default: paiban's own fonts/).
        #[arg(long)]
        fonts: Option<PathBuf>,
    },
    /// Lay a page out from a brief (stories with priorities, fixed furniture): writes page
    /// plans, best first (page-2.yaml, page-2.p2.yaml …), each with its score in comments and
    /// a proof PNG beside it (docs/planner.md).
    #[command(after_help = "\
Examples:
  paiban plan briefs/page-2.yaml -o page-2.yaml                  the best plan found (in at most 5 s)
  paiban plan briefs/page-2.yaml -o page-2.yaml --proposals 3    three to choose from")]
    Plan {
        /// The brief file.
        brief: PathBuf,
        /// The plan to write; further proposals are written beside it.
        #[arg(short, long)]
        output: PathBuf,
        /// How many proposals to write.
        #[arg(long, default_value_t = 1)]
        proposals: usize,
        /// The seed of the search: the same seed and brief give the same plans.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The time budget of measuring and searching, e.g. 5s or 800ms; the search usually
        /// stops long before (see --patience).
        #[arg(long, default_value = "5s")]
        time: String,
        /// At most this many packing attempts (for results that do not depend on the
        /// machine's speed).
        #[arg(long, default_value_t = u64::MAX)]
        attempts: u64,
        /// Stop once the best proposals have not changed for this many attempts (and for as
        /// many as it took to find them); 0 never stops early.
        #[arg(long, default_value_t = paiban::plan::pack::PATIENCE)]
        patience: u64,
        /// Resolution of the proof PNGs.
        #[arg(long, default_value_t = 40.0)]
        dpi: f32,
        /// Write no proof PNGs.
        #[arg(long)]
        no_proof: bool,
        /// Write the proposals' scores as JSON here.
        #[arg(long)]
        report: Option<PathBuf>,
        /// Font folder (default: paiban's own fonts/).
        #[arg(long)]
        fonts: Option<PathBuf>,
    },
    /// Draw the pages as PNG proofs (page-01.png …) and a contact sheet (contact.png), with
    /// overset and underset marked.
    Proof {
        /// The edition file.
        edition: PathBuf,
        /// The folder to write to.
        #[arg(short, long)]
        output: PathBuf,
        /// Resolution of the page proofs.
        #[arg(long, default_value_t = 100.0)]
        dpi: f32,
        /// Only these pages, e.g. 2 or 1,3 or 2-4.
        #[arg(long)]
        pages: Option<String>,
        /// Leave out the overset and underset marks.
        #[arg(long)]
        clean: bool,
        /// Font folder (default: paiban's own fonts/).
        #[arg(long)]
        fonts: Option<PathBuf>,
    },
    /// List the shipped layouts with their grids (trim, 版心, columns × characters, lines per
    /// page), or show the grid of a layout file.
    #[command(after_help = "\
Examples:
  paiban layouts                                  the shipped layouts
  paiban layouts mypaper/layout.yaml              the grid of your own layout")]
    Layouts {
        /// A layout file to show instead of the shipped ones.
        file: Option<PathBuf>,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(after_help = "\
Examples:
  paiban completions bash > ~/.local/share/bash-completion/completions/paiban
  paiban completions zsh > ~/.zfunc/_paiban")]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), generated from the same definitions as --help.
    #[command(after_help = "\
Examples:
  paiban man > ~/.local/share/man/man1/paiban.1
  paiban man | man -l -")]
    Man,
    /// Turn stories as handed in (Word .docx; .txt or .md in UTF-8, UTF-16 or GB18030) into
    /// article files: headline group, 讯头 and byline detected and reported.
    #[command(after_help = "\
Examples:
  paiban import stories/ -o articles                 every .docx, .txt, .md in stories/
  paiban import 张三稿.txt -o articles --fix         a GB18030 story, punctuation fixed
  paiban import lead.docx -o articles --into page-1.yaml --at [1,12] --size [4,24]")]
    Import {
        /// Story files, or folders of them.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The folder to write the article files to (pictures go in its pictures/).
        #[arg(short, long)]
        output: PathBuf,
        /// Overwrite files that already exist.
        #[arg(long)]
        force: bool,
        /// Apply the copy lint's fixes (straight quotes, half-width punctuation).
        #[arg(long)]
        fix: bool,
        /// Also add the article as a block to this page plan (its comments and order kept).
        #[arg(long, requires_all = ["at", "size"])]
        into: Option<PathBuf>,
        /// With --into: the block's top-left grid cell, [column,line].
        #[arg(long, requires = "into")]
        at: Option<paiban::import::GridPair>,
        /// With --into: the block's size, [columns,lines].
        #[arg(long, requires = "into")]
        size: Option<paiban::import::GridPair>,
    },
    /// Write each article's text as set (headlines, body, byline) to a folder, one .txt per
    /// article, for checking text extraction from the PDF.
    #[command(after_help = "\
Examples:
  paiban text edition.yaml -o out/text
  paiban text edition.yaml -o out/text && pdftotext -raw out/1461.pdf - | less")]
    Text {
        /// The edition file.
        edition: PathBuf,
        /// The folder to write to.
        #[arg(short, long)]
        output: PathBuf,
        #[command(flatten)]
        read: ReadArgs,
    },
}

fn main() -> ExitCode {
    let cli = parse_cli();
    let format = cli.diagnostic_format;
    let result = std::panic::catch_unwind(move || run(cli.command));
    let code = match result {
        Ok((diagnostics, code)) => {
            print_diagnostics(&diagnostics.summarised(), format);
            code
        }
        Err(panic) => {
            let what = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            print_diagnostics(
                &Diagnostic::internal(format!("paiban crashed: {what}")).into(),
                format,
            );
            3
        }
    };
    ExitCode::from(code as u8)
}

/// The arguments; `--version` also names the fonts compiled in, with their versions (read from
/// their name tables only when asked, so other runs do not touch the font bytes).
fn parse_cli() -> Cli {
    let mut command = Cli::command();
    if std::env::args_os().any(|a| a == "--version") {
        // Leaked once, just before the process prints and exits: clap keeps `&'static str`s.
        command = command.long_version(&*Box::leak(long_version().into_boxed_str()));
    }
    let matches = command.get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

fn long_version() -> String {
    let mut out = String::from(env!("CARGO_PKG_VERSION"));
    let versions = paiban::fonts::bundled_versions();
    if versions.is_empty() {
        out.push_str("\nfonts: none bundled (built without the bundled-fonts feature); paiban looks for its fonts/ folder at run time");
    }
    for (file, version) in versions {
        out.push_str(&format!("\nbundled font {file}: {version} (SIL OFL 1.1)"));
    }
    out
}

fn run(command: Command) -> (Diagnostics, i32) {
    match command {
        Command::Build {
            edition,
            output,
            pages,
            split,
            report,
            strict,
            show_overset,
            marks,
            x4,
            icc,
            fonts,
            threads,
            epaper,
            epaper_archive,
            templates,
            read,
        } => {
            if let Err(d) = check_split_output(split, output.as_deref()) {
                return fail(d);
            }
            let pages = match pages.as_deref().map(build::parse_pages).transpose() {
                Ok(p) => p,
                Err(m) => return fail(page_list_error(&m)),
            };
            let options = BuildOptions {
                output,
                pages,
                split,
                strict,
                show_overset,
                marks,
                x4,
                icc,
                fonts: font_folder(fonts),
                source_date_epoch: std::env::var("SOURCE_DATE_EPOCH")
                    .ok()
                    .and_then(|s| s.trim().parse().ok()),
                threads: threads.unwrap_or_else(paiban::pool::available_threads),
                roots: read.options(),
                epaper: epaper_target(epaper, epaper_archive, templates),
            };
            let outcome = build::build(&edition, &options);
            for path in &outcome.written {
                eprintln!("wrote {}", path.display());
            }
            finish(outcome, report.as_deref())
        }
        Command::Epaper {
            edition,
            output,
            archive,
            templates,
            fonts,
            threads,
            read,
        } => {
            let options = BuildOptions {
                fonts: font_folder(fonts),
                threads: threads.unwrap_or_else(paiban::pool::available_threads),
                roots: read.options(),
                epaper: epaper_target(output, archive, templates),
                ..BuildOptions::default()
            };
            let outcome = build::epaper(&edition, &options);
            for path in &outcome.written {
                eprintln!("wrote {}", path.display());
            }
            finish(outcome, None)
        }
        Command::Check {
            edition,
            strict,
            report,
            fix,
            fonts,
            threads,
            read,
        } => {
            let threads = threads.unwrap_or_else(paiban::pool::available_threads);
            let fonts = font_folder(fonts);
            let outcome = build::check(&edition, strict, fix, &fonts, threads, &read.options());
            for path in &outcome.written {
                eprintln!("fixed {}", path.display());
            }
            print_summary(&outcome);
            finish(outcome, report.as_deref())
        }
        Command::Fonts {
            family,
            text,
            all,
            fonts,
        } => paiban::cli::fonts(&FontQuery {
            family: family.as_deref(),
            text: text.as_deref(),
            all,
            fonts: &font_folder(fonts),
        }),
        Command::New { dir, layout } => paiban::cli::new_edition(&dir, &layout),
        Command::Layouts { file } => paiban::cli::layouts(file.as_deref()),
        Command::Completions { shell } => {
            let mut command = Cli::command();
            clap_complete::generate(shell, &mut command, "paiban", &mut std::io::stdout());
            (Diagnostics::new(), 0)
        }
        Command::Man => man_page(),
        Command::Text {
            edition,
            output,
            read,
        } => paiban::cli::export_text(&edition, &output, &read.options()),
        Command::Watch {
            edition,
            port,
            open,
            host,
            pdf,
            fonts,
        } => {
            let options = paiban::preview::WatchOptions {
                host,
                port,
                open,
                pdf,
                fonts: font_folder(fonts),
            };
            let diagnostics = paiban::preview::watch(&edition, &options);
            let code = diagnostics.exit_code();
            (diagnostics, code)
        }
        Command::Plan {
            brief,
            output,
            proposals,
            seed,
            time,
            attempts,
            patience,
            dpi,
            no_proof,
            report,
            fonts,
        } => {
            let time = match parse_duration(&time) {
                Some(t) => t,
                None => {
                    return fail(
                        Diagnostic::input(format!("--time {time}: not a duration"))
                            .hint("write e.g. --time 5s, --time 2.5s or --time 800ms"),
                    );
                }
            };
            if !(dpi.is_finite() && (10.0..=1200.0).contains(&dpi)) {
                return fail(
                    Diagnostic::input(format!("--dpi {dpi} is out of range"))
                        .hint("give a resolution from 10 to 1200, e.g. --dpi 40"),
                );
            }
            let options = paiban::plan::PlanOptions {
                output,
                proposals: proposals.clamp(1, 20),
                seed,
                time,
                max_attempts: attempts,
                // 0 is the spelling of "never" a user can type.
                patience: if patience == 0 { u64::MAX } else { patience },
                fonts: font_folder(fonts),
                proof_dpi: (!no_proof).then_some(dpi),
            };
            let mut outcome = paiban::plan::plan(&brief, &options);
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
            if let Some(path) = report.filter(|_| !outcome.proposals.is_empty()) {
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
        Command::Proof {
            edition,
            output,
            dpi,
            pages,
            clean,
            fonts,
        } => {
            let pages = match pages.as_deref().map(build::parse_pages).transpose() {
                Ok(p) => p,
                Err(m) => return fail(page_list_error(&m)),
            };
            if !(dpi.is_finite() && (10.0..=1200.0).contains(&dpi)) {
                return fail(
                    Diagnostic::input(format!("--dpi {dpi} is out of range"))
                        .hint("give a resolution from 10 to 1200, e.g. --dpi 100"),
                );
            }
            let options = paiban::proof::ProofOptions {
                output,
                dpi,
                pages,
                clean,
                fonts: font_folder(fonts),
            };
            let (written, diagnostics) = paiban::proof::proof(&edition, &options);
            for path in &written {
                eprintln!("wrote {}", path.display());
            }
            let code = diagnostics.exit_code();
            (diagnostics, code)
        }
        Command::Import {
            inputs,
            output,
            force,
            fix,
            into,
            at,
            size,
        } => {
            let into = match (into, at, size) {
                (Some(plan), Some(at), Some(size)) => {
                    Some(paiban::import::Placement { plan, at, size })
                }
                _ => None,
            };
            let request = paiban::import::Request {
                inputs,
                out_dir: output,
                force,
                fix,
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
    }
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

/// `paiban man`: the man page, from the same definitions as the parser.
fn man_page() -> (Diagnostics, i32) {
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

/// The font folder: `--fonts`, else `PAIBAN_FONTS`, else paiban's own `fonts/` (see
/// [`own_folder`]), else `fonts/` in the current folder. Decided here, at the edge, and
/// passed to the library.
fn font_folder(named: Option<PathBuf>) -> FontFolder {
    // `--fonts DIR`, or PAIBAN_FONTS (clap reads it into the same option).
    match named {
        Some(dir) => FontFolder::Named(dir),
        None => paiban::fonts::own_fonts(),
    }
}

/// paiban's own folder `name` (layouts, fonts): beside the program (an install), or two
/// folders up from it (`target/<profile>/paiban` in a checkout).
fn own_folder(name: &str) -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let dir = exe.parent()?;
    [dir.join(name), dir.join("../..").join(name)]
        .into_iter()
        .find(|d| d.is_dir())
}

/// The folders an edition may read from wherever its root is: paiban's own layouts/ and
/// fonts/ (the font folder in use, if it is another).
fn own_folders() -> Vec<PathBuf> {
    let fonts = font_folder(None).path().map(Path::to_path_buf);
    own_folder("layouts").into_iter().chain(fonts).collect()
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

fn print_summary(outcome: &Outcome) {
    print!("{}", paiban::cli::summary(&outcome.report));
}

fn print_diagnostics(diagnostics: &Diagnostics, format: Format) {
    use std::io::IsTerminal as _;
    let read = |path: &Path| paiban::model::read_text(path).ok();
    let mut sources = Sources::new(&read);
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in diagnostics.iter() {
        match format {
            Format::Human => eprintln!("{}", sources.human(d, color)),
            Format::Short => {
                let loc = d
                    .location
                    .as_ref()
                    .map(|l| format!("{l}: "))
                    .unwrap_or_default();
                let level = if d.is_error() { "error" } else { "warning" };
                eprintln!("{loc}{level}: {}", d.message);
            }
        }
    }
}
