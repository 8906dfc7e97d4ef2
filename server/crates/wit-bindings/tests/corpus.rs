//! Every language generates for every world of the shared corpus: the real WASI 0.2 tree
//! (`wasi-http/` with its `deps/`) and wit-parser's valid conformance inputs (`wit-parser-ui/`,
//! top-level `*.wit` files and folders, loaded with only the `active` feature like wit-parser's
//! own harness).
//!
//! Generators legitimately refuse some features; those refusals are listed in
//! `EXPECTED_FAILURES` with the generator's own message. The test fails when a listed refusal
//! stops happening or changes, and when an unlisted failure appears.
//!
//! The corpus comes from `$WIT_LSP_CORPUS`, else `<workspace root>/../shared/corpus`; a missing
//! corpus is a failure, not a skip.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use wit_bindings::{
    BindingsCache, BindingsOptions, Language, generate_bindings, generate_bindings_cached,
};
use wit_parser::Resolve;

mod common;

/// `(entry, world, language, message)`: a generator's own refusal, expected to persist.
/// `entry` is the corpus entry (`wasi-http` or a `wit-parser-ui` file or folder name), `world`
/// is `ns:pkg/name@version`.
const EXPECTED_FAILURES: &[(&str, &str, &str, &str)] = &[(
    "union-fuzz-2.wit",
    "foo:bar/bar",
    "csharp",
    "wit-bindgen-csharp cannot generate bindings for world `foo:bar/bar`: record type must have \
     at least one field (at offset 0x26)",
)];

fn corpus_root() -> PathBuf {
    let root = match std::env::var_os("WIT_LSP_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../../shared/corpus"),
    };
    assert!(
        root.join("wasi-http").is_dir() && root.join("wit-parser-ui").is_dir(),
        "corpus not found at {} (set WIT_LSP_CORPUS)",
        root.display()
    );
    root
}

/// The corpus entries: `(entry name, path, resolve settings)`.
fn corpus_entries() -> Vec<(String, PathBuf, Resolve)> {
    let root = corpus_root();
    let mut entries = vec![(
        "wasi-http".to_owned(),
        root.join("wasi-http"),
        Resolve::default(),
    )];
    let ui = root.join("wit-parser-ui");
    let mut ui_entries = std::fs::read_dir(&ui)
        .expect("wit-parser-ui is readable")
        .map(|entry| entry.expect("directory entry is readable").path())
        .filter(|path| {
            let name = path
                .file_name()
                .and_then(|name| name.to_str())
                .unwrap_or("");
            if path.is_dir() {
                name != "parse-fail"
            } else {
                name.ends_with(".wit")
            }
        })
        .collect::<Vec<_>>();
    ui_entries.sort();
    assert!(
        ui_entries.len() > 20,
        "wit-parser-ui looks incomplete at {}",
        ui.display()
    );
    for path in ui_entries {
        let resolve = Resolve {
            all_features: false,
            features: ["active".to_owned()].into_iter().collect(),
            ..Resolve::default()
        };
        let name = path
            .file_name()
            .expect("entries have names")
            .to_string_lossy()
            .into_owned();
        entries.push((name, path, resolve));
    }
    entries
}

#[test]
fn every_language_generates_for_every_corpus_world() {
    // Worlds that import interfaces of other packages (all of WASI) need `generate_all` in
    // the Rust generator, exactly as `wit_bindgen::generate!` does; every other option is the
    // generators' default.
    let mut options = BindingsOptions::default();
    options.rust.generate_all = true;
    let mut failures = BTreeMap::new();
    let mut generated = 0usize;
    for (entry, path, mut resolve) in corpus_entries() {
        resolve
            .push_path(&path)
            .unwrap_or_else(|error| panic!("{entry}: corpus entry loads: {error:#}"));
        for (world, item) in resolve.worlds.iter() {
            let world_name = match item.package {
                Some(package) => resolve.id_of_name(package, &item.name),
                None => item.name.clone(),
            };
            for language in Language::ALL {
                match generate_bindings(&resolve, world, language, &options) {
                    Ok(files) => {
                        assert!(
                            !files.is_empty(),
                            "{entry} {world_name} {language}: no files"
                        );
                        generated += 1;
                    }
                    Err(error) => {
                        failures.insert(
                            (
                                entry.clone(),
                                world_name.clone(),
                                language.name().to_owned(),
                            ),
                            error.to_string(),
                        );
                    }
                }
            }
        }
    }
    assert!(generated > 500, "only {generated} generations ran");

    let expected = EXPECTED_FAILURES
        .iter()
        .map(|(entry, world, language, message)| {
            (
                (
                    (*entry).to_owned(),
                    (*world).to_owned(),
                    (*language).to_owned(),
                ),
                (*message).to_owned(),
            )
        })
        .collect::<BTreeMap<_, _>>();
    let mut problems = Vec::new();
    for (key, message) in &failures {
        match expected.get(key) {
            None => problems.push(format!("new failure: {key:?} => {message:?}")),
            Some(listed) if listed != message => problems.push(format!(
                "changed failure: {key:?}\n  listed:   {listed:?}\n  now:      {message:?}"
            )),
            Some(_) => {}
        }
    }
    for key in expected.keys().filter(|key| !failures.contains_key(*key)) {
        problems.push(format!("listed failure no longer fails: {key:?}"));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The Rust previews (guest and host), formatted item by item through one cache shared by every
/// world of the corpus, equal the generators' own whole-file formatting byte for byte.
#[test]
fn rust_previews_equal_the_generators_own_formatting_for_every_corpus_world() {
    let mut options = BindingsOptions::default();
    options.rust.generate_all = true;
    let cache = BindingsCache::new();
    let mut compared = 0usize;
    let mut differences = Vec::new();
    for (entry, path, mut resolve) in corpus_entries() {
        resolve
            .push_path(&path)
            .unwrap_or_else(|error| panic!("{entry}: corpus entry loads: {error:#}"));
        for (world, item) in resolve.worlds.iter() {
            for language in [Language::Rust, Language::HostRust] {
                let Ok(files) =
                    generate_bindings_cached(&resolve, world, language, &options, &cache)
                else {
                    // Refusals are the business of the test above.
                    continue;
                };
                let expected = common::reference_rust(&resolve, world, language, &options.rust);
                if files.len() != 1 || files[0].text != expected {
                    differences.push(format!("{entry} {} {language}", item.name));
                }
                compared += 1;
            }
        }
    }
    assert!(compared > 150, "only {compared} previews compared");
    assert!(
        differences.is_empty(),
        "formatting differs from the generator's own for: {differences:#?}"
    );
}
