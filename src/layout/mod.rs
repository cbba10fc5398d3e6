//! Stage 4, layout.
