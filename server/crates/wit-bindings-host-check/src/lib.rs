//! Proof that the bindings `wit-bindings` generates are real Rust: the golden files of
//! `tests/golden/bindings` (which the wit-bindings golden tests keep equal to fresh generator
//! output) are compiled here against wasmtime 48 (host) and wit-bindgen 0.60 (guest).

// Generated bindings are built on `unsafe` (typed function handles, canonical ABI glue,
// `export_name` entry points); this crate exists only to compile them.
#![allow(unsafe_code)]

#[cfg(not(target_arch = "wasm32"))]
pub mod host;

pub mod guest;
