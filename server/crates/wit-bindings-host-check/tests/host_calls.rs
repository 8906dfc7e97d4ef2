//! The generated host bindings drive real components: each component is built at test time
//! from a core module in WAT plus the sample's WIT (wit-component), then instantiated and
//! called through the `host-rust` golden bindings with wasmtime 48.

use std::path::Path;
use wasmtime::component::{Component, HasSelf, Linker};
use wasmtime::{Engine, Store};
use wit_bindings_host_check::host::{self, KvHost};

fn component(engine: &Engine, sample: &str, wat: &str) -> Component {
    let mut resolve = wit_parser::Resolve::default();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../wit-samples")
        .join(sample)
        .join("wit");
    let (package, _) = resolve.push_dir(&dir).expect("the sample loads");
    let world = resolve
        .select_world(&[package], None)
        .expect("the sample has one world");
    let mut module = wat::parse_str(wat).expect("test WAT is valid");
    wit_component::embed_component_metadata(
        &mut module,
        &resolve,
        world,
        wit_component::StringEncoding::UTF8,
    )
    .expect("metadata embeds");
    let bytes = wit_component::ComponentEncoder::default()
        .module(&module)
        .expect("module is accepted")
        .validate(true)
        .encode()
        .expect("component encodes");
    Component::new(engine, bytes).expect("wasmtime compiles the component")
}

const ADDER_WAT: &str = r#"(module
  (func (export "add") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.add))"#;

#[test]
fn adder_world_export_is_called_through_the_generated_bindings() {
    let engine = Engine::default();
    let component = component(&engine, "adder", ADDER_WAT);
    let linker = Linker::<()>::new(&engine);
    let mut store = Store::new(&engine, ());
    let adder = host::adder::Adder::instantiate(&mut store, &component, &linker).unwrap();
    assert_eq!(adder.call_add(&mut store, 1, 2).unwrap(), 3);
    assert_eq!(adder.call_add(&mut store, i32::MAX, 1).unwrap(), i32::MIN);
}

#[test]
fn interfaced_adder_export_is_called_through_the_generated_bindings() {
    let engine = Engine::default();
    let wat = ADDER_WAT.replace(
        "(export \"add\")",
        "(export \"docs:calculator/add@0.1.0#add\")",
    );
    let component = component(&engine, "interfaced-adder", &wat);
    let linker = Linker::<()>::new(&engine);
    let mut store = Store::new(&engine, ());
    let adder =
        host::interfaced_adder::Adder::instantiate(&mut store, &component, &linker).unwrap();
    let sum = adder
        .docs_calculator_add()
        .call_add(&mut store, 40, 2)
        .unwrap();
    assert_eq!(sum, 42);
}

/// kv-store's `replace-value` by hand: log the key, open a connection, `get` into the return
/// area (an `option<string>` has the same layout there as the export's result), `set` the new
/// value, drop the connection, return the area. `cabi_realloc` is a bump allocator.
const KV_STORE_WAT: &str = r#"(module
  (import "$root" "log" (func $log (param i32 i32)))
  (import "sample:kv-store/kvdb@0.1.0" "[constructor]connection" (func $new (result i32)))
  (import "sample:kv-store/kvdb@0.1.0" "[method]connection.get"
    (func $get (param i32 i32 i32 i32)))
  (import "sample:kv-store/kvdb@0.1.0" "[method]connection.set"
    (func $set (param i32 i32 i32 i32 i32)))
  (import "sample:kv-store/kvdb@0.1.0" "[resource-drop]connection" (func $drop (param i32)))
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 1024))
  (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
    (local $ret i32)
    global.get $heap
    local.get 2
    i32.const 1
    i32.sub
    i32.add
    local.get 2
    i32.const 1
    i32.sub
    i32.const -1
    i32.xor
    i32.and
    local.tee $ret
    local.get 3
    i32.add
    global.set $heap
    local.get $ret)
  (func (export "replace-value") (param $key i32) (param $key_len i32)
      (param $value i32) (param $value_len i32) (result i32)
    (local $connection i32)
    local.get $key
    local.get $key_len
    call $log
    call $new
    local.set $connection
    local.get $connection
    local.get $key
    local.get $key_len
    i32.const 16
    call $get
    local.get $connection
    local.get $key
    local.get $key_len
    local.get $value
    local.get $value_len
    call $set
    local.get $connection
    call $drop
    i32.const 16))"#;

#[test]
fn kv_store_imports_resources_and_export_work_through_the_generated_bindings() {
    let engine = Engine::default();
    let component = component(&engine, "kv-store", KV_STORE_WAT);
    let mut linker = Linker::<KvHost>::new(&engine);
    host::kv_store::KvDatabase::add_to_linker::<KvHost, HasSelf<KvHost>>(&mut linker, |host| host)
        .unwrap();
    let mut store = Store::new(&engine, KvHost::default());
    store
        .data_mut()
        .values
        .insert("colour".to_owned(), "red".to_owned());
    let kv = host::kv_store::KvDatabase::instantiate(&mut store, &component, &linker).unwrap();

    let previous = kv.call_replace_value(&mut store, "colour", "blue").unwrap();
    assert_eq!(previous.as_deref(), Some("red"));
    let previous = kv.call_replace_value(&mut store, "size", "large").unwrap();
    assert_eq!(previous, None);

    let host = store.data();
    assert_eq!(host.log, ["colour", "size"]);
    assert_eq!(host.values["colour"], "blue");
    assert_eq!(host.values["size"], "large");
    assert_eq!(host.open_connections, 0, "every connection was dropped");
}
