//! paiban (排版) lays out and typesets Chinese newspapers.
//!
//! The pipeline, one module per stage, data flowing forward only:
//!
//! ```text
//! model ──► resolve ──► compose ──► layout ──► display ──► pdf
//! (parse)   (styles,    (CJK lines) (grid,     (positioned (PDF/X,
//!           fonts,                   frames,    glyphs,     subsets)
//!           masthead)                jumps)     rules)
//! ```
//!
//! Below the stages, leaf modules every stage may use and that use no stage: `diag`
//! (diagnostics), `units`, `color`, `pool` (the one worker pool) and `fonts` (the font book).
//! A module uses only the leaves and the stages before it (`tests/integration/stage_order.rs`
//! keeps it so; `docs/architecture.md` lists what each may use).
//!
//! `build` wires the stages together for the command line; every stage in the middle is a pure
//! function of its inputs, and I/O happens only in `model` (reading the edition), `fonts` (the
//! font folder and files) and `output` (writing). The environment is read only by the binary,
//! which passes the font folder, paiban's own folders and the thread count in.
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod build;
pub mod cli;
pub mod color;
pub mod compose;
pub mod diag;
pub mod display;
pub mod epaper;
pub mod fonts;
pub mod import;
pub mod layout;
pub mod model;
pub mod output;
pub mod pdf;
pub mod pool;
pub mod preview;
pub mod proof;
pub mod render;
pub mod resolve;
pub mod units;
