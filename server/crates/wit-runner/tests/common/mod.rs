//! Test helpers: components built at test time from WIT text and a WAT core
//! module (no wasm toolchain needed), and a shared runner.

#![allow(dead_code)]

use std::sync::{Arc, OnceLock};

use wit_component::{ComponentEncoder, StringEncoding};
use wit_parser::Resolve;
use wit_runner::{LoadedComponent, Runner, RunnerConfig};

/// Builds a component: `wits` are WIT packages pushed in order (dependencies
/// first, the package with `world` last), `wat` is the core module.
pub fn build_component(wits: &[&str], world: &str, wat: &str) -> Vec<u8> {
    let mut resolve = Resolve::default();
    let mut last = None;
    for (index, wit) in wits.iter().enumerate() {
        last = Some(
            resolve
                .push_str(format!("test{index}.wit"), wit)
                .expect("test WIT parses"),
        );
    }
    let package = last.expect("at least one WIT package");
    let world = resolve
        .select_world(&[package], Some(world))
        .expect("test world exists");
    let mut module = wat::parse_str(wat).expect("test WAT parses");
    wit_component::embed_component_metadata(&mut module, &resolve, world, StringEncoding::UTF8)
        .expect("metadata embeds");
    ComponentEncoder::default()
        .module(&module)
        .expect("module accepted")
        .validate(true)
        .encode()
        .expect("component encodes")
}

/// A runner without a compile cache, shared by the tests of one binary.
pub fn runner() -> &'static Runner {
    static RUNNER: OnceLock<Runner> = OnceLock::new();
    RUNNER.get_or_init(|| {
        Runner::new(RunnerConfig {
            cache_dir: None,
            ..RunnerConfig::default()
        })
        .expect("runner starts")
    })
}

pub fn load(bytes: Vec<u8>) -> Arc<LoadedComponent> {
    runner().load_bytes(bytes, None).expect("component loads")
}

/// A bump allocator exported as `cabi_realloc`, memory exported as `memory`.
pub const ALLOCATOR: &str = r#"
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 4096))
  (func $realloc (export "cabi_realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $new_size i32) (result i32)
    (local $ret i32)
    (local.set $ret
      (i32.and
        (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
        (i32.sub (i32.const 0) (local.get $align))))
    (global.set $heap (i32.add (local.get $ret) (local.get $new_size)))
    (block $done
      (loop $grow
        (br_if $done (i32.le_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536))))
        (drop (memory.grow (i32.const 1)))
        (br $grow)))
    (local.get $ret))
"#;

/// The adder: `add: func(a: s32, b: s32) -> s32`.
pub const ADDER_WIT: &str = r#"
package test:adder@0.1.0;
world adder {
  export add: func(a: s32, b: s32) -> s32;
}
"#;

pub fn adder() -> Vec<u8> {
    build_component(
        &[ADDER_WIT],
        "adder",
        r#"(module
            (func (export "add") (param i32 i32) (result i32)
              (i32.add (local.get 0) (local.get 1))))"#,
    )
}
