//! Host bindings (`host-rust`, what `wasmtime::component::bindgen!` expands to) for the
//! samples, with the host side of kv-store implemented over an in-memory map.

use std::collections::HashMap;
use wasmtime::component::Resource;

/// Bindings for `docs:adder/adder` (a function exported from the world).
#[allow(clippy::all)] // generated code, as the generator writes it
pub mod adder {
    include!("../../../../tests/golden/bindings/adder/host-rust/adder_host.rs");
}

/// Bindings for `docs:calculator/adder` (an exported interface).
#[allow(clippy::all)] // generated code, as the generator writes it
pub mod interfaced_adder {
    include!("../../../../tests/golden/bindings/interfaced-adder/host-rust/adder_host.rs");
}

/// Bindings for `sample:kv-store/kv-database` (world and interface imports, a resource).
#[allow(clippy::all)] // generated code, as the generator writes it
pub mod kv_store {
    include!("../../../../tests/golden/bindings/kv-store/host-rust/kv_database_host.rs");
}

use kv_store::sample::kv_store::kvdb;

/// The host of the kv-store world: a log and one shared key-value map behind every
/// connection.
#[derive(Default)]
pub struct KvHost {
    /// Every line the guest logged.
    pub log: Vec<String>,
    /// The database.
    pub values: HashMap<String, String>,
    /// Connections opened and not yet dropped.
    pub open_connections: u32,
}

impl kv_store::KvDatabaseImports for KvHost {
    fn log(&mut self, msg: String) {
        self.log.push(msg);
    }
}

impl kvdb::HostConnection for KvHost {
    fn new(&mut self) -> Resource<kvdb::Connection> {
        self.open_connections += 1;
        Resource::new_own(self.open_connections)
    }

    fn get(&mut self, _connection: Resource<kvdb::Connection>, key: String) -> Option<String> {
        self.values.get(&key).cloned()
    }

    fn set(&mut self, _connection: Resource<kvdb::Connection>, key: String, value: String) {
        self.values.insert(key, value);
    }

    fn drop(&mut self, _connection: Resource<kvdb::Connection>) -> wasmtime::Result<()> {
        self.open_connections -= 1;
        Ok(())
    }
}

impl kvdb::Host for KvHost {}
