//! Running one generator on one world, in memory, with panics turned into errors.
//!
//! Each generator mutates the `Resolve` it is given (nominal type ids, for one), so every run
//! works on a private clone: the caller's analysis snapshot is never touched, and a generator
//! that panics half-way leaves nothing behind.

use crate::options::{BindingsOptions, GeneratedFile, Language, Ownership};
use crate::rust_format::{BindingsCache, format_rust};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use wit_bindgen_core::{Files, WorldGenerator};
use wit_parser::{Resolve, WorldId};

/// Why a generator produced no files.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BindingsError {
    /// The world id does not belong to the `Resolve` it was passed with.
    #[error("world id {world:?} is not part of this package set")]
    UnknownWorld {
        /// The id, in wit-parser's debug form.
        world: String,
    },
    /// The generator reported an error (usually a WIT feature it does not support).
    #[error("{generator} cannot generate bindings for world `{world}`: {message}")]
    Generator {
        /// The generator crate, e.g. `wit-bindgen-go`.
        generator: &'static str,
        /// The world, as `ns:pkg/name@version`.
        world: String,
        /// The generator's own message, with its causes.
        message: String,
    },
    /// The generator panicked (generators assert on features they do not support).
    #[error(
        "{generator} cannot generate bindings for world `{world}`: {}",
        explain_panic(generator, message, async_function.as_deref())
    )]
    GeneratorPanicked {
        /// The generator crate, e.g. `wit-bindgen-cpp`.
        generator: &'static str,
        /// The world, as `ns:pkg/name@version`.
        world: String,
        /// The panic message.
        message: String,
        /// An async function of the world, when it has one (generators that panic on a
        /// world with async functions mostly do not support them yet).
        async_function: Option<String>,
    },
    /// The host generator wrote Rust that `syn` cannot parse, so it cannot be formatted.
    #[error("{generator} wrote Rust for world `{world}` that does not parse: {message}")]
    UnparseableRust {
        /// The generator crate.
        generator: &'static str,
        /// The world, as `ns:pkg/name@version`.
        world: String,
        /// syn's message.
        message: String,
    },
}

/// Generates the files `language`'s generator writes for `world` of `resolve`.
///
/// Files come back sorted by name. Binary files (the C/C++ `*_component_type.o`) are entries
/// with `binary: true`, their size, and a one-line description as `text`. Rust, guest and
/// host, is formatted with `prettyplease`; other languages are as the generator writes them
/// (their external formatters are not run).
pub fn generate_bindings(
    resolve: &Resolve,
    world: WorldId,
    language: Language,
    options: &BindingsOptions,
) -> Result<Vec<GeneratedFile>, BindingsError> {
    generate_bindings_cached(resolve, world, language, options, &BindingsCache::new())
}

/// [`generate_bindings`], reusing from `cache` the formatting of Rust items (guest and host)
/// that an earlier call produced from the same generator text, and adding new ones to it.
///
/// The files are exactly those of [`generate_bindings`]: the generator always runs; only the
/// formatting of items whose unformatted text is unchanged is skipped. A server keeps one
/// cache and passes it to every preview, so that the preview after a WIT edit re-formats only
/// the items the edit changed.
pub fn generate_bindings_cached(
    resolve: &Resolve,
    world: WorldId,
    language: Language,
    options: &BindingsOptions,
    cache: &BindingsCache,
) -> Result<Vec<GeneratedFile>, BindingsError> {
    let Some(world_item) = resolve.worlds.get(world) else {
        return Err(BindingsError::UnknownWorld {
            world: format!("{world:?}"),
        });
    };
    let world_name = match world_item.package {
        Some(package) => resolve.id_of_name(package, &world_item.name),
        None => world_item.name.clone(),
    };
    let generator = language.generator_name();
    // Generators panic (`todo!()`) on features they do not support: the panic is caught
    // and reported as an error, so the panic hook must not print it as a crash.
    let outcome = quietly(|| {
        catch_unwind(AssertUnwindSafe(|| {
            run_generator(resolve.clone(), world, language, options, cache)
        }))
    });
    match outcome {
        Ok(Ok(files)) => Ok(files),
        Ok(Err(GeneratorFailure::Reported(message))) => Err(BindingsError::Generator {
            generator,
            world: world_name,
            message,
        }),
        Ok(Err(GeneratorFailure::Unparseable(message))) => Err(BindingsError::UnparseableRust {
            generator,
            world: world_name,
            message,
        }),
        Err(payload) => Err(BindingsError::GeneratorPanicked {
            generator,
            world: world_name,
            message: panic_message(payload.as_ref()),
            async_function: first_async_function(resolve, world),
        }),
    }
}

enum GeneratorFailure {
    Reported(String),
    Unparseable(String),
}

fn run_generator(
    mut resolve: Resolve,
    world: WorldId,
    language: Language,
    options: &BindingsOptions,
    cache: &BindingsCache,
) -> Result<Vec<GeneratedFile>, GeneratorFailure> {
    let mut generator: Box<dyn WorldGenerator> = match language {
        Language::HostRust => return generate_host_rust(&mut resolve, world, options, cache),
        Language::Rust => Box::new(
            wit_bindgen_rust::Opts {
                // The generator's own `format` would run prettyplease over the whole file;
                // `format_guest_rust` gives the same text item by item, with the cache.
                format: false,
                generate_all: options.rust.generate_all,
                std_feature: options.rust.std_feature,
                ownership: match options.rust.ownership {
                    Ownership::Owning => wit_bindgen_rust::Ownership::Owning,
                    Ownership::Borrowing => wit_bindgen_rust::Ownership::Borrowing {
                        duplicate_if_necessary: false,
                    },
                    Ownership::BorrowingDuplicateIfNecessary => {
                        wit_bindgen_rust::Ownership::Borrowing {
                            duplicate_if_necessary: true,
                        }
                    }
                },
                ..Default::default()
            }
            .build(),
        ),
        Language::C => wit_bindgen_c::Opts {
            no_object_file: options.c.no_object_file,
            ..Default::default()
        }
        .build(),
        Language::Cpp => {
            // `format` stays false: it would spawn `clang-format`. The generator checks
            // whether each user class file already exists in its output directory (to write
            // a `.template` instead); a directory path containing NUL makes that check fail
            // without touching the file system, so the output never depends on the caller's
            // working directory.
            let no_output_directory = PathBuf::from("\0");
            wit_bindgen_cpp::Opts::default().build(Some(&no_output_directory))
        }
        Language::Csharp => wit_bindgen_csharp::Opts::default().build(),
        Language::Go => wit_bindgen_go::Opts {
            // `True` would pipe every file through a `gofmt` child process.
            format: wit_bindgen_go::Format::False,
            ..Default::default()
        }
        .build(),
        Language::Moonbit => wit_bindgen_moonbit::Opts {
            // The generator's command-line default; `Default` leaves it empty.
            gen_dir: "gen".to_owned(),
            ..Default::default()
        }
        .build(),
    };
    let mut files = Files::default();
    generator
        .generate(&mut resolve, world, &mut files)
        .map_err(|error| {
            let mut message = format!("{error:#}");
            if error
                .downcast_ref::<wit_bindgen_rust::MissingWith>()
                .is_some()
            {
                message.push_str(
                    " (enable `generate_all`, `--generate-all` on the command line, to generate \
                     interfaces of other packages)",
                );
            }
            GeneratorFailure::Reported(message)
        })?;
    files
        .iter()
        .map(|(name, contents)| {
            let mut file = generated_file(language, name, contents);
            if language == Language::Moonbit && name.ends_with(".mbt") {
                file.text = sort_trailing_moonbit_blocks(&file.text);
            }
            if language == Language::Rust && !file.binary && name.ends_with(".rs") {
                file.text =
                    format_guest_rust(&file.text, cache).map_err(GeneratorFailure::Unparseable)?;
                file.size = file.text.len();
            }
            Ok(file)
        })
        .collect()
}

/// Formats what `wit-bindgen-rust` writes with `format: false` into exactly what it writes with
/// `format: true`.
///
/// With `format: true` the generator marks three kinds of items `#[rustfmt::skip]` (the
/// top-level interface modules, `mod _rt` and the component-type custom section), formats the
/// code with prettyplease, and then puts its comment preamble back in front (prettyplease drops
/// comments). This does the same, formatting through the cache. The guest tests compare the
/// two on the samples and the corpus, so a generator update that changes these rules fails
/// there rather than drifting silently.
fn format_guest_rust(text: &str, cache: &BindingsCache) -> Result<String, String> {
    const OPTIONS_LINE: &str = "// Options used:\n";
    let preamble_end = match text.find(OPTIONS_LINE) {
        Some(at) => {
            let mut end = at + OPTIONS_LINE.len();
            while text[end..].starts_with("//   * ") {
                end = text[end..]
                    .find('\n')
                    .map_or(text.len(), |line| end + line + 1);
            }
            end
        }
        None => 0,
    };
    let (preamble, code) = text.split_at(preamble_end);
    let mut marked = String::with_capacity(code.len() + 1024);
    let mut lines = code.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        let next = lines.peek().map_or("", |next| next.trim_start());
        let skipped = (trimmed == "#[allow(dead_code, clippy::all)]"
            && next.starts_with("pub mod "))
            || trimmed == "mod _rt {"
            || (trimmed == "#[cfg(target_arch = \"wasm32\")]"
                && next.starts_with("#[unsafe(link_section = \"component-type:"));
        if skipped {
            marked.push_str("#[rustfmt::skip]\n");
        }
        marked.push_str(line);
    }
    let formatted = format_rust(&marked, cache)?;
    let mut output = String::with_capacity(preamble.len() + formatted.len());
    output.push_str(preamble);
    output.push_str(&formatted);
    Ok(output)
}

/// Puts the trailing run of like top-level MoonBit blocks in a fixed order.
///
/// The MoonBit generator writes its FFI helper functions (`///|` blocks) and export wrappers
/// (`#doc(hidden)` blocks) at the end of a file in hash-set order, which changes from run to
/// run. Top-level order has no meaning in MoonBit, so sorting that run keeps previews from
/// flickering and goldens stable without changing what the code does.
fn sort_trailing_moonbit_blocks(text: &str) -> String {
    fn is_block_start(line: &str) -> bool {
        line == "///|" || line == "#doc(hidden)"
    }
    let body = text.trim_end_matches('\n');
    let trailing_newlines = &text[body.len()..];
    let lines = body.split('\n').collect::<Vec<_>>();
    // Blocks start at a marker line that follows an empty line; the first "block" is the
    // file's head (preamble and anything before the first marker).
    let mut blocks: Vec<Vec<&str>> = vec![Vec::new()];
    for (index, line) in lines.iter().enumerate() {
        if is_block_start(line) && index > 0 && lines[index - 1].is_empty() {
            blocks.push(Vec::new());
        }
        blocks
            .last_mut()
            .expect("there is always a block")
            .push(line);
    }
    let Some(marker) = blocks.last().and_then(|block| block.first()).copied() else {
        return text.to_owned();
    };
    if blocks.len() < 3 || !is_block_start(marker) {
        return text.to_owned();
    }
    let run_start = blocks[1..]
        .iter()
        .rposition(|block| block.first() != Some(&marker))
        .map_or(1, |position| position + 2);
    let mut run = blocks[run_start..]
        .iter()
        .map(|block| {
            let mut block = block.join("\n");
            block.truncate(block.trim_end_matches('\n').len());
            block
        })
        .collect::<Vec<_>>();
    run.sort();
    let mut sorted = blocks[..run_start]
        .iter()
        .map(|block| block.join("\n"))
        .collect::<Vec<_>>()
        .join("\n");
    sorted.truncate(sorted.trim_end_matches('\n').len());
    for block in run {
        sorted.push_str("\n\n");
        sorted.push_str(&block);
    }
    sorted.push_str(trailing_newlines);
    sorted
}

fn generate_host_rust(
    resolve: &mut Resolve,
    world: WorldId,
    options: &BindingsOptions,
    cache: &BindingsCache,
) -> Result<Vec<GeneratedFile>, GeneratorFailure> {
    use wasmtime_internal_wit_bindgen::{FunctionConfig, FunctionFilter, FunctionFlags};

    let host = &options.host_rust;
    let mut import_flags = FunctionFlags::empty();
    let mut export_flags = FunctionFlags::empty();
    if host.async_ {
        import_flags |= FunctionFlags::ASYNC;
        export_flags |= FunctionFlags::ASYNC;
    }
    if host.trappable_imports {
        import_flags |= FunctionFlags::TRAPPABLE;
    }
    let mut imports = FunctionConfig::new();
    imports.push(FunctionFilter::Default, import_flags);
    let mut exports = FunctionConfig::new();
    exports.push(FunctionFilter::Default, export_flags);

    let opts = wasmtime_internal_wit_bindgen::Opts {
        // `true` would spawn `rustfmt`; prettyplease below formats in-process.
        rustfmt: false,
        ownership: match host.ownership {
            Ownership::Owning => wasmtime_internal_wit_bindgen::Ownership::Owning,
            Ownership::Borrowing => wasmtime_internal_wit_bindgen::Ownership::Borrowing {
                duplicate_if_necessary: false,
            },
            Ownership::BorrowingDuplicateIfNecessary => {
                wasmtime_internal_wit_bindgen::Ownership::Borrowing {
                    duplicate_if_necessary: true,
                }
            }
        },
        imports,
        exports,
        ..Default::default()
    };
    let source = opts
        .generate(resolve, world)
        .map_err(|error| GeneratorFailure::Reported(format!("{error:#}")))?;
    let text = format_rust(&source, cache).map_err(GeneratorFailure::Unparseable)?;
    let name = format!("{}_host.rs", resolve.worlds[world].name.replace('-', "_"));
    Ok(vec![GeneratedFile {
        name,
        language_id: "rust".to_owned(),
        size: text.len(),
        text,
        binary: false,
        binary_contents: None,
    }])
}

fn generated_file(language: Language, name: &str, contents: &[u8]) -> GeneratedFile {
    let text = std::str::from_utf8(contents)
        .ok()
        .filter(|text| !text.contains('\0'));
    match text {
        Some(text) => GeneratedFile {
            name: name.to_owned(),
            language_id: language_id_of(language, name).to_owned(),
            text: text.to_owned(),
            binary: false,
            size: contents.len(),
            binary_contents: None,
        },
        None => GeneratedFile {
            name: name.to_owned(),
            language_id: "plaintext".to_owned(),
            text: binary_description(name, contents.len()),
            binary: true,
            size: contents.len(),
            binary_contents: Some(contents.to_vec()),
        },
    }
}

fn binary_description(name: &str, size: usize) -> String {
    if name.ends_with("_component_type.o") {
        format!(
            "binary file, {size} bytes: an object file whose custom section holds the world's \
             component type; link it into the module so `wasm-tools component new` (or \
             wit-component) can build the component\n"
        )
    } else {
        format!("binary file, {size} bytes\n")
    }
}

/// The VS Code language id for a generated file, from its extension; headers (`.h`) belong to
/// the generating language (C or C++).
fn language_id_of(language: Language, name: &str) -> &'static str {
    let file_name = name.rsplit('/').next().unwrap_or(name);
    if file_name == "go.mod" {
        return "go.mod";
    }
    match file_name.rsplit_once('.').map(|(_, extension)| extension) {
        Some("rs") => "rust",
        Some("c") => "c",
        Some("h") => language.language_id(),
        Some("cpp" | "cc" | "hpp") => "cpp",
        Some("cs") => "csharp",
        Some("go") => "go",
        Some("mbt") => "moonbit",
        Some("json") => "json",
        Some("md") => "markdown",
        Some("wit") => "wit",
        Some("csproj" | "xml") => "xml",
        _ => "plaintext",
    }
}

/// What a generator's panic means, for the message.
fn explain_panic(generator: &str, panicked: &str, async_function: Option<&str>) -> String {
    match async_function {
        Some(function) => format!(
            "{generator} does not support async functions yet (async: {function}); it \
             stopped with: {panicked}"
        ),
        None => format!(
            "it stopped with: {panicked} (a WIT feature it does not support, or a bug in the \
             generator)"
        ),
    }
}

thread_local! {
    /// Set while a generator runs on this thread: its panics are caught and reported.
    static QUIET_PANICS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` with the panic hook silenced on this thread (the hook that was installed
/// before, the default one or a server's, still runs for every other panic).
fn quietly<R>(f: impl FnOnce() -> R) -> R {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET_PANICS.get() {
                previous(info);
            }
        }));
    });
    let was = QUIET_PANICS.replace(true);
    let result = f();
    QUIET_PANICS.set(was);
    result
}

/// The first async function the world imports or exports (directly, or in an interface
/// or a resource), as `interface.function` or `function`.
fn first_async_function(resolve: &Resolve, world: WorldId) -> Option<String> {
    use wit_parser::{FunctionKind, WorldItem};
    let is_async = |function: &wit_parser::Function| {
        matches!(
            function.kind,
            FunctionKind::AsyncFreestanding
                | FunctionKind::AsyncMethod(_)
                | FunctionKind::AsyncStatic(_)
        )
    };
    // `r.m` for a method or static function of resource `r`, else the function's name.
    let shown = |function: &wit_parser::Function| match function.kind {
        FunctionKind::AsyncMethod(id) | FunctionKind::AsyncStatic(id) => format!(
            "{}.{}",
            resolve.types[id].name.as_deref().unwrap_or("resource"),
            function.item_name()
        ),
        _ => function.item_name().to_string(),
    };
    let world = &resolve.worlds[world];
    world
        .imports
        .values()
        .chain(world.exports.values())
        .find_map(|item| match item {
            WorldItem::Function(function) => is_async(function).then(|| shown(function)),
            WorldItem::Interface { id, .. } => {
                let interface = &resolve.interfaces[*id];
                interface
                    .functions
                    .values()
                    .find(|function| is_async(function))
                    .map(|function| match &interface.name {
                        Some(name) => format!("{} in interface {name}", shown(function)),
                        None => shown(function),
                    })
            }
            WorldItem::Type { .. } => None,
        })
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<&str>() {
        (*message).to_owned()
    } else if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else {
        "(no message)".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_ids_follow_extensions_and_headers_follow_the_language() {
        assert_eq!(language_id_of(Language::C, "adder.h"), "c");
        assert_eq!(language_id_of(Language::Cpp, "wit.h"), "cpp");
        assert_eq!(language_id_of(Language::Cpp, "adder_cpp.h"), "cpp");
        assert_eq!(
            language_id_of(Language::Go, "export_x/wit_bindings.go"),
            "go"
        );
        assert_eq!(language_id_of(Language::Go, "go.mod"), "go.mod");
        assert_eq!(
            language_id_of(Language::Moonbit, "gen/moon.pkg.json"),
            "json"
        );
        assert_eq!(language_id_of(Language::Go, "x/empty.s"), "plaintext");
    }

    #[test]
    fn non_utf8_or_nul_contents_are_binary_entries() {
        let object = generated_file(Language::C, "adder_component_type.o", b"\0asm\x01");
        assert!(object.binary);
        assert_eq!(object.size, 5);
        assert!(
            object.text.starts_with("binary file, 5 bytes"),
            "{}",
            object.text
        );
        let source = generated_file(Language::C, "adder.c", b"int x;\n");
        assert!(!source.binary);
        assert_eq!(source.text, "int x;\n");
    }

    #[test]
    fn trailing_moonbit_blocks_are_sorted_and_the_rest_is_kept() {
        let text = "// head\n\n#doc(hidden)\npub fn z() {\n\n}\n\n///|\nfn b()\n\n///|\nfn a()\n\n";
        assert_eq!(
            sort_trailing_moonbit_blocks(text),
            "// head\n\n#doc(hidden)\npub fn z() {\n\n}\n\n///|\nfn a()\n\n///|\nfn b()\n\n"
        );
        let wrappers = "// head\n\n///|\nfn f()\n\n#doc(hidden)\nfn y()\n\n#doc(hidden)\nfn x()\n";
        assert_eq!(
            sort_trailing_moonbit_blocks(wrappers),
            "// head\n\n///|\nfn f()\n\n#doc(hidden)\nfn x()\n\n#doc(hidden)\nfn y()\n"
        );
        let plain = "// head\nfn main() {}\n";
        assert_eq!(sort_trailing_moonbit_blocks(plain), plain);
    }

    #[test]
    fn an_async_function_the_cpp_generator_cannot_handle_is_an_error_naming_it() {
        let mut resolve = Resolve::default();
        let package = resolve
            .push_str(
                "w.wit",
                "package a:b;\ninterface i {\n  resource r {\n    m: async func() -> u32;\n  }\n}\nworld w {\n  import i;\n}\n",
            )
            .unwrap();
        let world = resolve.packages[package].worlds["w"];
        let error = generate_bindings(&resolve, world, Language::Cpp, &BindingsOptions::default())
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "wit-bindgen-cpp cannot generate bindings for world `a:b/w`: wit-bindgen-cpp does \
             not support async functions yet (async: r.m in interface i); it stopped with: not \
             yet implemented"
        );
        // The panic was silenced while it was caught; others still reach the hook.
        assert!(!QUIET_PANICS.get());
    }

    #[test]
    fn a_panic_payload_becomes_its_message() {
        let payload = catch_unwind(|| panic!("unsupported {}", "thing")).unwrap_err();
        assert_eq!(panic_message(payload.as_ref()), "unsupported thing");
    }

    #[test]
    fn a_world_id_from_another_resolve_is_an_error() {
        let mut other = Resolve::default();
        let package = other
            .push_str("a.wit", "package a:b;\nworld w {}\nworld v {}\n")
            .unwrap();
        let world = other.packages[package].worlds["v"];
        let mut resolve = Resolve::default();
        resolve
            .push_str("c.wit", "package c:d;\nworld only {}\n")
            .unwrap();
        let error = generate_bindings(&resolve, world, Language::Rust, &BindingsOptions::default())
            .unwrap_err();
        assert!(
            matches!(error, BindingsError::UnknownWorld { .. }),
            "{error:?}"
        );
    }
}
