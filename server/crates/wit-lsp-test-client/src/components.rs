//! Components built at test time from WIT text and a WAT core module (no wasm toolchain
//! needed), and the calculator/adder pair the composition tests plug together.

use std::path::Path;

use wit_component::{ComponentEncoder, StringEncoding};
use wit_parser::Resolve;

/// Builds a component: `wits` are WIT packages pushed in order (dependencies first, the
/// package with `world` last), `wat` is the core module.
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
        .expect("the test world exists");
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

/// WIT with the calculator pair's worlds: `calculator` imports `bars:calc/adder@0.1.0`
/// (`add: func(a: u32, b: u32) -> u32`) and exports `calculate`; `adder-provider`
/// exports the interface.
pub const CALC_WIT: &str = r#"
package bars:calc@0.1.0;
interface adder {
  add: func(a: u32, b: u32) -> u32;
}
world calculator {
  import adder;
  export calculate: func(a: u32, b: u32) -> u32;
}
world adder-provider {
  export adder;
}
"#;

/// Writes `calculator.wasm` (`calculate(a, b)` = `adder.add(a, b)`), `adder.wasm` (fits)
/// and `adder64.wasm` (`add` over u64: does not fit) into `dir`, from `wit` (a text with
/// the worlds of [`CALC_WIT`]).
pub fn write_calculator_pair(dir: &Path, wit: &str) {
    let calculator = build_component(
        &[wit],
        "calculator",
        r#"(module
          (import "bars:calc/adder@0.1.0" "add" (func $add (param i32 i32) (result i32)))
          (func (export "calculate") (param i32 i32) (result i32)
            (call $add (local.get 0) (local.get 1))))"#,
    );
    let adder = |wit: &str, ty: &str, op: &str| {
        build_component(
            &[wit],
            "adder-provider",
            &format!(
                r#"(module
                  (func (export "bars:calc/adder@0.1.0#add") (param {ty} {ty}) (result {ty})
                    ({op} (local.get 0) (local.get 1))))"#
            ),
        )
    };
    let wide = wit.replace("a: u32, b: u32) -> u32", "a: u64, b: u64) -> u64");
    std::fs::write(dir.join("calculator.wasm"), calculator).expect("write calculator.wasm");
    std::fs::write(dir.join("adder.wasm"), adder(wit, "i32", "i32.add")).expect("write adder.wasm");
    std::fs::write(dir.join("adder64.wasm"), adder(&wide, "i64", "i64.add"))
        .expect("write adder64.wasm");
}
