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
//! `build` wires the stages together for the command line; every stage in the middle is a pure
//! function of its inputs, and I/O happens only in `model` (reading), `fonts` (font
//! files) and `output` (writing).
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod build;
pub mod cli;
pub mod color;
pub mod compose;
pub mod diag;
pub mod display;
pub mod fonts;
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
