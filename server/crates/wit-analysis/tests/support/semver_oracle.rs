//! The oracle the breaking-change diff is tested against: `wit_component::semver_check`.
//!
//! Both versions of a package are resolved, the old one renamed to a distinct version and
//! merged into the new one's `Resolve`. Each version gets a synthetic world importing every
//! interface of the package (the interfaces as their importers see them), and
//! `semver_check` compares it and every world the two versions share. A world that is gone
//! breaks its users by definition; `semver_check` has nothing to compare it with.

use std::path::PathBuf;

use wit_analysis::breaking::{BreakingChange, breaking_changes};
use wit_analysis::{
    AnalysisCache, Features, FileContents, PackageSources, ResolvedPackage, SourceFile,
    analyze_package,
};

/// What our diff and the oracle say of one pair of versions.
#[derive(Debug)]
pub struct Verdicts {
    pub ours: Vec<BreakingChange>,
    /// `Some(reason)` when the oracle says the change breaks users.
    pub oracle: Option<String>,
}

const ORACLE_WORLD: &str = "semver-oracle-imports";

fn resolve(sources: &PackageSources) -> Option<ResolvedPackage> {
    let analysis = analyze_package(sources, &Features::default(), &mut AnalysisCache::default());
    if !analysis.diagnostics.is_empty() {
        return None;
    }
    analysis.resolved
}

/// The sources plus a file with a world importing each interface and naming each of its
/// types in a function: bindings expose every type by name, so every type is part of what
/// importers see (wit-component would otherwise leave unused types out of the import).
fn with_oracle_world(
    sources: &PackageSources,
    interfaces: &[(String, Vec<String>)],
) -> PackageSources {
    let mut sources = sources.clone();
    if interfaces.is_empty() {
        return sources;
    }
    let mut text = format!("world {ORACLE_WORLD} {{\n");
    for (name, types) in interfaces {
        text.push_str(&format!("  import %{name};\n"));
        for ty in types {
            let alias = format!(
                "oracle-{}-{}",
                name.trim_start_matches('%'),
                ty.trim_start_matches('%')
            );
            text.push_str(&format!("  use %{name}.{{%{ty} as {alias}}};\n"));
            text.push_str(&format!("  import {alias}-user: func(x: {alias});\n"));
        }
    }
    text.push_str("}\n");
    sources.files.push(SourceFile {
        path: sources.root.join("zz-semver-oracle.wit"),
        contents: FileContents::Text(text.into()),
    });
    sources
}

/// `None` when either version does not resolve (a mutation that made the WIT invalid).
pub fn verdicts(old: &PackageSources, new: &PackageSources) -> Option<Verdicts> {
    let old_resolved = resolve(old)?;
    let new_resolved = resolve(new)?;
    let ours = breaking_changes(
        &old_resolved.resolve,
        old_resolved.package,
        &new_resolved.resolve,
        new_resolved.package,
    );
    let names = |r: &ResolvedPackage| -> Vec<(String, Vec<String>)> {
        r.resolve.packages[r.package]
            .interfaces
            .iter()
            .map(|(name, id)| {
                let types = r.resolve.interfaces[*id].types.keys().cloned().collect();
                (name.clone(), types)
            })
            .collect()
    };
    let old_oracle = resolve(&with_oracle_world(old, &names(&old_resolved)))
        .expect("the oracle world resolves in the old version");
    let mut new_oracle = resolve(&with_oracle_world(new, &names(&new_resolved)))
        .expect("the oracle world resolves in the new version");

    // Rename the old package so both fit in one `Resolve`; `semver_check` ignores versions.
    let mut old_resolve = old_oracle.resolve;
    let old_pkg = old_oracle.package;
    let old_name = old_resolve.packages[old_pkg].name.clone();
    let mut renamed = old_name.clone();
    renamed.version = Some(semver::Version::parse("0.0.0-semver-oracle-baseline").unwrap());
    old_resolve.package_names.shift_remove(&old_name);
    old_resolve.package_names.insert(renamed.clone(), old_pkg);
    old_resolve.packages[old_pkg].name = renamed;
    let old_worlds: Vec<(String, wit_parser::WorldId)> = old_resolve.packages[old_pkg]
        .worlds
        .iter()
        .map(|(name, id)| (name.clone(), *id))
        .collect();
    let remap = new_oracle
        .resolve
        .merge(old_resolve)
        .expect("the two versions merge into one resolve");

    let new_worlds = new_oracle.resolve.packages[new_oracle.package]
        .worlds
        .clone();
    let mut oracle = None;
    for (name, old_world) in old_worlds {
        let old_world = remap.worlds[old_world.index()].expect("merged world");
        match new_worlds.get(&name) {
            None => {
                oracle.get_or_insert_with(|| format!("world `{name}` is gone"));
            }
            Some(&new_world) => {
                if let Err(error) =
                    wit_component::semver_check(new_oracle.resolve.clone(), old_world, new_world)
                {
                    oracle.get_or_insert_with(|| format!("world `{name}`: {error:#}"));
                }
            }
        }
    }
    Some(Verdicts { ours, oracle })
}

#[allow(dead_code)] // used by one of the two test targets that include this module
/// A package directory held in memory: its files (name, text) and the dependencies of
/// `deps`, all under `root`.
pub fn sources(
    root: &str,
    files: &[(&str, &str)],
    deps: Vec<wit_analysis::DependencySource>,
) -> PackageSources {
    let root = PathBuf::from(root);
    PackageSources {
        files: files
            .iter()
            .map(|(name, text)| SourceFile {
                path: root.join(name),
                contents: FileContents::Text((*text).into()),
            })
            .collect(),
        root,
        kind: wit_analysis::PackageKind::Directory,
        dependencies: deps,
        read_error: None,
    }
}
