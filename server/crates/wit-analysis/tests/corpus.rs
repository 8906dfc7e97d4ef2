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
