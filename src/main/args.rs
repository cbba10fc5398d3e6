//! The command line's definitions (clap): the global options, one variant of [`Command`] per
//! subcommand with its help text and examples, and one arguments struct per subcommand. The
//! help, the man page and the completions are all generated from these.
//!
//! The arguments structs carry plain comments, not doc comments: clap can take an `Args`
//! struct's doc comment as the about text of its subcommand (clap-rs/clap#2261), and the help
//! belongs on the variant, beside its examples.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use paiban::model::{Limits, RootOptions};

/// Where an edition may read from, and how much (docs/security.md).
#[derive(Args, Clone)]
pub struct ReadArgs {
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
    pub fn options(&self) -> RootOptions {
        let mb = |n: u64| n.saturating_mul(paiban::model::paths::MB);
        RootOptions {
            root: self.root.clone(),
            allow_outside_root: self.allow_outside_root,
            limits: Limits {
                yaml: mb(self.max_yaml_mb),
                article: mb(self.max_article_mb),
                picture: mb(self.max_picture_mb),
            },
            own_folders: super::own_folders(),
        }
    }
}

/// paiban (排版): typesets Chinese newspapers from YAML page plans into print-ready PDF.
#[derive(Parser)]
#[command(name = "paiban", version, about, long_about = None, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// How to print diagnostics: human (with hints) or short (one line each, for scripts).
    #[arg(long, global = true, value_enum, default_value_t = Format::Human)]
    pub diagnostic_format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Short,
}

const EXAMPLES: &str = "\
Examples:
  paiban new week33 --layout sikai-6col      a starter edition on the 四开六栏 grid
  paiban check week33/edition.yaml           fit, overset and fonts, without a PDF
  paiban build week33/edition.yaml -o out/week33.pdf";

#[derive(Subcommand)]
pub enum Command {
    /// Set an edition and write its PDF (PDF/X-1a by default).
    #[command(after_help = "\
Examples:
  paiban build samples/dongchang-1461/edition.yaml -o out/1461.pdf
  paiban build edition.yaml --pages 2 -o out/page2.pdf     one page after a late correction
  paiban build edition.yaml --split -o out/ --strict       one PDF per page for the plant")]
    Build(BuildArgs),
    /// Write the e-paper (数字报): a static site of page images with clickable articles,
    /// article pages, an index and edition.json.
    #[command(after_help = "\
Examples:
  paiban epaper samples/dongchang-1461/edition.yaml -o site/
  paiban epaper edition.yaml --archive /srv/www/epaper     into ROOT/YYYY-MM/DD/, with a date index
  paiban build edition.yaml -o out/1461.pdf --epaper site/  the PDF and the site in one run")]
    Epaper(EpaperArgs),
    /// Check an edition without writing a PDF: fit, overset, fonts, copy.
    #[command(after_help = "\
Examples:
  paiban check edition.yaml                       the fit table and every warning
  paiban check edition.yaml --strict --report fit.json
  paiban check edition.yaml --fix                 apply the punctuation lint's fixes")]
    Check(CheckArgs),
    /// List the fonts paiban can use, or check a family for missing characters.
    #[command(after_help = "\
Examples:
  paiban fonts                                    every bundled and system face
  paiban fonts --family \"Noto Serif SC\" --text 鿍𬌗    which characters the family lacks")]
    Fonts(FontsArgs),
    /// Write a small starter edition to copy from.
    #[command(after_help = "\
Examples:
  paiban new week33                               on the default layout, sikai-6col
  paiban new broadsheet --layout duikai-8col      on the 对开八栏 grid")]
    New(NewArgs),
    /// Rebuild the edition on every save and show it live in a browser (SVG pages, hover
    /// outlines naming each block's plan line, the diagnostics beside them).
    Watch(WatchArgs),
    /// Lay a page out from a brief (stories with priorities, fixed furniture): writes page
    /// plans, best first (page-2.yaml, page-2.p2.yaml …), each with its score in comments and
    /// a proof PNG beside it (docs/planner.md).
    #[command(after_help = "\
Examples:
  paiban plan briefs/page-2.yaml -o page-2.yaml                  the best plan found (in at most 5 s)
  paiban plan briefs/page-2.yaml -o page-2.yaml --proposals 3    three to choose from")]
    Plan(PlanArgs),
    /// Draw the pages as PNG proofs (page-01.png …) and a contact sheet (contact.png), with
    /// overset and underset marked.
    Proof(ProofArgs),
    /// List the shipped layouts with their grids (trim, 版心, columns × characters, lines per
    /// page), or show the grid of a layout file.
    #[command(after_help = "\
Examples:
  paiban layouts                                  the shipped layouts
  paiban layouts mypaper/layout.yaml              the grid of your own layout")]
    Layouts(LayoutsArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    #[command(after_help = "\
Examples:
  paiban completions bash > ~/.local/share/bash-completion/completions/paiban
  paiban completions zsh > ~/.zfunc/_paiban")]
    Completions(CompletionsArgs),
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
    Import(ImportArgs),
    /// Write each article's text as set (headlines, body, byline) to a folder, one .txt per
    /// article, for checking text extraction from the PDF.
    #[command(after_help = "\
Examples:
  paiban text edition.yaml -o out/text
  paiban text edition.yaml -o out/text && pdftotext -raw out/1461.pdf - | less")]
    Text(TextArgs),
}

// The arguments of `paiban build` (its help text is on `Command::Build`).
#[derive(Args)]
pub struct BuildArgs {
    /// The edition file (edition.yaml).
    pub edition: PathBuf,
    /// Output file; with --split, the output folder.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Only these pages, e.g. 2 or 1,3 or 2-4 (numbers, jumps and masthead stay as in the
    /// whole edition).
    #[arg(long)]
    pub pages: Option<String>,
    /// One PDF per page, named by the edition's split_pattern.
    #[arg(long)]
    pub split: bool,
    /// Write the fit report as JSON.
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// Overset text and missing glyphs are errors (exit 1).
    #[arg(long)]
    pub strict: bool,
    /// Mark overset text in the PDF, outside the type area.
    #[arg(long)]
    pub show_overset: bool,
    /// Crop and registration marks outside the trim.
    #[arg(long)]
    pub marks: bool,
    /// Write PDF/X-4 instead of PDF/X-1a (needs a CMYK ICC profile: the layout's
    /// print.icc_profile or --icc).
    #[arg(long)]
    pub x4: bool,
    /// A CMYK ICC output profile to embed, instead of the layout's.
    #[arg(long)]
    pub icc: Option<PathBuf>,
    /// A folder of fonts to use instead of paiban's own faces (which are compiled in, or
    /// found beside the executable); the system's fonts are searched after it.
    #[arg(long, env = "PAIBAN_FONTS", value_name = "DIR")]
    pub fonts: Option<PathBuf>,
    /// Threads to lay out and write on (default: the number of cores). The PDF is the same
    /// whatever the number.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Also write the e-paper (数字报) site to this folder, from the same layout.
    #[arg(long, value_name = "SITE", conflicts_with = "epaper_archive")]
    pub epaper: Option<PathBuf>,
    /// Also write the e-paper into this archive: ROOT/YYYY-MM/DD/ and the date index
    /// ROOT/index.html.
    #[arg(long, value_name = "ROOT")]
    pub epaper_archive: Option<PathBuf>,
    /// A folder of e-paper templates replacing paiban's own (index.html, page.html,
    /// article.html, archive.html, style.css).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    #[command(flatten)]
    pub read: ReadArgs,
}

// The arguments of `paiban epaper` (its help text is on `Command::Epaper`).
#[derive(Args)]
pub struct EpaperArgs {
    /// The edition file.
    pub edition: PathBuf,
    /// The site folder (replaced whole; an existing one stays until the new one is ready).
    #[arg(
        short,
        long,
        value_name = "SITE",
        required_unless_present = "archive",
        conflicts_with = "archive"
    )]
    pub output: Option<PathBuf>,
    /// An archive root: the edition goes to ROOT/YYYY-MM/DD/, and ROOT/index.html lists
    /// every edition there.
    #[arg(long, value_name = "ROOT")]
    pub archive: Option<PathBuf>,
    /// A folder of templates replacing paiban's own.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// A folder of fonts to use instead of paiban's own faces.
    #[arg(long, env = "PAIBAN_FONTS", value_name = "DIR")]
    pub fonts: Option<PathBuf>,
    /// Threads to lay out and draw on (default: the number of cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    #[command(flatten)]
    pub read: ReadArgs,
}

// The arguments of `paiban check` (its help text is on `Command::Check`).
#[derive(Args)]
pub struct CheckArgs {
    /// The edition file.
    pub edition: PathBuf,
    /// Overset text and missing glyphs are errors (exit 1).
    #[arg(long)]
    pub strict: bool,
    /// Write the fit report as JSON.
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// Rewrite articles with the punctuation the lint suggests (the originals are kept as
    /// .bak beside them).
    #[arg(long)]
    pub fix: bool,
    /// A folder of fonts to use instead of paiban's own faces.
    #[arg(long, env = "PAIBAN_FONTS", value_name = "DIR")]
    pub fonts: Option<PathBuf>,
    /// Threads to lay out on (default: the number of cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    #[command(flatten)]
    pub read: ReadArgs,
}

// The arguments of `paiban fonts` (its help text is on `Command::Fonts`).
#[derive(Args)]
pub struct FontsArgs {
    /// Show only this family.
    #[arg(long)]
    pub family: Option<String>,
    /// Check these characters against the family.
    #[arg(long)]
    pub text: Option<String>,
    /// List every system face, not only those with Chinese characters.
    #[arg(long)]
    pub all: bool,
    /// A folder of fonts to use instead of paiban's own faces.
    #[arg(long, env = "PAIBAN_FONTS", value_name = "DIR")]
    pub fonts: Option<PathBuf>,
}

// The arguments of `paiban new` (its help text is on `Command::New`).
#[derive(Args)]
pub struct NewArgs {
    /// The folder to create.
    pub dir: PathBuf,
    /// The shipped layout to start from (see `paiban layouts`); its file is copied into
    /// the folder as layout.yaml, for you to adapt.
    #[arg(long, default_value = "sikai-6col")]
    pub layout: String,
}

// The arguments of `paiban watch` (its help text is on `Command::Watch`).
#[derive(Args)]
pub struct WatchArgs {
    /// The edition file.
    pub edition: PathBuf,
    /// Port to serve on (0: any free port).
    #[arg(long, default_value_t = 7077)]
    pub port: u16,
    /// Open the preview in the browser.
    #[arg(long)]
    pub open: bool,
    /// Address to listen on. Only 127.0.0.1 unless given: the preview shows unpublished
    /// copy.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Also write the PDF here after every good build.
    #[arg(long)]
    pub pdf: Option<PathBuf>,
    /// Font folder (default: paiban's own fonts/).
    #[arg(long)]
    pub fonts: Option<PathBuf>,
}

// The arguments of `paiban layouts` (its help text is on `Command::Layouts`).
#[derive(Args)]
pub struct LayoutsArgs {
    /// A layout file to show instead of the shipped ones.
    pub file: Option<PathBuf>,
}

// The arguments of `paiban plan` (its help text is on `Command::Plan`).
#[derive(Args)]
pub struct PlanArgs {
    /// The brief file.
    pub brief: PathBuf,
    /// The plan to write; further proposals are written beside it.
    #[arg(short, long)]
    pub output: PathBuf,
    /// How many proposals to write.
    #[arg(long, default_value_t = 1)]
    pub proposals: usize,
    /// The seed of the search: the same seed and brief give the same plans.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The time budget of measuring and searching, e.g. 5s or 800ms; the search usually
    /// stops long before (see --patience).
    #[arg(long, default_value = "5s")]
    pub time: String,
    /// At most this many packing attempts (for results that do not depend on the
    /// machine's speed).
    #[arg(long, default_value_t = u64::MAX)]
    pub attempts: u64,
    /// Stop once the best proposals have not changed for this many attempts (and for as
    /// many as it took to find them); 0 never stops early.
    #[arg(long, default_value_t = paiban::plan::pack::PATIENCE)]
    pub patience: u64,
    /// Resolution of the proof PNGs.
    #[arg(long, default_value_t = 40.0)]
    pub dpi: f32,
    /// Write no proof PNGs.
    #[arg(long)]
    pub no_proof: bool,
    /// Write the proposals' scores as JSON here.
    #[arg(long)]
    pub report: Option<PathBuf>,
    /// Font folder (default: paiban's own fonts/).
    #[arg(long)]
    pub fonts: Option<PathBuf>,
}

// The arguments of `paiban completions` (its help text is on `Command::Completions`).
#[derive(Args)]
pub struct CompletionsArgs {
    /// The shell.
    pub shell: clap_complete::Shell,
}

// The arguments of `paiban proof` (its help text is on `Command::Proof`).
#[derive(Args)]
pub struct ProofArgs {
    /// The edition file.
    pub edition: PathBuf,
    /// The folder to write to.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Resolution of the page proofs.
    #[arg(long, default_value_t = 100.0)]
    pub dpi: f32,
    /// Only these pages, e.g. 2 or 1,3 or 2-4.
    #[arg(long)]
    pub pages: Option<String>,
    /// Leave out the overset and underset marks.
    #[arg(long)]
    pub clean: bool,
    /// Font folder (default: paiban's own fonts/).
    #[arg(long)]
    pub fonts: Option<PathBuf>,
}

// The arguments of `paiban import` (its help text is on `Command::Import`).
#[derive(Args)]
pub struct ImportArgs {
    /// Story files, or folders of them.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// The folder to write the article files to (pictures go in its pictures/).
    #[arg(short, long)]
    pub output: PathBuf,
    /// Overwrite files that already exist.
    #[arg(long)]
    pub force: bool,
    /// Apply the copy lint's fixes (straight quotes, half-width punctuation).
    #[arg(long)]
    pub fix: bool,
    /// Also add the article as a block to this page plan (its comments and order kept).
    #[arg(long, requires_all = ["at", "size"])]
    pub into: Option<PathBuf>,
    /// With --into: the block's top-left grid cell, [column,line].
    #[arg(long, requires = "into")]
    pub at: Option<paiban::import::GridPair>,
    /// With --into: the block's size, [columns,lines].
    #[arg(long, requires = "into")]
    pub size: Option<paiban::import::GridPair>,
}

// The arguments of `paiban text` (its help text is on `Command::Text`).
#[derive(Args)]
pub struct TextArgs {
    /// The edition file.
    pub edition: PathBuf,
    /// The folder to write to.
    #[arg(short, long)]
    pub output: PathBuf,
    #[command(flatten)]
    pub read: ReadArgs,
}
