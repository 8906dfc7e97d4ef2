//! structure.
