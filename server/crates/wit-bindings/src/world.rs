//! Choosing the world to generate bindings for: a package plus an optional world name.

use wit_parser::{PackageId, Resolve, WorldId};

/// Why no single world could be chosen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorldSelectionError {
    /// The package id does not belong to the `Resolve` it was passed with.
    #[error("package id {package} is not part of this package set")]
    UnknownPackage {
        /// The id, in wit-parser's debug form.
        package: String,
    },
    /// The package defines no world at all.
    #[error("package `{package}` defines no world; bindings are generated for a world")]
    NoWorlds {
        /// The package, as `ns:name@version`.
        package: String,
    },
    /// The package defines several worlds and none was named.
    #[error(
        "package `{package}` defines several worlds; choose one with --world: {}",
        worlds.join(", ")
    )]
    Ambiguous {
        /// The package, as `ns:name@version`.
        package: String,
        /// The names of its worlds, in source order.
        worlds: Vec<String>,
    },
    /// The named world is not in the package.
    #[error("package `{package}` has no world `{name}`; its worlds are: {}", worlds.join(", "))]
    NotFound {
        /// The name as given.
        name: String,
        /// The package, as `ns:name@version`.
        package: String,
        /// The names of its worlds, in source order.
        worlds: Vec<String>,
    },
    /// A qualified name (`ns:pkg/world`) that wit-parser could not resolve.
    #[error("cannot select world `{name}`: {message}")]
    Qualified {
        /// The name as given.
        name: String,
        /// wit-parser's explanation.
        message: String,
    },
}

/// Chooses a world of `package`.
///
/// `world` may be a plain name (`adder`), looked up in `package`, or a qualified name
/// (`ns:pkg/name`, optionally with `@version`), which may name a world of any package in
/// `resolve`. Without a name the package must define exactly one world.
pub fn select_world(
    resolve: &Resolve,
    package: PackageId,
    world: Option<&str>,
) -> Result<WorldId, WorldSelectionError> {
    let Some(package_item) = resolve.packages.get(package) else {
        return Err(WorldSelectionError::UnknownPackage {
            package: format!("{package:?}"),
        });
    };
    let package_name = package_item.name.to_string();
    let worlds = &package_item.worlds;
    let world_names = || worlds.keys().cloned().collect::<Vec<_>>();
    match world {
        Some(name) if name.contains(':') || name.contains('/') => resolve
            .select_world(&[package], Some(name))
            .map_err(|error| WorldSelectionError::Qualified {
                name: name.to_owned(),
                message: format!("{error:#}"),
            }),
        Some(name) => worlds
            .get(name)
            .copied()
            .ok_or_else(|| WorldSelectionError::NotFound {
                name: name.to_owned(),
                package: package_name,
                worlds: world_names(),
            }),
        None => match worlds.len() {
            0 => Err(WorldSelectionError::NoWorlds {
                package: package_name,
            }),
            1 => Ok(worlds[0]),
            _ => Err(WorldSelectionError::Ambiguous {
                package: package_name,
                worlds: world_names(),
            }),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(source: &str) -> (Resolve, PackageId) {
        let mut resolve = Resolve::default();
        let package = resolve
            .push_str("test.wit", source)
            .expect("test source is valid WIT");
        (resolve, package)
    }

    const TWO_WORLDS: &str = "package a:b@1.0.0;\nworld first {}\nworld second {}\n";

    #[test]
    fn the_only_world_is_chosen_without_a_name() {
        let (resolve, pkg) = package("package a:b;\nworld only {}\n");
        let world = select_world(&resolve, pkg, None).unwrap();
        assert_eq!(resolve.worlds[world].name, "only");
    }

    #[test]
    fn several_worlds_without_a_name_lists_them() {
        let (resolve, pkg) = package(TWO_WORLDS);
        let error = select_world(&resolve, pkg, None).unwrap_err();
        assert_eq!(
            error.to_string(),
            "package `a:b@1.0.0` defines several worlds; choose one with --world: first, second"
        );
    }

    #[test]
    fn plain_and_qualified_names_select_the_same_world() {
        let (resolve, pkg) = package(TWO_WORLDS);
        let plain = select_world(&resolve, pkg, Some("second")).unwrap();
        let qualified = select_world(&resolve, pkg, Some("a:b/second@1.0.0")).unwrap();
        assert_eq!(plain, qualified);
        assert_eq!(resolve.worlds[plain].name, "second");
    }

    #[test]
    fn unknown_names_are_errors_that_list_the_worlds() {
        let (resolve, pkg) = package(TWO_WORLDS);
        let error = select_world(&resolve, pkg, Some("third")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "package `a:b@1.0.0` has no world `third`; its worlds are: first, second"
        );
        let error = select_world(&resolve, pkg, Some("x:y/third")).unwrap_err();
        assert!(
            matches!(&error, WorldSelectionError::Qualified { name, .. } if name == "x:y/third"),
            "{error:?}"
        );
    }

    #[test]
    fn a_package_id_from_another_resolve_is_an_error() {
        let (_, foreign) = package("package x:y;\nworld a {}\nworld b {}\n");
        let (resolve, _) = package("package a:b;\nworld only {}\n");
        let error = select_world(&resolve, foreign, None).unwrap_err();
        assert!(
            matches!(error, WorldSelectionError::UnknownPackage { .. }),
            "{error:?}"
        );
    }

    #[test]
    fn a_package_without_worlds_is_an_error() {
        let (resolve, pkg) = package("package a:b;\ninterface i {}\n");
        let error = select_world(&resolve, pkg, None).unwrap_err();
        assert_eq!(
            error,
            WorldSelectionError::NoWorlds {
                package: "a:b".to_owned()
            }
        );
    }
}
