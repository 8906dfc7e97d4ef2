//! Proof that the host bindings `wit-bindings` generates are real Rust: the `host-rust` golden
//! files of `tests/golden/bindings` (which the wit-bindings golden tests keep equal to fresh
//! generator output) are compiled here against wasmtime 48, and `tests/host_calls.rs` drives
//! components through them. The guest bindings are checked by `wit-samples/guest-bindings-check`,
//! which builds them for wasm32-wasip2.

// Generated bindings are built on `unsafe` (typed function handles); this crate exists only to
// compile them.
#![allow(unsafe_code)]

pub mod host;
