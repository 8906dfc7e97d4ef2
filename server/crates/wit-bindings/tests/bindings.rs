//! Behaviour of `generate_bindings` beyond the goldens: options reach the generators, output is
//! deterministic, failures and panics become errors, and the API's serde names are stable.

mod common;

use wit_bindings::{
    BindingsError, BindingsOptions, GeneratedFile, Language, Ownership, generate_bindings,
};
use wit_parser::Resolve;

fn generate(sample: &str, language: Language, options: &BindingsOptions) -> Vec<GeneratedFile> {
    let loaded = common::load_sample(sample);
    generate_bindings(&loaded.resolve, loaded.world, language, options)
        .unwrap_or_else(|error| panic!("{sample}/{language}: {error}"))
}

fn only_text(files: &[GeneratedFile]) -> &str {
    assert_eq!(files.len(), 1, "expected one file: {files:?}");
    &files[0].text
}

#[test]
fn generation_is_deterministic() {
    // Generators keep some state in hash maps; two runs (each with fresh hash seeds) must
    // still agree byte for byte, or previews would flicker and goldens would be flaky.
    for sample in ["kv-store", "interfaced-adder"] {
        for language in Language::ALL {
            let first = generate(sample, language, &BindingsOptions::default());
            let second = generate(sample, language, &BindingsOptions::default());
            assert_eq!(first, second, "{sample}/{language}");
        }
    }
}

#[test]
fn only_a_languages_own_options_change_its_files() {
    // Every option away from its default; `for_language` keeps only the generator's own part,
    // and that part alone gives the same files as the whole set (a server keys reuse on it).
    let mut options = BindingsOptions::default();
    options.rust.generate_all = true;
    options.rust.std_feature = true;
    options.rust.ownership = Ownership::Borrowing;
    options.host_rust.async_ = true;
    options.host_rust.trappable_imports = true;
    options.host_rust.ownership = Ownership::Borrowing;
    options.c.no_object_file = true;
    for language in Language::ALL {
        let own = options.for_language(language);
        assert_eq!(
            generate("kv-store", language, &options),
            generate("kv-store", language, &own),
            "{language}"
        );
        for other in Language::ALL {
            assert_eq!(
                own.for_language(other) == BindingsOptions::default(),
                other != language
                    || matches!(
                        language,
                        Language::Cpp | Language::Csharp | Language::Go | Language::Moonbit
                    ),
                "{language} options seen by {other}"
            );
        }
    }
    assert_eq!(options.for_language(Language::Rust).rust, options.rust);
    assert_eq!(
        options.for_language(Language::HostRust).host_rust,
        options.host_rust
    );
    assert_eq!(options.for_language(Language::C).c, options.c);
}

#[test]
fn every_file_is_named_and_labelled() {
    for language in Language::ALL {
        for file in generate("kv-store", language, &BindingsOptions::default()) {
            assert!(!file.name.is_empty(), "{language}: {file:?}");
            assert!(!file.text.is_empty(), "{language}: {}", file.name);
            if !file.binary {
                assert_eq!(file.size, file.text.len(), "{language}: {}", file.name);
            }
            let ids = [
                "rust",
                "c",
                "cpp",
                "csharp",
                "go",
                "moonbit",
                "json",
                "markdown",
                "wit",
                "go.mod",
                "plaintext",
            ];
            assert!(ids.contains(&file.language_id.as_str()), "{file:?}");
        }
    }
}

#[test]
fn the_main_source_file_has_the_language_id() {
    let expectations = [
        (Language::Rust, "kv_database.rs", "rust"),
        (Language::HostRust, "kv_database_host.rs", "rust"),
        (Language::C, "kv_database.h", "c"),
        (Language::Cpp, "kv_database_cpp.h", "cpp"),
        (Language::Go, "wit_exports.go", "go"),
        (Language::Go, "go.mod", "go.mod"),
    ];
    for (language, name, id) in expectations {
        let files = generate("kv-store", language, &BindingsOptions::default());
        let file = files
            .iter()
            .find(|file| file.name == name)
            .unwrap_or_else(|| panic!("{language}: no `{name}` among {files:?}"));
        assert_eq!(file.language_id, id);
    }
    for (language, extension, id) in [
        (Language::Csharp, ".cs", "csharp"),
        (Language::Moonbit, ".mbt", "moonbit"),
    ] {
        let files = generate("kv-store", language, &BindingsOptions::default());
        assert!(
            files
                .iter()
                .any(|file| file.name.ends_with(extension) && file.language_id == id),
            "{language}: {files:?}"
        );
    }
}

#[test]
fn c_object_file_is_a_binary_entry_unless_disabled() {
    let files = generate("adder", Language::C, &BindingsOptions::default());
    let object = files
        .iter()
        .find(|file| file.name == "adder_component_type.o")
        .expect("the C generator writes an object file");
    assert!(object.binary);
    assert!(object.size > 0);
    assert!(
        object.text.contains(&format!("{} bytes", object.size)),
        "{}",
        object.text
    );

    let mut options = BindingsOptions::default();
    options.c.no_object_file = true;
    let files = generate("adder", Language::C, &options);
    assert!(files.iter().all(|file| !file.binary), "{files:?}");
    assert!(files.iter().any(|file| file.name == "adder.h"));
}

#[test]
fn rust_guest_options_reach_the_generator() {
    let default = generate("kv-store", Language::Rust, &BindingsOptions::default());
    let default = only_text(&default);
    assert!(
        !default.contains("std_feature"),
        "std_feature off by default"
    );

    let mut options = BindingsOptions::default();
    options.rust.std_feature = true;
    options.rust.ownership = Ownership::Borrowing;
    let changed = generate("kv-store", Language::Rust, &options);
    let changed = only_text(&changed);
    assert!(changed.contains("//   * std_feature"), "{changed}");
    assert!(
        changed.contains("//   * ownership: Borrowing"),
        "{}",
        &changed[..600]
    );
}

#[test]
fn rust_output_is_formatted_in_process() {
    let files = generate("adder", Language::Rust, &BindingsOptions::default());
    let text = only_text(&files);
    // prettyplease puts one item per line with four-space indentation; unformatted output
    // from the generator is a handful of very long lines.
    assert!(text.lines().count() > 50, "{text}");
    assert!(text.lines().all(|line| line.len() < 200), "{text}");
    assert!(
        text.contains("\n    fn add(a: i32, b: i32) -> i32;"),
        "{text}"
    );

    let files = generate("adder", Language::HostRust, &BindingsOptions::default());
    let text = only_text(&files);
    assert!(text.lines().count() > 50, "{text}");
    assert!(text.contains("\npub struct Adder {"), "{text}");
    assert!(text.contains("pub fn call_add<"), "{text}");
}

#[test]
fn foreign_interfaces_need_generate_all_in_rust() {
    // Like `wit_bindgen::generate!`, the Rust generator wants a `with` mapping or
    // `generate_all` for interfaces of other packages.
    let mut resolve = Resolve::default();
    resolve
        .push_str(
            "dep.wit",
            "package dep:clock@1.0.0;\ninterface wall { now: func() -> u64; }\n",
        )
        .unwrap();
    let package = resolve
        .push_str(
            "main.wit",
            "package app:main;\nworld app { import dep:clock/wall@1.0.0; }\n",
        )
        .unwrap();
    let world = resolve.packages[package].worlds["app"];
    let error = generate_bindings(&resolve, world, Language::Rust, &BindingsOptions::default())
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "wit-bindgen-rust cannot generate bindings for world `app:main/app`: missing `with` \
         mapping for the key `dep:clock/wall@1.0.0` (enable `generate_all`, `--generate-all` on \
         the command line, to generate interfaces of other packages)"
    );

    let mut options = BindingsOptions::default();
    options.rust.generate_all = true;
    let files = generate_bindings(&resolve, world, Language::Rust, &options).unwrap();
    assert!(only_text(&files).contains("pub mod wall {"), "{files:?}");
}

#[test]
fn host_options_reach_the_generator() {
    let default = generate("kv-store", Language::HostRust, &BindingsOptions::default());
    let default = only_text(&default);
    assert!(
        default.contains("fn log(&mut self, msg: wasmtime::component::__internal::String) -> ();"),
        "sync, infallible import by default:\n{default}"
    );
    assert!(default.contains("pub fn call_replace_value<"), "{default}");
    assert!(
        !default.contains("async fn call_replace_value"),
        "{default}"
    );

    let mut options = BindingsOptions::default();
    options.host_rust.trappable_imports = true;
    let trappable = generate("kv-store", Language::HostRust, &options);
    let trappable = only_text(&trappable);
    assert!(
        trappable.contains(
            "msg: wasmtime::component::__internal::String,\n    ) -> wasmtime::Result<()>;"
        ) || trappable.contains("-> wasmtime::Result<()>;"),
        "trappable imports return wasmtime::Result:\n{trappable}"
    );

    let mut options = BindingsOptions::default();
    options.host_rust.async_ = true;
    let asynchronous = generate("kv-store", Language::HostRust, &options);
    let asynchronous = only_text(&asynchronous);
    assert!(
        asynchronous.contains("pub async fn call_replace_value<"),
        "async exports:\n{asynchronous}"
    );
}

#[test]
fn generator_panics_become_errors_naming_the_generator_and_the_world() {
    // `error-context` in an export: the Rust and wasmtime generators support it, the C
    // generator panics (`unimplemented!`). The panic must come back as an error value.
    let mut resolve = Resolve::default();
    let package = resolve
        .push_str(
            "err.wit",
            "package t:e@1.0.0;\nworld w {\n  export f: func(e: error-context);\n}\n",
        )
        .expect("valid WIT");
    let world = resolve.packages[package].worlds["w"];
    let options = BindingsOptions::default();

    let error = generate_bindings(&resolve, world, Language::C, &options).unwrap_err();
    assert_eq!(
        error,
        BindingsError::GeneratorPanicked {
            generator: "wit-bindgen-c",
            world: "t:e/w@1.0.0".to_owned(),
            message: "not implemented: ErrorContextLift".to_owned(),
            async_function: None,
        }
    );
    assert_eq!(
        error.to_string(),
        "wit-bindgen-c cannot generate bindings for world `t:e/w@1.0.0`: it stopped with: not \
         implemented: ErrorContextLift (a WIT feature it does not support, or a bug in the \
         generator)"
    );
    for language in [Language::Rust, Language::HostRust] {
        generate_bindings(&resolve, world, language, &options)
            .unwrap_or_else(|error| panic!("{language}: {error}"));
    }
    // The caller's Resolve is untouched by the failed run and still usable.
    let again = generate_bindings(&resolve, world, Language::C, &options).unwrap_err();
    assert_eq!(again, error);
}

#[test]
fn serde_names_are_stable() {
    let names = Language::ALL.map(|language| serde_json::to_string(&language).unwrap());
    assert_eq!(
        names,
        [
            "\"rust\"",
            "\"c\"",
            "\"cpp\"",
            "\"csharp\"",
            "\"go\"",
            "\"moonbit\"",
            "\"host-rust\""
        ]
    );
    for language in Language::ALL {
        assert_eq!(language.name().parse::<Language>(), Ok(language));
    }
    assert!("python".parse::<Language>().is_err());

    let options: BindingsOptions = serde_json::from_str(
        r#"{"rust": {"generateAll": true, "ownership": "borrowing-duplicate-if-necessary"},
            "hostRust": {"async": true, "trappableImports": true},
            "c": {"noObjectFile": true}}"#,
    )
    .unwrap();
    assert!(options.rust.generate_all);
    assert!(!options.rust.std_feature);
    assert_eq!(
        options.rust.ownership,
        Ownership::BorrowingDuplicateIfNecessary
    );
    assert!(options.host_rust.async_ && options.host_rust.trappable_imports);
    assert!(options.c.no_object_file);
    let empty: BindingsOptions = serde_json::from_str("{}").unwrap();
    assert_eq!(empty, BindingsOptions::default());

    let file = GeneratedFile {
        name: "a.o".to_owned(),
        language_id: "plaintext".to_owned(),
        text: "binary".to_owned(),
        binary: true,
        size: 3,
        binary_contents: Some(vec![1, 2, 3]),
    };
    assert_eq!(
        serde_json::to_value(&file).unwrap(),
        serde_json::json!({"name": "a.o", "languageId": "plaintext", "text": "binary", "binary": true, "size": 3})
    );
}
