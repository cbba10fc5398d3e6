//! The whole pipeline for the command line.
