//! Composition: plugging a consumer component's imports with the exports of
//! provider components ("plugs"), into one component.
//!
//! Every interface the consumer imports that a plug exports (same
//! `ns:pkg/name`, a version that semver allows) is satisfied by that plug;
//! plugs may themselves be plugged by other plugs (transitively); whatever
//! stays unsatisfied remains an import of the result. A plug that does not
//! fit is refused before anything is linked, with a message naming the
//! import and both signatures, computed from the WIT each component carries;
//! wasm-compose then encodes the graph, and the result is validated.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;
use wit_parser::{Resolve, TypeDefKind, WorldId, WorldItem, WorldKey};

use crate::witsig::signature_of;

/// A component taking part in a composition.
#[derive(Clone, Debug)]
pub struct ComposeInput<'a> {
    /// How messages name it (usually its path as the user gave it).
    pub name: String,
    /// Its binary (or WAT text).
    pub bytes: &'a [u8],
}

/// One import of one component satisfied by a plug.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Link {
    /// The importing component (the consumer or a plug).
    pub importer: String,
    /// The interface as the importer names it: `bars:calc/adder@0.1.0`.
    pub import: String,
    /// The plug that exports it.
    pub provider: String,
    /// The interface as the plug names it (another patch or minor version, maybe).
    pub export: String,
}

/// A composed component.
#[derive(Clone, Debug)]
pub struct Composition {
    /// The encoded, validated component.
    pub bytes: Vec<u8>,
    /// Every import that a plug satisfies, in the order they were matched.
    pub links: Vec<Link>,
    /// Imports of the result: what no plug satisfies (WASI, say).
    pub open_imports: Vec<String>,
}

/// Why a plug was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RefusalKind {
    /// A function the importer needs has another type in the plug.
    SignatureDiffers,
    /// The plug's interface lacks a function the importer needs.
    MissingFunction,
    /// The plug's interface lacks a resource the importer needs.
    MissingResource,
    /// The plug exports the interface at a version semver does not allow.
    IncompatibleVersion,
    /// The plug exports nothing any component of the composition imports.
    UnusedPlug,
    /// Plugs import each other in a circle.
    Cycle,
    /// A file is not a component carrying WIT (or not wasm at all).
    NotAComponent,
    /// wasm-compose refused what the checks above accepted.
    Encoding,
}

/// One reason a composition was refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Refusal {
    pub kind: RefusalKind,
    /// What it is about: `bars:calc/adder.add`, an interface, or a file.
    pub item: String,
    /// A sentence for the user.
    pub message: String,
    /// The plug it is about (0 is the first plug), when it is about one.
    pub plug: Option<usize>,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The reasons a composition was refused (never empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused(pub Vec<Refusal>);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, refusal) in self.0.iter().enumerate() {
            if index > 0 {
                f.write_str("\n")?;
            }
            f.write_str(&refusal.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for Refused {}

/// An interface a component imports or exports, as its WIT says.
struct Interface {
    /// The full name: `bars:calc/adder@0.1.0`.
    name: String,
    /// Without the version: `bars:calc/adder`.
    base: String,
    version: Option<semver::Version>,
    id: wit_parser::InterfaceId,
}

/// A component's WIT: its interface imports and exports.
struct Decoded {
    name: String,
    resolve: Resolve,
    imports: Vec<Interface>,
    exports: Vec<Interface>,
}

fn interfaces(resolve: &Resolve, world: WorldId, exports: bool) -> Vec<Interface> {
    let world = &resolve.worlds[world];
    let items = if exports {
        &world.exports
    } else {
        &world.imports
    };
    items
        .iter()
        .filter_map(|(key, item)| {
            let (WorldKey::Interface(_), WorldItem::Interface { id, .. }) = (key, item) else {
                return None;
            };
            let name = resolve.name_world_key(key);
            let base = name.split('@').next().unwrap_or(&name).to_string();
            let version = resolve.interfaces[*id]
                .package
                .and_then(|package| resolve.packages[package].name.version.clone());
            Some(Interface {
                name,
                base,
                version,
                id: *id,
            })
        })
        .collect()
}

fn decode(input: &ComposeInput<'_>) -> Result<Decoded, Refusal> {
    let not_a_component = |message: String| Refusal {
        kind: RefusalKind::NotAComponent,
        item: input.name.clone(),
        message: format!("{}: {message}", input.name),
        plug: None,
    };
    let bytes = wat::parse_bytes(input.bytes)
        .map_err(|error| not_a_component(format!("not wasm or WAT: {error}")))?;
    if !wasmparser::Parser::is_component(&bytes) {
        return Err(not_a_component(
            if wasmparser::Parser::is_core_wasm(&bytes) {
                "is a core wasm module, not a component (make one with `wasm-tools component new`)"
                    .to_string()
            } else {
                "not a valid component: it does not start with the component header".to_string()
            },
        ));
    }
    match wit_component::decode(&bytes) {
        Ok(wit_component::DecodedWasm::Component(resolve, world)) => Ok(Decoded {
            name: input.name.clone(),
            imports: interfaces(&resolve, world, false),
            exports: interfaces(&resolve, world, true),
            resolve,
        }),
        Ok(wit_component::DecodedWasm::WitPackage(..)) => Err(not_a_component(
            "is a WIT package, not a component".to_string(),
        )),
        Err(error) => Err(not_a_component(format!("not a valid component: {error:#}"))),
    }
}

/// The interfaces a component exports (`ns:pkg/name@version`), from the WIT it carries.
pub fn exported_interfaces(input: &ComposeInput<'_>) -> Result<Vec<String>, Refusal> {
    decode(input).map(|decoded| {
        decoded
            .exports
            .into_iter()
            .map(|export| export.name)
            .collect()
    })
}

/// Whether an export at version `export` may satisfy an import at `import`,
/// as the component model's semver rules say: the same major version (>= 1),
/// minor (0.x) or patch (0.0.x), and the export no older than the import.
pub fn versions_compatible(
    import: Option<&semver::Version>,
    export: Option<&semver::Version>,
) -> bool {
    match (import, export) {
        (None, None) => true,
        (Some(import), Some(export)) => {
            let same_track = if import.major > 0 {
                export.major == import.major
            } else if import.minor > 0 {
                export.major == 0 && export.minor == import.minor
            } else {
                export.major == 0 && export.minor == 0 && export.patch == import.patch
            };
            import == export
                || (same_track
                    && export >= import
                    && import.pre.is_empty()
                    && export.pre.is_empty())
        }
        _ => false,
    }
}

fn show_version(version: Option<&semver::Version>) -> String {
    version.map_or_else(|| "no version".to_string(), |version| format!("@{version}"))
}

/// Checks that `provider`'s export `export` gives everything `importer`'s
/// import `import` needs.
fn check_fit(
    importer: &Decoded,
    import: &Interface,
    provider: &Decoded,
    export: &Interface,
    refusals: &mut Vec<Refusal>,
) {
    let wanted = &importer.resolve.interfaces[import.id];
    let given = &provider.resolve.interfaces[export.id];
    for (name, &ty) in &wanted.types {
        if !matches!(importer.resolve.types[ty].kind, TypeDefKind::Resource) {
            continue;
        }
        let found = given
            .types
            .get(name)
            .is_some_and(|&ty| matches!(provider.resolve.types[ty].kind, TypeDefKind::Resource));
        if !found {
            refusals.push(Refusal {
                kind: RefusalKind::MissingResource,
                item: format!("{}.{name}", import.base),
                message: format!(
                    "{}.{name}: {} imports resource `{name}`, but {} exports no resource `{name}` in {}",
                    import.base, importer.name, provider.name, export.name
                ),
                plug: None,
            });
        }
    }
    for (name, function) in &wanted.functions {
        let item = format!("{}.{name}", import.base);
        let want = signature_of(&importer.resolve, function);
        match given.functions.get(name) {
            None => refusals.push(Refusal {
                kind: RefusalKind::MissingFunction,
                item: item.clone(),
                message: format!(
                    "{item}: {} imports {}, but {} exports no `{name}` in {}",
                    importer.name, want.signature, provider.name, export.name
                ),
                plug: None,
            }),
            Some(function) => {
                let have = signature_of(&provider.resolve, function);
                if have.structural != want.structural {
                    let (want_text, have_text) = if want.signature == have.signature {
                        // Same names, different shapes: show the shapes.
                        (want.structural, have.structural)
                    } else {
                        (want.signature, have.signature)
                    };
                    refusals.push(Refusal {
                        kind: RefusalKind::SignatureDiffers,
                        item: item.clone(),
                        message: format!(
                            "{item}: {} imports {want_text}, {} exports {have_text}",
                            importer.name, provider.name
                        ),
                        plug: None,
                    });
                }
            }
        }
    }
}

/// Plugs `consumer`'s imports with `plugs` (see the module docs). Nothing is
/// encoded unless every plug fits.
pub fn compose(
    consumer: &ComposeInput<'_>,
    plugs: &[ComposeInput<'_>],
) -> Result<Composition, Refused> {
    let plan = plan(consumer, plugs)?;
    let bytes = plan.encode(consumer, plugs)?;
    Ok(Composition {
        bytes,
        links: plan.links(),
        open_imports: plan.open_imports(),
    })
}

/// One satisfied import: components are numbered as given, 0 the consumer
/// and `1..` the plugs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    pub importer: usize,
    /// The interface as the importer names it.
    pub import: String,
    pub provider: usize,
    /// The interface as the provider names it.
    pub export: String,
    /// Whether the interface declares resource types (handles then cross
    /// the boundary).
    pub has_resources: bool,
}

/// Which plug satisfies which import, checked to fit, not yet encoded.
pub struct Plan {
    decoded: Vec<Decoded>,
    /// Components that take part (the consumer and the plugs it reaches).
    used: BTreeSet<usize>,
    pub edges: Vec<Edge>,
}

impl Plan {
    /// Every satisfied import, by component name.
    pub fn links(&self) -> Vec<Link> {
        self.edges
            .iter()
            .map(|edge| Link {
                importer: self.decoded[edge.importer].name.clone(),
                import: edge.import.clone(),
                provider: self.decoded[edge.provider].name.clone(),
                export: edge.export.clone(),
            })
            .collect()
    }

    /// Interfaces no plug satisfies, of every component that takes part.
    pub fn open_imports(&self) -> Vec<String> {
        let satisfied: BTreeSet<(usize, &str)> = self
            .edges
            .iter()
            .map(|edge| (edge.importer, edge.import.as_str()))
            .collect();
        let mut open = BTreeSet::new();
        for &index in &self.used {
            for import in &self.decoded[index].imports {
                if !satisfied.contains(&(index, import.name.as_str())) {
                    open.insert(import.name.clone());
                }
            }
        }
        open.into_iter().collect()
    }

    /// The plugs that take part, providers before the components that import
    /// from them (numbered as given: `1..`).
    pub fn instantiation_order(&self) -> Vec<usize> {
        let mut order = Vec::new();
        let mut done = BTreeSet::new();
        fn visit(node: usize, edges: &[Edge], done: &mut BTreeSet<usize>, order: &mut Vec<usize>) {
            if !done.insert(node) {
                return;
            }
            for edge in edges.iter().filter(|edge| edge.importer == node) {
                visit(edge.provider, edges, done, order);
            }
            order.push(node);
        }
        visit(0, &self.edges, &mut done, &mut order);
        order.retain(|&node| node != 0);
        order
    }

    /// Encodes the composition (validated).
    pub fn encode(
        &self,
        consumer: &ComposeInput<'_>,
        plugs: &[ComposeInput<'_>],
    ) -> Result<Vec<u8>, Refused> {
        encode(&self.decoded, consumer, plugs, &self.used, &self.edges).map_err(|message| {
            Refused(vec![Refusal {
                kind: RefusalKind::Encoding,
                item: consumer.name.clone(),
                message: format!("cannot encode the composition: {message}"),
                plug: None,
            }])
        })
    }
}

/// Matches and checks (see the module docs) without encoding.
pub fn plan(consumer: &ComposeInput<'_>, plugs: &[ComposeInput<'_>]) -> Result<Plan, Refused> {
    let mut refusals = Vec::new();
    let mut decoded = Vec::new();
    for (index, input) in std::iter::once(consumer).chain(plugs).enumerate() {
        match decode(input) {
            Ok(component) => decoded.push(Some(component)),
            Err(mut refusal) => {
                refusal.plug = index.checked_sub(1);
                refusals.push(refusal);
                decoded.push(None);
            }
        }
    }
    if !refusals.is_empty() {
        return Err(Refused(refusals));
    }
    let decoded: Vec<Decoded> = decoded.into_iter().flatten().collect();

    // Match imports to exports, breadth first from the consumer.
    // edges: (importer, import name) -> (provider, export name)
    let mut edges: Vec<Edge> = Vec::new();
    let mut used = BTreeSet::from([0usize]);
    // Plugs that were matched to some import, fitting or not.
    let mut matched = BTreeSet::new();
    let mut queue = vec![0usize];
    let mut next = 0;
    while next < queue.len() {
        let importer = queue[next];
        next += 1;
        for import in &decoded[importer].imports {
            let candidates: Vec<(usize, &Interface)> = decoded
                .iter()
                .enumerate()
                .skip(1)
                .filter(|(index, _)| *index != importer)
                .flat_map(|(index, plug)| {
                    plug.exports
                        .iter()
                        .filter(|export| export.base == import.base)
                        .map(move |export| (index, export))
                })
                .collect();
            if candidates.is_empty() {
                continue;
            }
            matched.extend(candidates.iter().map(|(index, _)| *index));
            let fitting = candidates.iter().find(|(_, export)| {
                versions_compatible(import.version.as_ref(), export.version.as_ref())
            });
            let Some(&(provider, export)) = fitting else {
                let offered: Vec<String> = candidates
                    .iter()
                    .map(|(index, export)| {
                        format!(
                            "{} exports {}",
                            decoded[*index].name,
                            show_version(export.version.as_ref())
                        )
                    })
                    .collect();
                refusals.push(Refusal {
                    kind: RefusalKind::IncompatibleVersion,
                    item: import.name.clone(),
                    message: format!(
                        "{}: {} imports {}, which semver does not let {} satisfy",
                        import.base,
                        decoded[importer].name,
                        show_version(import.version.as_ref()),
                        offered.join(", ")
                    ),
                    plug: candidates
                        .first()
                        .and_then(|(index, _)| index.checked_sub(1)),
                });
                continue;
            };
            let before = refusals.len();
            check_fit(
                &decoded[importer],
                import,
                &decoded[provider],
                export,
                &mut refusals,
            );
            if refusals.len() > before {
                for refusal in &mut refusals[before..] {
                    refusal.plug = provider.checked_sub(1);
                }
                continue;
            }
            let wanted = &decoded[importer].resolve;
            let has_resources = wanted.interfaces[import.id]
                .types
                .values()
                .any(|&ty| is_resource(wanted, ty));
            edges.push(Edge {
                importer,
                import: import.name.clone(),
                provider,
                export: export.name.clone(),
                has_resources,
            });
            if used.insert(provider) {
                queue.push(provider);
            }
        }
    }
    for (index, plug) in decoded.iter().enumerate().skip(1) {
        if matched.contains(&index) {
            continue;
        }
        let exported: Vec<&str> = plug
            .exports
            .iter()
            .map(|export| export.name.as_str())
            .collect();
        refusals.push(Refusal {
            kind: RefusalKind::UnusedPlug,
            item: plug.name.clone(),
            message: if exported.is_empty() {
                format!("{}: plugs nothing: it exports no interface", plug.name)
            } else {
                format!(
                    "{}: plugs nothing: it exports {}, and no component of the composition imports {}",
                    plug.name,
                    exported.join(", "),
                    if exported.len() == 1 {
                        "it"
                    } else {
                        "any of them"
                    }
                )
            },
            plug: index.checked_sub(1),
        });
    }
    if let Some(cycle) = find_cycle(decoded.len(), &edges) {
        let names: Vec<&str> = cycle
            .iter()
            .map(|&index| decoded[index].name.as_str())
            .collect();
        refusals.push(Refusal {
            kind: RefusalKind::Cycle,
            item: names.join(" -> "),
            message: format!(
                "the plugs import each other in a circle: {} (each imports what the next exports)",
                names.join(" -> ")
            ),
            plug: cycle.iter().find_map(|index| index.checked_sub(1)),
        });
    }
    if !refusals.is_empty() {
        return Err(Refused(refusals));
    }

    Ok(Plan {
        decoded,
        used,
        edges,
    })
}

/// Whether `ty` is a resource, directly or through `use` aliases.
fn is_resource(resolve: &Resolve, mut ty: wit_parser::TypeId) -> bool {
    loop {
        match &resolve.types[ty].kind {
            TypeDefKind::Resource => return true,
            TypeDefKind::Type(wit_parser::Type::Id(next)) => ty = *next,
            _ => return false,
        }
    }
}

/// A circle of components each importing from the next, if there is one.
fn find_cycle(count: usize, edges: &[Edge]) -> Option<Vec<usize>> {
    let mut graph: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for edge in edges {
        graph
            .entry(edge.importer)
            .or_default()
            .insert(edge.provider);
    }
    // 0: unvisited, 1: on the path, 2: done.
    let mut state = vec![0u8; count];
    let mut path = Vec::new();
    fn visit(
        node: usize,
        graph: &BTreeMap<usize, BTreeSet<usize>>,
        state: &mut [u8],
        path: &mut Vec<usize>,
    ) -> Option<Vec<usize>> {
        state[node] = 1;
        path.push(node);
        for &next in graph.get(&node).into_iter().flatten() {
            if state[next] == 1 {
                let start = path.iter().position(|&n| n == next).unwrap_or(0);
                let mut cycle = path[start..].to_vec();
                cycle.push(next);
                return Some(cycle);
            }
            if state[next] == 0
                && let Some(cycle) = visit(next, graph, state, path)
            {
                return Some(cycle);
            }
        }
        path.pop();
        state[node] = 2;
        None
    }
    (0..count).find_map(|node| {
        if state[node] == 0 {
            visit(node, &graph, &mut state, &mut path)
        } else {
            None
        }
    })
}

fn encode(
    decoded: &[Decoded],
    consumer: &ComposeInput<'_>,
    plugs: &[ComposeInput<'_>],
    used: &BTreeSet<usize>,
    edges: &[Edge],
) -> Result<Vec<u8>, String> {
    use wasm_compose::graph::{Component, CompositionGraph, EncodeOptions};

    let inputs: Vec<&ComposeInput<'_>> = std::iter::once(consumer).chain(plugs).collect();
    let mut graph = CompositionGraph::new();
    let mut validator = wasmparser::Validator::new();
    let mut instances = BTreeMap::new();
    for &index in used {
        let label = if index == 0 {
            "consumer".to_string()
        } else {
            format!("plug{index}")
        };
        let component = Component::from_bytes(&mut validator, label, inputs[index].bytes.to_vec())
            .map_err(|error| format!("{}: {error:#}", decoded[index].name))?;
        let id = graph
            .add_component(component)
            .map_err(|error| format!("{}: {error:#}", decoded[index].name))?;
        let instance = graph
            .instantiate(id)
            .map_err(|error| format!("{}: {error:#}", decoded[index].name))?;
        instances.insert(index, (id, instance));
    }
    for Edge {
        importer,
        import,
        provider,
        export,
        ..
    } in edges
    {
        let (importer_id, importer_instance) = instances[importer];
        let (provider_id, provider_instance) = instances[provider];
        let import_index = graph
            .get_component(importer_id)
            .and_then(|component| component.import_by_name(import))
            .map(|(index, _)| index)
            .ok_or_else(|| format!("{} has no import `{import}`", decoded[*importer].name))?;
        let export_index = graph
            .get_component(provider_id)
            .and_then(|component| component.export_by_name(export))
            .map(|(index, ..)| index)
            .ok_or_else(|| format!("{} has no export `{export}`", decoded[*provider].name))?;
        graph
            .connect(
                provider_instance,
                Some(export_index),
                importer_instance,
                import_index,
            )
            .map_err(|error| {
                format!(
                    "{} `{import}` from {}: {error:#}",
                    decoded[*importer].name, decoded[*provider].name
                )
            })?;
    }
    graph
        .encode(EncodeOptions {
            define_components: true,
            export: Some(instances[&0].1),
            validate: true,
        })
        .map_err(|error| format!("{error:#}"))
}

/// Writes `bytes` to `path` through a temporary file in the same directory,
/// so a failed write never leaves a partial component behind.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .ok_or_else(|| format!("`{}` is not a file path", path.display()))?;
    let temporary = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = std::fs::write(&temporary, bytes)
        .and_then(|()| std::fs::rename(&temporary, path))
        .map_err(|error| format!("cannot write `{}`: {error}", path.display()));
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}
