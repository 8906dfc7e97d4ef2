//! `component_wit` round-trips: a component built from a sample world (WAT or a module that
//! uses every import, plus wit-component) prints that world's imports and exports.

mod common;

use wit_bindings::{ComponentWitError, component_wit};

#[test]
fn adder_component_prints_its_export() {
    let sample = common::load_sample("adder");
    let component = common::component_from_wat(&sample.resolve, sample.world, common::ADDER_WAT);
    let wit = component_wit(&component).expect("component decodes");
    assert!(wit.contains("world root {"), "{wit}");
    assert!(
        wit.contains("export add: func(a: s32, b: s32) -> s32;"),
        "{wit}"
    );
    assert!(!wit.contains("import "), "adder imports nothing:\n{wit}");
}

#[test]
fn kv_store_component_prints_imports_resources_and_exports() {
    let sample = common::load_sample("kv-store");
    let component = common::component_with_every_item(&sample.resolve, sample.world);
    let wit = component_wit(&component).expect("component decodes");
    for expected in [
        "import log: func(msg: string);",
        "import sample:kv-store/kvdb@0.1.0;",
        "export replace-value: func(key: string, value: string) -> option<string>;",
        "package sample:kv-store@0.1.0 {",
        "interface kvdb {",
        "resource connection {",
        "get: func(key: string) -> option<string>;",
        "set: func(key: string, value: string);",
    ] {
        assert!(wit.contains(expected), "missing `{expected}` in:\n{wit}");
    }
}

#[test]
fn the_printed_wit_parses_back_to_the_same_items() {
    let sample = common::load_sample("interfaced-adder");
    let component = common::component_with_every_item(&sample.resolve, sample.world);
    let wit = component_wit(&component).expect("component decodes");
    let mut reparsed = wit_parser::Resolve::default();
    let package = reparsed
        .push_str("printed.wit", &wit)
        .unwrap_or_else(|error| panic!("printed WIT parses: {error:#}\n{wit}"));
    let world = reparsed.packages[package].worlds["root"];
    let exports = reparsed.worlds[world]
        .exports
        .keys()
        .map(|key| reparsed.name_world_key(key))
        .collect::<Vec<_>>();
    assert_eq!(exports, ["docs:calculator/add@0.1.0"]);
}

#[test]
fn a_core_module_is_not_a_component() {
    let module = wat::parse_str(common::ADDER_WAT).unwrap();
    assert_eq!(component_wit(&module), Err(ComponentWitError::CoreModule));
}

#[test]
fn non_wasm_and_corrupt_bytes_are_errors() {
    assert_eq!(
        component_wit(b"hello, world"),
        Err(ComponentWitError::NotWasm)
    );
    assert_eq!(component_wit(b""), Err(ComponentWitError::NotWasm));

    let sample = common::load_sample("adder");
    let component = common::component_from_wat(&sample.resolve, sample.world, common::ADDER_WAT);
    // Cut inside the last section (a cut between sections can leave a valid component).
    let truncated = &component[..component.len() - 1];
    let error = component_wit(truncated).unwrap_err();
    assert!(
        matches!(&error, ComponentWitError::Decode(message) if !message.contains('\n')),
        "{error:?}"
    );
}
