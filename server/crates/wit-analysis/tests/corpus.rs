//! The name index agrees with wit-parser's `Resolve` on the real WASI 0.2 HTTP tree
//! (`../shared/corpus/wasi-http`, or `$WIT_LSP_CORPUS/wasi-http`): every name visible in every
//! interface resolves to the same definition. Fails if the corpus is missing. Run with
//! `cargo test -p wit-analysis --features corpus --test corpus`.

// The test reads the corpus from disk itself; the crate under test never does.
#![allow(clippy::disallowed_methods)]

use std::path::{Path, PathBuf};

use wit_analysis::ide::index::DefKind;
use wit_analysis::ide::{Snapshot, SyntaxCache};
use wit_analysis::{DependencySource, FileContents, PackageKind, PackageSources, SourceFile};
use wit_parser::{Resolve, Type, TypeDefKind, TypeOwner};

fn corpus() -> PathBuf {
    let base = std::env::var_os("WIT_LSP_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../../shared/corpus"));
    let tree = base.join("wasi-http");
    assert!(
        tree.join("types.wit").is_file(),
        "the corpus is missing at {}",
        tree.display()
    );
    tree
}

fn wit_files(dir: &Path) -> Vec<SourceFile> {
    let mut files: Vec<SourceFile> = std::fs::read_dir(dir)
        .expect("read_dir")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "wit"))
        .map(|path| SourceFile {
            contents: FileContents::from_bytes(std::fs::read(&path).expect("read")),
            path,
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

fn sources(root: &Path) -> PackageSources {
    let mut dependencies: Vec<DependencySource> = std::fs::read_dir(root.join("deps"))
        .expect("deps")
        .map(|entry| entry.expect("entry").path())
        .map(|path| DependencySource::Directory {
            files: wit_files(&path),
            path,
        })
        .collect();
    dependencies.sort_by(|a, b| a.path().cmp(b.path()));
    PackageSources {
        root: root.to_path_buf(),
        kind: PackageKind::Directory,
        files: wit_files(root),
        dependencies,
        read_error: None,
    }
}

/// `ns:pkg@version/interface#type` of where a wit-parser type is finally defined, following
/// `use` (a type whose kind is a type owned by another interface) but not local aliases.
fn resolve_origin(resolve: &Resolve, mut id: wit_parser::TypeId) -> String {
    loop {
        let def = &resolve.types[id];
        if let TypeDefKind::Type(Type::Id(next)) = def.kind
            && resolve.types[next].owner != def.owner
        {
            id = next;
            continue;
        }
        let owner = match def.owner {
            TypeOwner::Interface(interface) => {
                let interface = &resolve.interfaces[interface];
                let package = interface
                    .package
                    .map(|p| resolve.packages[p].name.to_string());
                format!(
                    "{}/{}",
                    package.unwrap_or_default(),
                    interface.name.clone().unwrap_or_default()
                )
            }
            _ => String::from("?"),
        };
        return format!("{owner}#{}", def.name.clone().unwrap_or_default());
    }
}

#[test]
fn every_interface_scope_agrees_with_wit_parser() {
    let root = corpus();
    let mut resolve = Resolve::default();
    resolve.push_dir(&root).expect("the WASI tree resolves");
    let snapshot = Snapshot::build(&sources(&root), &mut SyntaxCache::default());
    let index = &snapshot.index;
    assert!(
        index.unresolved.is_empty(),
        "unresolved names: {:?}",
        index.unresolved
    );
    let mut checked = 0;
    for (_, interface) in resolve.interfaces.iter() {
        let (Some(name), Some(package)) = (&interface.name, interface.package) else {
            continue;
        };
        let package_name = resolve.packages[package].name.to_string();
        let ours = index
            .def_ids()
            .find(|id| {
                let def = index.def(*id);
                def.kind == DefKind::Interface
                    && def.name == *name
                    && index
                        .package_of(*id)
                        .is_some_and(|p| index.def(p).name == package_name)
            })
            .unwrap_or_else(|| panic!("{package_name}/{name} is not in the index"));
        for (type_name, type_id) in &interface.types {
            let local = index
                .lookup(ours, type_name)
                .unwrap_or_else(|| panic!("{package_name}/{name}: `{type_name}` is not in scope"));
            let target = index.def(index.resolve_alias(local));
            let target_interface = index
                .container_of(index.resolve_alias(local))
                .expect("in an interface");
            let target_package = index.package_of(target_interface).expect("in a package");
            let ours_origin = format!(
                "{}/{}#{}",
                index.def(target_package).name,
                index.def(target_interface).name,
                target.name
            );
            assert_eq!(
                ours_origin,
                resolve_origin(&resolve, *type_id),
                "{package_name}/{name}: `{type_name}`"
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} names checked");
}

#[path = "support/mutate.rs"]
mod mutate;
#[path = "support/semver_oracle.rs"]
mod semver_oracle;

/// `ns:name` of a package, from its `package` line.
fn package_name(files: &[SourceFile]) -> String {
    files
        .iter()
        .filter_map(|f| f.contents.text())
        .find_map(|text| {
            let line = text.lines().find(|l| l.starts_with("package "))?;
            let name = line.trim_start_matches("package ").trim_end_matches(';');
            Some(name.split('@').next().unwrap_or(name).to_string())
        })
        .expect("a package line")
}

/// Each package of the WASI tree (wasi:http and every package of its `deps/`), with the
/// packages it can depend on as its dependencies: those that do not, directly or through
/// another, depend on it (a mutated package must not be seen through a stale dependant).
fn wasi_packages() -> Vec<PackageSources> {
    let tree = corpus();
    let whole = sources(&tree);
    let mut packages = vec![whole.clone()];
    let mentions = |dep: &DependencySource, name: &str| {
        dep.files()
            .iter()
            .filter_map(|f| f.contents.text())
            .any(|text| text.contains(&format!("{name}/")))
    };
    for dep in &whole.dependencies {
        let mut excluded = vec![package_name(dep.files())];
        loop {
            let more: Vec<String> = whole
                .dependencies
                .iter()
                .filter(|other| !excluded.contains(&package_name(other.files())))
                .filter(|other| excluded.iter().any(|name| mentions(other, name)))
                .map(|other| package_name(other.files()))
                .collect();
            if more.is_empty() {
                break;
            }
            excluded.extend(more);
        }
        let others = whole
            .dependencies
            .iter()
            .filter(|other| !excluded.contains(&package_name(other.files())))
            .cloned()
            .collect();
        packages.push(PackageSources {
            root: dep.path().to_path_buf(),
            kind: PackageKind::Directory,
            files: dep.files().to_vec(),
            dependencies: others,
            read_error: None,
        });
    }
    packages
}

/// The breaking-change diff's verdict (breaking or not) agrees with
/// `wit_component::semver_check` on mutations of every WASI package: removals, renames,
/// retypes and additions, each read both ways (a removal backwards is an addition).
#[test]
fn breaking_change_verdicts_agree_with_semver_check_on_wasi_mutations() {
    const PER_PACKAGE: usize = 40;
    let mut checked = 0;
    let mut breaking = 0;
    let mut disagreements = Vec::new();
    for package in wasi_packages() {
        let texts: Vec<String> = package
            .files
            .iter()
            .map(|f| f.contents.text().expect("UTF-8").to_string())
            .collect();
        let all = mutate::mutations(&texts);
        // A fixed spread over the candidates: every kind of edit, in every file.
        let step = (all.len() / PER_PACKAGE).max(1);
        for mutation in all.iter().step_by(step).take(PER_PACKAGE) {
            let mut new = package.clone();
            new.files[mutation.file].contents = FileContents::Text(mutation.text.as_str().into());
            for (direction, a, b) in [("forward", &package, &new), ("backward", &new, &package)] {
                let Some(verdicts) = semver_oracle::verdicts(a, b) else {
                    continue;
                };
                checked += 1;
                breaking += usize::from(verdicts.oracle.is_some());
                if verdicts.ours.is_empty() == verdicts.oracle.is_some() {
                    disagreements.push(format!(
                        "{} {} ({direction}): ours {:?}, semver_check {:?}",
                        package.root.display(),
                        mutation.description,
                        verdicts.ours,
                        verdicts.oracle
                    ));
                }
            }
        }
    }
    eprintln!(
        "{checked} mutations checked ({breaking} breaking), {} disagreements",
        disagreements.len()
    );
    assert!(checked >= 200, "only {checked} mutations were valid WIT");
    assert!(
        disagreements.is_empty(),
        "{} of {checked} disagree:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}
