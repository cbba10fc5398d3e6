//! Copy lint (placeholder).
