//! Stage 2, resolve: names → things. Styles become concrete fonts, sizes and colours; the
//! masthead fields are computed from the date.

pub mod fonts;
