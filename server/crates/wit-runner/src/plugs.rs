//! Running a consumer with plugs: provider components whose exports satisfy
//! its imports (see [`crate::compose`] for the matching and its checks).
//!
//! When no resource type crosses a plug boundary, the providers are
//! instantiated beside the consumer in the consumer's own store (so one
//! sandbox, deadline, memory limiter and output capture cover every
//! instance), and each plugged import is a host function that forwards the
//! call to the provider's export and records it in the import-call log. When
//! resource handles would cross a boundary, the components are composed into
//! one component instead and that is run; calls between them are then not
//! in the log.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::component::LoadedComponent;
use crate::compose::{ComposeInput, Edge, Link, Refused, plan};
use crate::types::{ForwardTarget, Forwards};

/// Why plugs could not be prepared.
#[derive(Debug, thiserror::Error)]
pub enum PlugError {
    /// A plug does not fit (the same refusals as `wit-lsp compose`).
    #[error("{0}")]
    Refused(Refused),
    /// A plug or the composition could not be loaded.
    #[error("{0}")]
    Load(String),
}

#[derive(Debug)]
pub(crate) enum PlugMode {
    /// Providers instantiated in the consumer's store, in `order`.
    Linked {
        order: Vec<usize>,
        /// Plugged imports of each component (index 0: the consumer).
        forwards: Vec<Forwards>,
    },
    /// The composition, loaded.
    Composed(Arc<LoadedComponent>),
}

/// Plugs prepared for one consumer component.
#[derive(Debug)]
pub struct Plugs {
    pub(crate) consumer_hash: String,
    /// Plan index `i` is `providers[i - 1]`.
    pub(crate) providers: Vec<Arc<LoadedComponent>>,
    pub(crate) names: Vec<String>,
    pub(crate) mode: PlugMode,
    links: Vec<Link>,
    open_imports: Vec<String>,
}

impl Plugs {
    /// Checks that `providers` fit `consumer` and prepares the run; `load` compiles the
    /// composition when resources cross a boundary (see [`crate::Runner::plugs`]).
    pub(crate) fn new(
        consumer_name: &str,
        consumer: &Arc<LoadedComponent>,
        providers: Vec<(String, Arc<LoadedComponent>)>,
        load: &dyn Fn(Vec<u8>) -> Result<Arc<LoadedComponent>, String>,
    ) -> Result<Self, PlugError> {
        let consumer_input = ComposeInput {
            name: consumer_name.to_string(),
            bytes: &consumer.bytes,
        };
        let plug_inputs: Vec<ComposeInput<'_>> = providers
            .iter()
            .map(|(name, component)| ComposeInput {
                name: name.clone(),
                bytes: &component.bytes,
            })
            .collect();
        let plan = plan(&consumer_input, &plug_inputs).map_err(PlugError::Refused)?;
        let mut names = vec![consumer_name.to_string()];
        names.extend(providers.iter().map(|(name, _)| name.clone()));
        let providers: Vec<Arc<LoadedComponent>> = providers
            .iter()
            .map(|(_, component)| component.clone())
            .collect();
        let mode = if plan.edges.iter().any(|edge| edge.has_resources) {
            let bytes = plan
                .encode(&consumer_input, &plug_inputs)
                .map_err(PlugError::Refused)?;
            PlugMode::Composed(load(bytes).map_err(PlugError::Load)?)
        } else {
            let mut forwards = vec![Forwards::new(); names.len()];
            for edge in &plan.edges {
                let target = forward_target(&providers[edge.provider - 1], edge, &names)
                    .map_err(PlugError::Load)?;
                forwards[edge.importer].insert(edge.import.clone(), Arc::new(target));
            }
            PlugMode::Linked {
                order: plan.instantiation_order(),
                forwards,
            }
        };
        Ok(Self {
            consumer_hash: consumer.content_hash.clone(),
            providers,
            names,
            mode,
            links: plan.links(),
            open_imports: plan.open_imports(),
        })
    }

    /// Every import a plug satisfies.
    pub fn links(&self) -> &[Link] {
        &self.links
    }

    /// Interfaces no plug satisfies (WASI, say): linked by the sandbox, mocked, or trapping.
    pub fn open_imports(&self) -> &[String] {
        &self.open_imports
    }

    /// Whether the run uses the composed component (resource handles cross a
    /// plug boundary), so calls between the components are not logged.
    pub fn composed(&self) -> bool {
        matches!(self.mode, PlugMode::Composed(_))
    }
}

fn forward_target(
    provider: &LoadedComponent,
    edge: &Edge,
    names: &[String],
) -> Result<ForwardTarget, String> {
    let missing = || format!("{} does not export {}", names[edge.provider], edge.export);
    let interface = provider
        .component
        .get_export_index(None, &edge.export)
        .ok_or_else(missing)?;
    let functions = provider
        .raw_exports()
        .iter()
        .filter(|function| function.interface.as_deref() == Some(edge.export.as_str()))
        .filter_map(|function| {
            provider
                .component
                .get_export_index(Some(&interface), &function.function)
                .map(|index| (function.function.clone(), index))
        })
        .collect();
    Ok(ForwardTarget {
        provider: edge.provider,
        provider_name: names[edge.provider].clone(),
        functions,
    })
}

/// Checks a component file's plugs from their files as `wit-lsp compose`
/// would, without compiling anything (for an editor's diagnostics). Names
/// are the files' names.
pub fn check_plug_files(component: &Path, plugs: &[PathBuf]) -> Result<(), Refused> {
    let read = |path: &Path| {
        std::fs::read(path).map_err(|error| {
            Refused(vec![crate::compose::Refusal {
                kind: crate::compose::RefusalKind::NotAComponent,
                item: path.display().to_string(),
                message: format!("cannot read `{}`: {error}", path.display()),
                plug: plugs.iter().position(|plug| plug == path),
            }])
        })
    };
    let name = |path: &Path| {
        path.file_name().map_or_else(
            || path.display().to_string(),
            |name| name.to_string_lossy().into_owned(),
        )
    };
    let consumer_bytes = read(component)?;
    let plug_bytes = plugs
        .iter()
        .map(|path| read(path))
        .collect::<Result<Vec<_>, _>>()?;
    let consumer = ComposeInput {
        name: name(component),
        bytes: &consumer_bytes,
    };
    let inputs: Vec<ComposeInput<'_>> = plugs
        .iter()
        .zip(&plug_bytes)
        .map(|(path, bytes)| ComposeInput {
            name: name(path),
            bytes,
        })
        .collect();
    plan(&consumer, &inputs).map(|_| ())
}

/// A problem with a plug configured in `wit-lsp.toml`: where its entry is written, how bad
/// it is, and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlugProblem {
    /// The byte range of the plug's entry in the project file.
    pub range: std::ops::Range<usize>,
    /// An error (the plug does not fit), else a warning (its file is missing).
    pub error: bool,
    pub message: String,
}

/// What checking one component against its plugs found: each refusal's plug (index among
/// the plugs checked) and message.
pub type PlugRefusals = Vec<(Option<usize>, String)>;

/// Checks with [`check_plug_files`], in the shape [`plug_problems`] takes.
pub fn refusals_of(component: &Path, plugs: &[PathBuf]) -> PlugRefusals {
    match check_plug_files(component, plugs) {
        Ok(()) => Vec::new(),
        Err(refused) => refused
            .0
            .into_iter()
            .map(|refusal| (refusal.plug, refusal.message))
            .collect(),
    }
}

/// The problems of the `plugs` of every `[[component]]` entry of a project file: a plug
/// file that does not exist and has no `build` (a warning), and every way a plug does not
/// fit its component, as `wit-lsp compose` says it. An entry is checked (by `check`, given
/// the component and the plug files; [`refusals_of`], or a caching wrapper of it) once its
/// component and all its plugs exist.
pub fn plug_problems(
    config: &wit_project::config::ProjectConfig,
    check: &mut dyn FnMut(&Path, &[PathBuf]) -> PlugRefusals,
) -> Vec<PlugProblem> {
    let mut problems = Vec::new();
    for entry in &config.components {
        if entry.plugs.is_empty() {
            continue;
        }
        let mut present = Vec::new();
        for plug in &entry.plugs {
            if plug.path.is_file() {
                present.push(plug);
            } else if plug.build.is_none() {
                problems.push(PlugProblem {
                    range: plug.range.clone(),
                    error: false,
                    message: format!(
                        "plug `{}` does not exist (build it, or give it a `build` command)",
                        plug.path.display()
                    ),
                });
            }
        }
        if !entry.path.is_file() || present.len() != entry.plugs.len() {
            continue;
        }
        let paths: Vec<PathBuf> = present.iter().map(|plug| plug.path.clone()).collect();
        for (plug, message) in check(&entry.path, &paths) {
            let range = plug
                .and_then(|index| present.get(index))
                .map_or_else(|| entry.plugs[0].range.clone(), |plug| plug.range.clone());
            problems.push(PlugProblem {
                range,
                error: true,
                message,
            });
        }
    }
    problems
}
