//! Golden tests: every language's bindings for the sample packages, compared file by file with
//! `tests/golden/bindings/<sample>/<language>/`. Refresh with `BLESS=1 cargo test -p wit-bindings
//! --test golden`.
//!
//! Determinism: the generators embed their own (pinned) version and nothing time-dependent.
//! The only path-dependent input is where the samples live; `normalise` replaces that
//! absolute path with `<samples>` should a generator ever embed it. Binary files are stored as
//! their one-line description in `<name>.txt` (the description includes the size, which is
//! deterministic: the object file encodes only the world's types).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use wit_bindings::{BindingsOptions, GeneratedFile, Language, generate_bindings};

const SAMPLES: [&str; 3] = ["adder", "interfaced-adder", "kv-store"];

fn golden_root() -> PathBuf {
    common::repository_root().join("tests/golden/bindings")
}

fn normalise(text: &str) -> String {
    let samples = common::repository_root().join("wit-samples");
    text.replace(&*samples.to_string_lossy(), "<samples>")
}

/// The golden file name of a generated file.
fn golden_name(file: &GeneratedFile) -> String {
    if file.binary {
        format!("{}.txt", file.name)
    } else {
        file.name.clone()
    }
}

fn files_under(dir: &Path) -> BTreeMap<String, String> {
    fn walk(root: &Path, dir: &Path, into: &mut BTreeMap<String, String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let path = entry.expect("directory entry is readable").path();
            if path.is_dir() {
                walk(root, &path, into);
            } else {
                let relative = path
                    .strip_prefix(root)
                    .expect("walked paths are under the root")
                    .to_string_lossy()
                    .replace('\\', "/");
                let text = std::fs::read_to_string(&path).expect("golden files are UTF-8");
                into.insert(relative, text);
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(dir, dir, &mut files);
    files
}

fn check_sample(sample: &str) {
    let loaded = common::load_sample(sample);
    let bless = std::env::var_os("BLESS").is_some();
    let mut failures = Vec::new();
    for language in Language::ALL {
        let files = generate_bindings(
            &loaded.resolve,
            loaded.world,
            language,
            &BindingsOptions::default(),
        )
        .unwrap_or_else(|error| panic!("{sample}/{language}: {error}"));
        assert!(!files.is_empty(), "{sample}/{language}: no files");
        let actual = files
            .iter()
            .map(|file| (golden_name(file), normalise(&file.text)))
            .collect::<BTreeMap<_, _>>();
        let dir = golden_root().join(sample).join(language.name());
        if bless {
            if dir.exists() {
                std::fs::remove_dir_all(&dir).expect("old golden directory is removable");
            }
            for (name, text) in &actual {
                let path = dir.join(name);
                std::fs::create_dir_all(path.parent().expect("golden file has a parent"))
                    .expect("golden directory is creatable");
                std::fs::write(&path, text).expect("golden file is writable");
            }
            continue;
        }
        let expected = files_under(&dir);
        if expected.is_empty() {
            failures.push(format!(
                "{sample}/{language}: no golden files in {}; run with BLESS=1",
                dir.display()
            ));
            continue;
        }
        for name in expected.keys().filter(|name| !actual.contains_key(*name)) {
            failures.push(format!(
                "{sample}/{language}: `{name}` is no longer generated"
            ));
        }
        for (name, text) in &actual {
            match expected.get(name) {
                None => failures.push(format!("{sample}/{language}: new file `{name}`")),
                Some(golden) if golden != text => {
                    let diff = similar::TextDiff::from_lines(golden, text)
                        .unified_diff()
                        .context_radius(2)
                        .header("golden", "generated")
                        .to_string();
                    failures.push(format!("{sample}/{language}: `{name}` differs:\n{diff}"));
                }
                Some(_) => {}
            }
        }
    }
    assert!(
        failures.is_empty(),
        "golden mismatch (refresh with BLESS=1):\n{}",
        failures.join("\n")
    );
}

#[test]
fn golden_adder() {
    check_sample(SAMPLES[0]);
}

#[test]
fn golden_interfaced_adder() {
    check_sample(SAMPLES[1]);
}

#[test]
fn golden_kv_store() {
    check_sample(SAMPLES[2]);
}
