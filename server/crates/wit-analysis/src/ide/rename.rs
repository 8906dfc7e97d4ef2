//! rename.
