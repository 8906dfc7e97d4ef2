//! Guest bindings (`rust`, what `wit_bindgen::generate!` expands to) for the samples, with each
//! world implemented and exported, so the imports, exports and resources type-check against
//! the wit-bindgen 0.60 runtime.

/// Bindings for `docs:adder/adder`.
#[allow(clippy::all)] // generated code, as the generator writes it
pub mod adder {
    include!("../../../../tests/golden/bindings/adder/rust/adder.rs");
}

/// Bindings for `sample:kv-store/kv-database`.
#[allow(clippy::all)] // generated code, as the generator writes it
pub mod kv_store {
    include!("../../../../tests/golden/bindings/kv-store/rust/kv_database.rs");
}

/// The adder component: `add` wraps on overflow, as its WIT documents.
pub struct Adder;

impl adder::Guest for Adder {
    fn add(a: i32, b: i32) -> i32 {
        a.wrapping_add(b)
    }
}

adder::export!(Adder with_types_in adder);

/// The kv-store component: logs the key, then swaps the value through a host connection.
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
    }
}
