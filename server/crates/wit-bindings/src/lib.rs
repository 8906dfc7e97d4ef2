//! Binding previews for WIT worlds: the files each guest generator (`wit-bindgen-*`) and the
//! wasmtime host generator (what `wasmtime::component::bindgen!` expands to) would write, as
//! text, in memory.
//!
//! Everything here is pure: no file system, no child processes, no global state. Generators
//! that would shell out to a formatter (`rustfmt`, `gofmt`, `clang-format`) are configured not
//! to; Rust output is formatted in-process with `prettyplease`, item by item, reusing the
//! formatting of unchanged items from a caller-owned [`BindingsCache`]. A generator that panics
//! (they do on unsupported features) becomes a [`BindingsError`], never a crash of the caller.
//!
//! Entry points:
//! - [`generate_bindings`]: one world, one language -> `Vec<GeneratedFile>`.
//! - [`generate_bindings_cached`]: the same, reusing formatting from earlier previews (what a
//!   server that regenerates previews as the WIT changes should call).
//! - [`select_world`]: a package plus an optional world name -> `WorldId`.
//! - [`component_wit`]: the bytes of a built component -> the WIT it embeds.

mod component;
mod generate;
mod options;
mod rust_format;
mod rust_items;
mod world;

pub use component::{ComponentWitError, component_wit};
pub use generate::{BindingsError, generate_bindings, generate_bindings_cached};
pub use options::{
    BindingsOptions, COptions, GeneratedFile, HostRustOptions, Language, Ownership,
    RustGuestOptions, UnknownLanguage,
};
pub use rust_format::BindingsCache;
pub use world::{WorldSelectionError, select_world};
