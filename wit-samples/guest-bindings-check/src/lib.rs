//! Proof that the Rust guest bindings `wit-bindings` generates (`wit-lsp bindgen --lang rust`,
//! the `rust` binding preview) compile for `wasm32-wasip2` against wit-bindgen 0.60.
//!
//! The bindings are the golden files of `tests/golden/bindings/<sample>/rust/`, included as
//! they are; the wit-bindings golden tests keep those files equal to fresh generator output,
//! so this crate always checks what the generator writes today. Each world is implemented by a
//! real type and exported with the generated `export!` macro, so imports, exports, resources
//! and the export glue all type-check.
//!
//! Check: `cargo check --target wasm32-wasip2 -p guest-bindings-check` (in `wit-samples/`);
//! `cargo test -p guest-bindings-check` runs the generated export glue natively.

// Generated bindings are built on `unsafe` (canonical ABI glue, `export_name` entry points).
#![allow(unsafe_code)]

/// Bindings for `docs:adder/adder`: a function exported from the world itself.
#[allow(clippy::all)] // generated code, as the generator writes it
pub mod adder {
    include!("../../../tests/golden/bindings/adder/rust/adder.rs");
}

/// Bindings for `docs:calculator/adder`: a function exported through an interface.
#[allow(clippy::all)] // generated code, as the generator writes it
pub mod interfaced_adder {
    include!("../../../tests/golden/bindings/interfaced-adder/rust/adder.rs");
}

/// Bindings for `sample:kv-store/kv-database`: an imported resource, an imported function and
/// an export that takes and returns strings.
#[allow(clippy::all)] // generated code, as the generator writes it
pub mod kv_store {
    include!("../../../tests/golden/bindings/kv-store/rust/kv_database.rs");
}

/// `docs:adder/adder`: `add` wraps on overflow, as its WIT documents.
pub struct Adder;

impl adder::Guest for Adder {
    fn add(a: i32, b: i32) -> i32 {
        a.wrapping_add(b)
    }
}

adder::export!(Adder with_types_in adder);

/// `docs:calculator/adder`: the same sum, exported through the `add` interface.
pub struct InterfacedAdder;

impl interfaced_adder::exports::docs::calculator::add::Guest for InterfacedAdder {
    fn add(a: i32, b: i32) -> i32 {
        a.wrapping_add(b)
    }
}

interfaced_adder::export!(InterfacedAdder with_types_in interfaced_adder);

/// `sample:kv-store/kv-database`: logs the key, then swaps the value through a connection to
/// the host's database.
pub struct KvStore;

impl kv_store::Guest for KvStore {
    fn replace_value(key: String, value: String) -> Option<String> {
        kv_store::log(&key);
        let connection = kv_store::sample::kv_store::kvdb::Connection::new();
        let previous = connection.get(&key);
        connection.set(&key, &value);
        previous
    }
}

kv_store::export!(KvStore with_types_in kv_store);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generated_export_glue_calls_the_implementation() {
        // The canonical-ABI entry point for `add` takes and returns flat i32s; natively it runs
        // the same glue code the component's `add` export runs.
        let sum = unsafe { adder::_export_add_cabi::<Adder>(40, 2) };
        assert_eq!(sum, 42);
        let wrapped = unsafe { adder::_export_add_cabi::<Adder>(i32::MAX, 1) };
        assert_eq!(wrapped, i32::MIN);
        // The same through the `add` interface's glue.
        let sum = unsafe {
            interfaced_adder::exports::docs::calculator::add::_export_add_cabi::<InterfacedAdder>(
                40, 2,
            )
        };
        assert_eq!(sum, 42);
    }
}
