//! The integration tests: one test binary, one module per file, sharing [`common`].
//!
//! Tests that need an outside program (pdftotext, mutool, gs, qpdf …) or a system file check
//! for it with the helpers in `common`: on a developer's machine a missing one skips the test
//! with a message; with `CI` set it fails it, so CI cannot pass on tests it did not run.

mod common;

mod bad_inputs;
mod cli;
mod compose_props;
mod compose_quality;
mod conservation;
mod copyfit;
mod epaper;
mod import;
mod item_size;
mod layout;
mod output_safety;
mod pdf;
mod pictures;
mod plan;
mod printed_ink;
mod regressions;
mod relocatable;
mod render;
mod security;
mod stage_order;
mod threads;
mod vector_art;
mod vertical;
mod watch;
