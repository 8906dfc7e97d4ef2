//! diagnostics.
