//! The `paiban` command line: parses arguments, runs the pipeline, prints diagnostics, and maps
//! the outcome to an exit code (0 ok, 1 content problems, 2 bad input, 3 internal error).
//!
//! The arguments are defined in `main/args.rs`, each subcommand runs in `main/commands.rs`;
//! this file holds what is the process's own: the environment, paiban's folders, printing the
//! diagnostics and the exit code.

// A binary's modules would be looked for beside it, among the library's; these two belong to
// the binary alone.
#[path = "main/args.rs"]
mod args;
#[path = "main/commands.rs"]
mod commands;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

use paiban::diag::render::Sources;
use paiban::diag::{Diagnostic, Diagnostics};
use paiban::fonts::FontFolder;

use args::{Cli, Command, Format};

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

/// Run one subcommand.
fn run(command: Command) -> (Diagnostics, i32) {
    match command {
        Command::Build(args) => commands::build(args),
        Command::Epaper(args) => commands::epaper(args),
        Command::Check(args) => commands::check(args),
        Command::Fonts(args) => commands::fonts(args),
        Command::New(args) => paiban::cli::new_edition(&args.dir, &args.layout),
        Command::Layouts(args) => paiban::cli::layouts(args.file.as_deref()),
        Command::Completions(args) => commands::completions(args),
        Command::Man => commands::man_page(),
        Command::Text(args) => commands::text(args),
        Command::Watch(args) => commands::watch(args),
        Command::Plan(args) => commands::plan(args),
        Command::Proof(args) => commands::proof(args),
        Command::Import(args) => commands::import(args),
    }
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

/// The diagnostics on stderr, human or short.
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
