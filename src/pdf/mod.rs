//! Stage 6, pdf.
