//! The WIT a built component carries: decode a component binary and print its world.

use wit_component::{DecodedWasm, WitPrinter};

/// Why a file's WIT could not be shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ComponentWitError {
    /// The bytes are not WebAssembly at all.
    #[error("not a WebAssembly file (no `\\0asm` header)")]
    NotWasm,
    /// A core module, not a component: it has no component type to print.
    #[error(
        "this is a core WebAssembly module, not a component; build a component from it with \
         `wasm-tools component new` first"
    )]
    CoreModule,
    /// A component that cannot be decoded (corrupt, truncated, or unsupported).
    #[error("cannot decode component: {0}")]
    Decode(String),
    /// Decoded, but printing the WIT failed.
    #[error("cannot print the component's WIT: {0}")]
    Print(String),
}

/// Decodes `bytes` as a component (or a WIT package encoded as a component) and prints the
/// WIT it embeds: its world first, then the packages it uses as nested `package { ... }`
/// blocks, documentation included.
pub fn component_wit(bytes: &[u8]) -> Result<String, ComponentWitError> {
    if !bytes.starts_with(b"\0asm") {
        return Err(ComponentWitError::NotWasm);
    }
    if wasmparser::Parser::is_core_wasm(bytes) {
        return Err(ComponentWitError::CoreModule);
    }
    // Decoding and printing are well fuzzed upstream, but bytes from disk are untrusted and
    // the language server must survive anything: a panic becomes an error.
    std::panic::catch_unwind(|| decode_and_print(bytes)).unwrap_or_else(|_| {
        Err(ComponentWitError::Decode(
            "the decoder panicked on this component".to_owned(),
        ))
    })
}

fn decode_and_print(bytes: &[u8]) -> Result<String, ComponentWitError> {
    // `decode` reads only the type information it needs, so a truncated or corrupt component
    // can decode to an empty world; validating first turns that into an error with an offset.
    wasmparser::Validator::new_with_features(wasmparser::WasmFeatures::all())
        .validate_all(bytes)
        .map_err(|error| ComponentWitError::Decode(one_line(&error)))?;
    let decoded = wit_component::decode(bytes)
        .map_err(|error| ComponentWitError::Decode(one_line(&error)))?;
    let (resolve, main) = match &decoded {
        DecodedWasm::WitPackage(resolve, package) => (resolve, *package),
        DecodedWasm::Component(resolve, world) => match resolve.worlds[*world].package {
            Some(package) => (resolve, package),
            None => {
                return Err(ComponentWitError::Decode(
                    "the decoded world belongs to no package".to_owned(),
                ));
            }
        },
    };
    let nested = resolve
        .packages
        .iter()
        .map(|(id, _)| id)
        .filter(|id| *id != main)
        .collect::<Vec<_>>();
    let mut printer = WitPrinter::default();
    printer
        .print(resolve, main, &nested)
        .map_err(|error| ComponentWitError::Print(one_line(&error)))?;
    Ok(printer.output.to_string())
}

/// An error and its causes on one line (`outer: inner: innermost`).
fn one_line(error: &dyn std::fmt::Display) -> String {
    format!("{error:#}").replace('\n', " ")
}
