//! Stage 6, pdf (placeholder until the krilla writer lands).

use std::path::PathBuf;

use crate::diag::{Diagnostic, Diagnostics};
use crate::display::DisplayPage;
use crate::resolve::fonts::FontBook;

/// PDF/X flavour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PdfStandard {
    /// PDF/X-1a:2003.
    #[default]
    X1a,
    /// PDF/X-4.
    X4,
}

/// PDF options.
#[derive(Debug, Clone, Default)]
pub struct PdfOptions {
    /// Standard.
    pub standard: PdfStandard,
    /// Output condition.
    pub output_condition: String,
    /// ICC profile.
    pub icc_profile: Option<(PathBuf, Vec<u8>)>,
    /// Bleed.
    pub bleed: f32,
    /// Marks.
    pub marks: bool,
    /// Title.
    pub title: String,
    /// Date.
    pub creation_date: (i32, u8, u8, u8, u8, u8),
    /// Ink limit.
    pub ink_limit: f32,
}

/// Placeholder.
pub fn write_pdf_with_warnings(
    _: &[DisplayPage],
    _: &FontBook,
    _: &PdfOptions,
) -> Result<(Vec<u8>, Diagnostics), Diagnostics> {
    Err(Diagnostic::internal("the PDF writer is not built yet").into())
}
