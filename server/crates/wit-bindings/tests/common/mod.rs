//! Shared test helpers: loading the sample packages and building components from them.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use wit_parser::{PackageId, Resolve, WorldId};

/// The repository root (`server/crates/wit-bindings/../../..`).
pub fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../..")
        .canonicalize()
        .expect("the repository root exists")
}

/// The `wit/` directory of sample `name`.
pub fn sample_wit_dir(name: &str) -> PathBuf {
    repository_root().join("wit-samples").join(name).join("wit")
}

/// A sample package, loaded the way the CLI loads it, with its only world.
pub struct Sample {
    pub resolve: Resolve,
    pub package: PackageId,
    pub world: WorldId,
}

pub fn load_sample(name: &str) -> Sample {
    let mut resolve = Resolve::default();
    let (package, _) = resolve
        .push_dir(sample_wit_dir(name))
        .unwrap_or_else(|error| panic!("sample `{name}` loads: {error:#}"));
    let world = wit_bindings::select_world(&resolve, package, None)
        .unwrap_or_else(|error| panic!("sample `{name}` has one world: {error}"));
    Sample {
        resolve,
        package,
        world,
    }
}

/// Builds a component for `world` from a core module written in WAT.
pub fn component_from_wat(resolve: &Resolve, world: WorldId, wat: &str) -> Vec<u8> {
    let module = wat::parse_str(wat).expect("test WAT is valid");
    component_from_module(resolve, world, module)
}

/// Builds a component for `world` from a core module that imports and exports everything the
/// world has (wit-component's dummy module), so no import is dropped as unused.
pub fn component_with_every_item(resolve: &Resolve, world: WorldId) -> Vec<u8> {
    let module =
        wit_component::dummy_module(resolve, world, wit_parser::ManglingAndAbi::Standard32);
    component_from_module(resolve, world, module)
}

fn component_from_module(resolve: &Resolve, world: WorldId, mut module: Vec<u8>) -> Vec<u8> {
    wit_component::embed_component_metadata(
        &mut module,
        resolve,
        world,
        wit_component::StringEncoding::UTF8,
    )
    .expect("metadata embeds");
    wit_component::ComponentEncoder::default()
        .module(&module)
        .expect("module is accepted")
        .validate(true)
        .encode()
        .expect("component encodes")
}

/// A core module exporting adder's `add` (i32.add), for the `docs:adder` world.
pub const ADDER_WAT: &str = r#"(module
  (func (export "add") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.add))"#;

/// The Rust text of `language` (`Rust` or `HostRust`) for `world` as the generator itself
/// formats it: wit-bindgen-rust with its own `format: true`, and the host generator's output
/// through `prettyplease::unparse(syn::parse_file(..))` in one piece. The reference that the
/// item-by-item, cached formatting must equal byte for byte. `options` are the guest's; the
/// host is generated with its defaults.
pub fn reference_rust(
    resolve: &Resolve,
    world: WorldId,
    language: wit_bindings::Language,
    options: &wit_bindings::RustGuestOptions,
) -> String {
    use wit_bindgen_core::WorldGenerator;
    let mut resolve = resolve.clone();
    match language {
        wit_bindings::Language::Rust => {
            let mut files = wit_bindgen_core::Files::default();
            wit_bindgen_rust::Opts {
                format: true,
                generate_all: options.generate_all,
                std_feature: options.std_feature,
                ownership: match options.ownership {
                    wit_bindings::Ownership::Owning => wit_bindgen_rust::Ownership::Owning,
                    wit_bindings::Ownership::Borrowing => wit_bindgen_rust::Ownership::Borrowing {
                        duplicate_if_necessary: false,
                    },
                    wit_bindings::Ownership::BorrowingDuplicateIfNecessary => {
                        wit_bindgen_rust::Ownership::Borrowing {
                            duplicate_if_necessary: true,
                        }
                    }
                },
                ..Default::default()
            }
            .build()
            .generate(&mut resolve, world, &mut files)
            .expect("the reference guest generator succeeds");
            let (_, contents) = files.iter().next().expect("one file");
            String::from_utf8(contents.to_vec()).expect("Rust is UTF-8")
        }
        wit_bindings::Language::HostRust => {
            let source = wasmtime_internal_wit_bindgen::Opts {
                rustfmt: false,
                ..Default::default()
            }
            .generate(&mut resolve, world)
            .expect("the reference host generator succeeds");
            prettyplease::unparse(&syn::parse_file(&source).expect("host output parses"))
        }
        other => panic!("{other} is not Rust"),
    }
}
