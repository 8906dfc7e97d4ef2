//! The serde-friendly vocabulary of binding previews: which generator ([`Language`]), with
//! which user-facing options ([`BindingsOptions`]), and what comes out ([`GeneratedFile`]).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A bindings generator. The serde and `FromStr` names are stable: they are the CLI's
/// `--lang` values and the LSP's `language` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Language {
    /// Guest bindings from `wit-bindgen-rust` (what `wit_bindgen::generate!` expands to).
    #[serde(rename = "rust")]
    Rust,
    /// Guest bindings from `wit-bindgen-c`.
    #[serde(rename = "c")]
    C,
    /// Guest bindings from `wit-bindgen-cpp`.
    #[serde(rename = "cpp")]
    Cpp,
    /// Guest bindings from `wit-bindgen-csharp`.
    #[serde(rename = "csharp")]
    Csharp,
    /// Guest bindings from `wit-bindgen-go`.
    #[serde(rename = "go")]
    Go,
    /// Guest bindings from `wit-bindgen-moonbit`.
    #[serde(rename = "moonbit")]
    Moonbit,
    /// Host bindings for wasmtime (what `wasmtime::component::bindgen!` expands to).
    #[serde(rename = "host-rust")]
    HostRust,
}

impl Language {
    /// Every language, in the order the CLI lists them.
    pub const ALL: [Language; 7] = [
        Language::Rust,
        Language::C,
        Language::Cpp,
        Language::Csharp,
        Language::Go,
        Language::Moonbit,
        Language::HostRust,
    ];

    /// The stable name (`rust`, `c`, `cpp`, `csharp`, `go`, `moonbit`, `host-rust`).
    pub fn name(self) -> &'static str {
        match self {
            Language::Rust => "rust",
            Language::C => "c",
            Language::Cpp => "cpp",
            Language::Csharp => "csharp",
            Language::Go => "go",
            Language::Moonbit => "moonbit",
            Language::HostRust => "host-rust",
        }
    }

    /// The crate that generates this language, named in error messages.
    pub fn generator_name(self) -> &'static str {
        match self {
            Language::Rust => "wit-bindgen-rust",
            Language::C => "wit-bindgen-c",
            Language::Cpp => "wit-bindgen-cpp",
            Language::Csharp => "wit-bindgen-csharp",
            Language::Go => "wit-bindgen-go",
            Language::Moonbit => "wit-bindgen-moonbit",
            Language::HostRust => "wasmtime-internal-wit-bindgen",
        }
    }

    /// The VS Code language id of this language's source files.
    pub fn language_id(self) -> &'static str {
        match self {
            Language::Rust | Language::HostRust => "rust",
            Language::C => "c",
            Language::Cpp => "cpp",
            Language::Csharp => "csharp",
            Language::Go => "go",
            Language::Moonbit => "moonbit",
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A `--lang` value that names no generator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown language `{given}`; expected one of: rust, c, cpp, csharp, go, moonbit, host-rust"
)]
pub struct UnknownLanguage {
    /// What was given.
    pub given: String,
}

impl FromStr for Language {
    type Err = UnknownLanguage;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Language::ALL
            .into_iter()
            .find(|language| language.name() == s)
            .ok_or_else(|| UnknownLanguage {
                given: s.to_owned(),
            })
    }
}

/// Whether generated Rust types own their data or borrow it where they can.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Ownership {
    /// Types are composed entirely of owning fields (the generators' default).
    #[default]
    Owning,
    /// Types used as parameters are "deeply borrowing" (references instead of owned values).
    Borrowing,
    /// As `Borrowing`, but with distinct owning and borrowing types where a type needs both.
    BorrowingDuplicateIfNecessary,
}

impl Ownership {
    /// The stable name (`owning`, `borrowing`, `borrowing-duplicate-if-necessary`).
    pub fn name(self) -> &'static str {
        match self {
            Ownership::Owning => "owning",
            Ownership::Borrowing => "borrowing",
            Ownership::BorrowingDuplicateIfNecessary => "borrowing-duplicate-if-necessary",
        }
    }
}

impl FromStr for Ownership {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            Ownership::Owning,
            Ownership::Borrowing,
            Ownership::BorrowingDuplicateIfNecessary,
        ]
        .into_iter()
        .find(|ownership| ownership.name() == s)
        .ok_or_else(|| {
            format!(
                "unknown ownership mode `{s}`; expected owning, borrowing or borrowing-duplicate-if-necessary"
            )
        })
    }
}

/// Options of the Rust guest generator that matter to users.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct RustGuestOptions {
    /// Generate every interface, including ones that a `with` mapping would take from
    /// elsewhere (`generate_all` of `wit_bindgen::generate!`).
    pub generate_all: bool,
    /// Owning or borrowing type definitions.
    pub ownership: Ownership,
    /// Put `std`-dependent features behind `cfg(feature = "std")`.
    pub std_feature: bool,
}

/// Options of the wasmtime host generator that matter to users.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct HostRustOptions {
    /// Make every import and export `async` (`imports: { default: async }` and
    /// `exports: { default: async }` in `bindgen!`).
    #[serde(rename = "async")]
    pub async_: bool,
    /// Let every import return `wasmtime::Result` so the host can trap
    /// (`imports: { default: trappable }` in `bindgen!`).
    pub trappable_imports: bool,
    /// Owning or borrowing type definitions for parameters of guest exports.
    pub ownership: Ownership,
}

/// Options of the C guest generator that matter to users.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct COptions {
    /// Do not produce the `<world>_component_type.o` object file.
    pub no_object_file: bool,
}

/// All user-facing generator options; each generator reads only its own part.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct BindingsOptions {
    /// For [`Language::Rust`].
    pub rust: RustGuestOptions,
    /// For [`Language::HostRust`].
    pub host_rust: HostRustOptions,
    /// For [`Language::C`] (the C++ generator always writes its object file).
    pub c: COptions,
}

impl BindingsOptions {
    /// These options with the parts `language`'s generator does not read set to their
    /// defaults: two option sets give `language` the same files exactly when these are equal.
    pub fn for_language(&self, language: Language) -> BindingsOptions {
        let mut options = BindingsOptions::default();
        match language {
            Language::Rust => options.rust = self.rust.clone(),
            Language::HostRust => options.host_rust = self.host_rust.clone(),
            Language::C => options.c = self.c.clone(),
            Language::Cpp | Language::Csharp | Language::Go | Language::Moonbit => {}
        }
        options
    }
}

/// One file a generator writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GeneratedFile {
    /// The path the generator gives the file, relative to its output directory
    /// (may contain `/`, e.g. Go and MoonBit packages).
    pub name: String,
    /// The VS Code language id for showing `text` (`rust`, `c`, `cpp`, `csharp`, `go`,
    /// `moonbit`, or `json`/`markdown`/`wit`/`plaintext` for support files).
    pub language_id: String,
    /// The file's contents; for a binary file, a one-line description instead.
    pub text: String,
    /// True when the file is binary (the C/C++ `*_component_type.o`): `text` then only
    /// describes it.
    pub binary: bool,
    /// The size of the file the generator wrote, in bytes.
    pub size: usize,
    /// The raw contents of a binary file, for writing it to disk (`wit-lsp bindgen --out`);
    /// `None` for text files. Not serialised: previews show `text`.
    #[serde(skip)]
    pub binary_contents: Option<Vec<u8>>,
}
