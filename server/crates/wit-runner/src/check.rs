//! Checking a built component against the WIT world it should implement:
//! every function the world exports must be exported with the same type, and
//! every non-WASI import must be one the world declares with the same type.
//! A stale build (WIT edited, component not rebuilt) shows up here as a list
//! of plain differences rather than a wasmtime link error.

use serde::Serialize;
use wit_parser::{Resolve, WorldId};

use crate::component::LoadedComponent;
use crate::types::import_display_name;
use crate::witsig::Signatures;

/// What kind of difference was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MismatchKind {
    /// The world exports a function the component does not.
    MissingExport,
    /// The component exports it with another type.
    ExportTypeDiffers,
    /// The component exports a function the world does not declare.
    ExtraExport,
    /// The component imports something the world does not declare.
    UndeclaredImport,
    /// The component imports it with another type.
    ImportTypeDiffers,
    /// The component carries no readable WIT to compare.
    UnreadableComponent,
}

/// One difference between a component and a world.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Mismatch {
    pub kind: MismatchKind,
    /// The function, e.g. `add` or `docs:calculator/add@0.1.0#add`.
    pub item: String,
    /// Its signature in the WIT, if it has one there.
    pub expected: Option<String>,
    /// Its signature in the component, if it has one there.
    pub found: Option<String>,
    /// A sentence for the user.
    pub message: String,
}

fn item_name(interface: Option<&str>, function: &str) -> String {
    match interface {
        Some(interface) => format!("{interface}#{function}"),
        None => function.to_string(),
    }
}

/// Compares a component with `world` in `resolve`. An empty list means the
/// component matches.
pub fn check_against_world(
    component: &LoadedComponent,
    resolve: &Resolve,
    world: WorldId,
) -> Vec<Mismatch> {
    let world_item = &resolve.worlds[world];
    let world_name = match world_item.package {
        Some(package) => resolve.id_of_name(package, &world_item.name),
        None => world_item.name.clone(),
    };
    let Some(found) = component.signatures() else {
        return vec![Mismatch {
            kind: MismatchKind::UnreadableComponent,
            item: String::new(),
            expected: None,
            found: None,
            message: "the component carries no WIT type information to compare with".into(),
        }];
    };
    let expected = Signatures::from_world(resolve, world);
    let mut mismatches = Vec::new();
    for key in &expected.order {
        let (is_export, interface, function) = key;
        let want = &expected.functions[key];
        let item = item_name(interface.as_deref(), function);
        if *is_export {
            match found.functions.get(key) {
                None => mismatches.push(Mismatch {
                    kind: MismatchKind::MissingExport,
                    message: format!(
                        "world `{world_name}` exports `{item}: {}` but the component does not \
                         export it; rebuild the component",
                        want.signature
                    ),
                    item,
                    expected: Some(want.signature.clone()),
                    found: None,
                }),
                Some(have) if have.structural != want.structural => mismatches.push(Mismatch {
                    kind: MismatchKind::ExportTypeDiffers,
                    message: format!(
                        "export `{item}` differs: the WIT says `{}` but the component has `{}`; \
                         rebuild the component",
                        want.signature, have.signature
                    ),
                    item,
                    expected: Some(want.signature.clone()),
                    found: Some(have.signature.clone()),
                }),
                Some(_) => {}
            }
        }
    }
    for key in &found.order {
        let (is_export, interface, function) = key;
        let have = &found.functions[key];
        let item = item_name(interface.as_deref(), function);
        if *is_export {
            if !expected.functions.contains_key(key) {
                mismatches.push(Mismatch {
                    kind: MismatchKind::ExtraExport,
                    message: format!(
                        "the component exports `{item}: {}`, which world `{world_name}` does not \
                         declare",
                        have.signature
                    ),
                    item,
                    expected: None,
                    found: Some(have.signature.clone()),
                });
            }
            continue;
        }
        if interface
            .as_deref()
            .is_some_and(|name| name.starts_with("wasi:"))
        {
            // WASI imports come from the toolchain's adapter; the runner
            // provides them whatever the world says.
            continue;
        }
        let display = import_display_name(interface.as_deref(), function);
        match expected.functions.get(key) {
            None => mismatches.push(Mismatch {
                kind: MismatchKind::UndeclaredImport,
                message: format!(
                    "the component imports `{display}: {}`, which world `{world_name}` does not \
                     declare; rebuild the component",
                    have.signature
                ),
                item,
                expected: None,
                found: Some(have.signature.clone()),
            }),
            Some(want) if want.structural != have.structural => mismatches.push(Mismatch {
                kind: MismatchKind::ImportTypeDiffers,
                message: format!(
                    "import `{display}` differs: the WIT says `{}` but the component expects \
                     `{}`; rebuild the component",
                    want.signature, have.signature
                ),
                item,
                expected: Some(want.signature.clone()),
                found: Some(have.signature.clone()),
            }),
            Some(_) => {}
        }
    }
    mismatches
}
