//! The `paiban` command line: parses arguments, runs the pipeline, prints diagnostics, and maps
//! the outcome to an exit code (0 ok, 1 content problems, 2 bad input, 3 internal error).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use paiban::build::{self, BuildOptions, Outcome};
use paiban::diag::{Diagnostic, Diagnostics};

/// paiban (排版): typesets Chinese newspapers from YAML page plans into print-ready PDF.
#[derive(Parser)]
#[command(version, about, long_about = None)]
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

#[derive(Subcommand)]
enum Command {
    /// Set an edition and write its PDF (PDF/X-1a by default).
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
        /// Font folder (default: paiban's own fonts/).
        #[arg(long)]
        fonts: Option<PathBuf>,
    },
    /// Check an edition without writing a PDF: fit, overset, fonts, copy.
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
        /// Font folder.
        #[arg(long)]
        fonts: Option<PathBuf>,
    },
    /// List the fonts paiban can use, or check a family for missing characters.
    Fonts {
        /// Show only this family.
        #[arg(long)]
        family: Option<String>,
        /// Check these characters against the family.
        #[arg(long)]
        text: Option<String>,
        /// Also list the system's fonts.
        #[arg(long)]
        system: bool,
    },
    /// Write a small starter edition to copy from.
    New {
        /// The folder to create.
        dir: PathBuf,
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
    /// Write each article's text as set (headlines, body, byline) to a folder, one .txt per
    /// article, for checking text extraction from the PDF.
    Text {
        /// The edition file.
        edition: PathBuf,
        /// The folder to write to.
        #[arg(short, long)]
        output: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let format = cli.diagnostic_format;
    let result = std::panic::catch_unwind(move || run(cli.command));
    let code = match result {
        Ok((diagnostics, code)) => {
            print_diagnostics(&diagnostics, format);
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
        } => {
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
                fonts_dir: fonts,
            };
            let outcome = build::build(&edition, &options);
            for path in &outcome.written {
                eprintln!("wrote {}", path.display());
            }
            finish(outcome, report.as_deref())
        }
        Command::Check {
            edition,
            strict,
            report,
            fix,
            fonts,
        } => {
            let outcome = build::check(&edition, strict, fix, fonts.as_deref());
            for path in &outcome.written {
                eprintln!("fixed {}", path.display());
            }
            print_summary(&outcome);
            finish(outcome, report.as_deref())
        }
        Command::Fonts {
            family,
            text,
            system,
        } => paiban::cli::fonts(family.as_deref(), text.as_deref(), system),
        Command::New { dir } => paiban::cli::new_edition(&dir),
        Command::Text { edition, output } => paiban::cli::export_text(&edition, &output),
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
                fonts_dir: fonts,
            };
            let (written, diagnostics) = paiban::proof::proof(&edition, &options);
            for path in &written {
                eprintln!("wrote {}", path.display());
            }
            let code = diagnostics.exit_code();
            (diagnostics, code)
        }
    }
}

fn page_list_error(message: &str) -> Diagnostic {
    Diagnostic::input(format!("--pages: {message}")).hint("write --pages 2 or 1,3 or 2-4")
}

fn fail(d: Diagnostic) -> (Diagnostics, i32) {
    let ds: Diagnostics = d.into();
    let code = ds.exit_code();
    (ds, code)
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
    for d in diagnostics.iter() {
        match format {
            Format::Human => eprintln!("{d}"),
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
