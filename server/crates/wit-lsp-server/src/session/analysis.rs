//! Scheduling package analyses off the protocol task and publishing their diagnostics.
//!
//! Each change bumps the package's generation and spawns a task. The task snapshots the open
//! documents, analyses on a background thread at a lower priority than requests (skipping
//! the work if a newer generation is already queued), and publishes only if nothing newer was published meanwhile, so stale
//! results never overwrite fresh ones. Each published file carries the document version the
//! diagnostics were computed for.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tower_lsp_server::ls_types::{self as lsp, NumberOrString, Uri};
use wit_analysis::{LineIndexes, Severity, check_package};
use wit_project::{PackageRoot, load_package};

use crate::convert;
use crate::protocol::{BindingsChanged, BindingsChangedParams};
use crate::reader::OverlayReader;
use crate::session::Session;

/// The result of one analysis, converted to protocol types.
struct Published {
    generation: u64,
    by_uri: HashMap<Uri, Vec<lsp::Diagnostic>>,
    /// The version of each open document the analysis read.
    versions: HashMap<Uri, i32>,
    /// Open documents of this package: they get a publish (possibly empty) every time, so
    /// the editor knows which version is clean.
    open_in_package: Vec<Uri>,
    /// The resolved package, when it resolved without errors.
    resolved: Option<std::sync::Arc<wit_analysis::ResolvedPackage>>,
    /// What it was resolved from: every file's path and text, and the features.
    inputs: crate::session::state::ResolveInputs,
    has_errors: bool,
}

impl Session {
    /// Queues an analysis of `root` with the current documents.
    /// A package with an open document is analysed before the ones nobody is looking at.
    pub(crate) fn schedule_analysis(self: &Arc<Self>, root: PackageRoot) {
        let (generation, urgency) = {
            let mut state = self.state();
            if state.shutting_down {
                return;
            }
            let open = state.documents.keys().any(|path| match root.kind {
                wit_analysis::PackageKind::Directory => path.starts_with(&root.path),
                _ => *path == root.path,
            });
            let entry = state.packages.entry(root.clone()).or_default();
            entry.scheduled_generation += 1;
            let urgency = if open {
                crate::background::Urgency::Urgent
            } else {
                crate::background::Urgency::Background
            };
            (entry.scheduled_generation, urgency)
        };
        let session = self.clone();
        tokio::spawn(async move {
            session.analyze_and_publish(root, generation, urgency).await;
        });
    }

    async fn analyze_and_publish(
        self: &Arc<Self>,
        root: PackageRoot,
        generation: u64,
        urgency: crate::background::Urgency,
    ) {
        let session = self.clone();
        let task_root = root.clone();
        let result = crate::background::run(urgency, move || {
            session.analyze_blocking(&task_root, generation)
        })
        .await;
        let published = match result {
            Some(Some(published)) => published,
            Some(None) => return,
            None => {
                tracing::error!("analysis of {} failed", root.path.display());
                return;
            }
        };
        // Only one publisher at a time, so the order messages leave in is the order of the
        // generation checks below.
        let _publishing = self.publish_lock.lock().await;
        let mut warm_up = None;
        let messages = {
            let mut state = self.state();
            let warm_up_enabled = state.settings.bindings.warm_up();
            let Some(entry) = state.packages.get_mut(&root) else {
                return;
            };
            if published.generation <= entry.published_generation {
                return;
            }
            entry.published_generation = published.generation;
            entry.has_errors = published.has_errors;
            if let Some(resolved) = &published.resolved {
                // The same inputs resolve to the same package: the one already kept stays,
                // so previews generated from it (the warm-up's among them) still apply.
                if entry.last_clean.is_none() || entry.last_clean_inputs != published.inputs {
                    entry.last_clean = Some(resolved.clone());
                    entry.last_clean_inputs = published.inputs.clone();
                }
                // Once per package, when the user has it open: the first preview is then as
                // quick as the ones after edits.
                if warm_up_enabled
                    && !entry.previews_warmed
                    && !published.open_in_package.is_empty()
                {
                    entry.previews_warmed = true;
                    warm_up = entry.last_clean.clone();
                }
            }
            let previous = std::mem::take(&mut entry.published_uris);
            entry.published_uris = published.by_uri.keys().cloned().collect();
            let mut touched: Vec<Uri> = previous.union(&entry.published_uris).cloned().collect();
            for uri in &published.open_in_package {
                if !touched.contains(uri) {
                    touched.push(uri.clone());
                }
            }
            touched.sort_by(|a, b| a.as_str().cmp(b.as_str()));
            let mut messages = Vec::new();
            for uri in touched {
                let per_package = state.published.entry(uri.clone()).or_default();
                let unchanged = published.by_uri.get(&uri) == per_package.get(&root);
                // A file whose diagnostics this analysis did not change is not sent again
                // (open files of the package are: their version moved on).
                if unchanged && !published.open_in_package.contains(&uri) {
                    if per_package.is_empty() {
                        state.published.remove(&uri);
                    }
                    continue;
                }
                match published.by_uri.get(&uri) {
                    Some(diagnostics) => {
                        per_package.insert(root.clone(), diagnostics.clone());
                    }
                    None => {
                        per_package.remove(&root);
                    }
                }
                let mut packages: Vec<_> = per_package.iter().collect();
                packages.sort_by(|a, b| a.0.cmp(b.0));
                let all = merge_diagnostics(packages.into_iter().map(|(_, list)| list));
                if per_package.is_empty() {
                    state.published.remove(&uri);
                }
                let version = published.versions.get(&uri).copied();
                messages.push((uri, all, version));
            }
            messages
        };
        // Queued before publishing, so a client that sees these diagnostics also sees the
        // warm-up in `wit/bindingsCacheStatus`.
        if let Some(resolved) = warm_up {
            self.warm_up_previews(resolved);
        }
        for (uri, diagnostics, version) in messages {
            self.publish_diagnostics(uri, diagnostics, version).await;
        }
        if !published.open_in_package.is_empty() {
            self.client
                .send_notification::<BindingsChanged>(BindingsChangedParams {
                    uris: published.open_in_package.clone(),
                    stale: published.has_errors,
                })
                .await;
        }
    }

    /// True when a newer analysis of `root` than `generation` has been scheduled.
    fn is_superseded(&self, root: &PackageRoot, generation: u64) -> bool {
        self.state()
            .packages
            .get(root)
            .is_none_or(|entry| entry.scheduled_generation != generation)
    }

    /// Runs on a blocking thread. Returns `None` when a newer analysis is already queued.
    fn analyze_blocking(&self, root: &PackageRoot, generation: u64) -> Option<Published> {
        let (cache, syntax) = {
            let state = self.state();
            let entry = state.packages.get(root)?;
            (entry.cache.clone(), entry.syntax.clone())
        };
        // Holding the package's cache serialises analyses of one package.
        let mut cache = crate::locks::lock(&cache);
        let (overlay, uris, versions, features, disk, encoding, baseline_setting) = {
            let mut state = self.state();
            if state.packages.get(root)?.scheduled_generation != generation {
                return None;
            }
            let mut overlay = HashMap::new();
            let mut uris = HashMap::new();
            let mut versions = HashMap::new();
            for (path, open) in state.documents.iter_mut() {
                overlay.insert(path.clone(), open.document.text());
                uris.insert(path.clone(), open.uri.clone());
                versions.insert(open.uri.clone(), open.document.version());
            }
            (
                overlay,
                uris,
                versions,
                state.settings.features.clone(),
                state.disk.clone(),
                state.encoding,
                state.settings.baseline.clone(),
            )
        };
        let reader = OverlayReader {
            overlay: &overlay,
            disk: &disk,
        };
        let sources = load_package(&reader, root);
        let inputs = crate::session::state::ResolveInputs::of(&sources, &features);
        // A newer edit arriving meanwhile stops the check before its lint pass: its own
        // analysis publishes instead, and this stale text does not take the syntax cache
        // (and its lock) from the requests, which work on the newest text.
        let mut analysis = check_package(&sources, &features, &mut cache, &syntax, &|| {
            self.is_superseded(root, generation)
        })?;
        drop(cache);
        // Breaking changes against the baseline, when one is set.
        let mut bump_to = None;
        if let Some(setting) = &baseline_setting
            && let Some(resolved) = &analysis.resolved
        {
            let report = match &*self.baseline_for(root, setting, &features) {
                Ok(baseline) => wit_project::baseline::baseline_check(baseline, &sources, resolved),
                Err(message) => wit_project::baseline::BaselineReport {
                    diagnostics: vec![baseline_problem(&sources, message.clone())],
                    bump_to: None,
                },
            };
            bump_to = report.bump_to;
            analysis.diagnostics.extend(report.diagnostics);
        }
        // The project file is part of the package's configuration: a broken one is shown
        // on the file itself.
        let mut config_texts: HashMap<PathBuf, std::sync::Arc<str>> = HashMap::new();
        let runs = &self.runs;
        let mut check_plugs =
            |component: &Path, plugs: &[PathBuf]| runs.cached_refusals(component, plugs);
        if let Some((file, diagnostics, text)) =
            crate::project_file::project_file_problems(&reader, root, &mut check_plugs)
        {
            config_texts.insert(file, text);
            analysis.diagnostics.extend(diagnostics);
        }
        let has_errors = analysis
            .diagnostics
            .iter()
            .any(|diagnostic| diagnostic.severity == Severity::Error);
        let resolved = analysis.resolved.map(std::sync::Arc::new);

        let uri_of = |path: &Path| -> Option<Uri> {
            uris.get(path)
                .cloned()
                .or_else(|| convert::path_to_uri(path))
        };
        let mut indexes = LineIndexes::default();
        let mut index_of = |path: &Path| {
            indexes.get(path, || {
                config_texts
                    .get(path)
                    .cloned()
                    .unwrap_or_else(|| sources.text_for_positions(path))
            })
        };
        let mut by_uri: HashMap<Uri, Vec<lsp::Diagnostic>> = HashMap::new();
        for diagnostic in analysis.diagnostics {
            let Some(uri) = uri_of(&diagnostic.path) else {
                tracing::warn!("no URI for {}", diagnostic.path.display());
                continue;
            };
            let index = index_of(&diagnostic.path);
            let related: Vec<lsp::DiagnosticRelatedInformation> = diagnostic
                .related
                .iter()
                .filter_map(|related| {
                    let related_index = index_of(&related.path);
                    Some(lsp::DiagnosticRelatedInformation {
                        location: lsp::Location::new(
                            uri_of(&related.path)?,
                            convert::range(&related_index, &related.range, encoding),
                        ),
                        message: related.message.clone(),
                    })
                })
                .collect();
            by_uri.entry(uri).or_default().push(lsp::Diagnostic {
                range: convert::range(&index, &diagnostic.range, encoding),
                severity: Some(severity(diagnostic.severity)),
                code: Some(NumberOrString::String(diagnostic.code.as_str().to_string())),
                code_description: None,
                source: Some("wit".to_string()),
                message: diagnostic.message,
                related_information: (!related.is_empty()).then_some(related),
                tags: diagnostic_tags(diagnostic.code),
                // What the "bump the package version" quick fix needs.
                data: match (&bump_to, diagnostic.code, diagnostic.severity) {
                    (Some(to), wit_analysis::DiagnosticCode::BreakingChange, Severity::Error) => {
                        Some(serde_json::json!({ "bumpTo": to }))
                    }
                    _ => None,
                },
            });
        }
        let open_in_package = sources
            .all_files()
            .filter_map(|file| uris.get(&file.path).cloned())
            .collect();
        Some(Published {
            generation,
            by_uri,
            versions,
            open_in_package,
            resolved,
            inputs,
            has_errors,
        })
    }
}

/// A baseline that cannot be read, shown on the package's `package` line.
fn baseline_problem(
    sources: &wit_analysis::PackageSources,
    message: String,
) -> wit_analysis::Diagnostic {
    let (path, range) = match wit_analysis::breaking::package_declaration(sources) {
        Some(declaration) => (declaration.path, declaration.name_range),
        None => (
            sources
                .files
                .first()
                .map(|file| file.path.clone())
                .unwrap_or_else(|| sources.root.clone()),
            0..0,
        ),
    };
    wit_analysis::Diagnostic {
        path,
        range,
        severity: Severity::Warning,
        code: wit_analysis::DiagnosticCode::Baseline,
        message,
        related: Vec::new(),
    }
}

impl Session {
    /// The baseline of `root` for the `baseline` setting, read again only when the setting
    /// or (for `git:REV`) the commit the revision names changed.
    fn baseline_for(
        &self,
        root: &PackageRoot,
        setting: &str,
        features: &wit_analysis::Features,
    ) -> Arc<Result<wit_project::baseline::Baseline, String>> {
        use wit_project::baseline::{BaselineSpec, load_baseline, resolve_git_revision};
        let spec = match BaselineSpec::parse(setting) {
            Ok(spec) => spec,
            Err(message) => return Arc::new(Err(format!("the `baseline` setting: {message}"))),
        };
        // A relative path is taken from the first workspace folder.
        let spec = match spec {
            BaselineSpec::Path(path) if path.is_relative() => {
                let base = self.state().workspace_roots.first().cloned();
                BaselineSpec::Path(base.map(|b| b.join(&path)).unwrap_or(path))
            }
            spec => spec,
        };
        let commit = match &spec {
            BaselineSpec::Git(rev) => match resolve_git_revision(&root.path, rev) {
                Ok(commit) => Some(commit),
                Err(message) => return Arc::new(Err(message)),
            },
            BaselineSpec::Path(_) => None,
        };
        let cached = {
            let state = self.state();
            state.packages.get(root).and_then(|entry| {
                entry
                    .baseline
                    .as_ref()
                    .filter(|c| c.setting == setting && c.commit == commit)
                    .map(|c| c.baseline.clone())
            })
        };
        match cached {
            Some(baseline) => baseline,
            None => {
                let loaded = Arc::new(load_baseline(
                    &spec,
                    &root.path,
                    features,
                    &mut wit_analysis::AnalysisCache::default(),
                ));
                if let Some(entry) = self.state().packages.get_mut(root) {
                    entry.baseline = Some(crate::session::state::CachedBaseline {
                        setting: setting.to_string(),
                        commit,
                        baseline: loaded.clone(),
                    });
                }
                loaded
            }
        }
    }
}

/// The diagnostics several packages publish for one file, each once, in package order.
/// `lsp::Diagnostic` has no `Hash`: candidates are found by range and message, then
/// compared whole, so merging is linear however many diagnostics a file has.
fn merge_diagnostics<'a>(
    lists: impl Iterator<Item = &'a Vec<lsp::Diagnostic>>,
) -> Vec<lsp::Diagnostic> {
    let mut all: Vec<lsp::Diagnostic> = Vec::new();
    let mut by_key: HashMap<(lsp::Range, &'a str), Vec<usize>> = HashMap::new();
    for diagnostic in lists.flatten() {
        let same = by_key
            .entry((diagnostic.range, diagnostic.message.as_str()))
            .or_default();
        if !same.iter().any(|&i| all[i] == *diagnostic) {
            same.push(all.len());
            all.push(diagnostic.clone());
        }
    }
    all
}

fn severity(severity: Severity) -> lsp::DiagnosticSeverity {
    match severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Information => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    }
}

/// The LSP tags of a diagnostic code.
fn diagnostic_tags(code: wit_analysis::DiagnosticCode) -> Option<Vec<lsp::DiagnosticTag>> {
    let tags: Vec<lsp::DiagnosticTag> = code
        .tags()
        .iter()
        .map(|tag| match tag {
            wit_analysis::DiagnosticTag::Unnecessary => lsp::DiagnosticTag::UNNECESSARY,
            wit_analysis::DiagnosticTag::Deprecated => lsp::DiagnosticTag::DEPRECATED,
        })
        .collect();
    (!tags.is_empty()).then_some(tags)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnostic(line: u32, message: &str, severity: lsp::DiagnosticSeverity) -> lsp::Diagnostic {
        lsp::Diagnostic {
            range: lsp::Range::new(lsp::Position::new(line, 0), lsp::Position::new(line, 3)),
            severity: Some(severity),
            message: message.to_string(),
            ..lsp::Diagnostic::default()
        }
    }

    #[test]
    fn merged_diagnostics_keep_each_once_in_package_order() {
        use lsp::DiagnosticSeverity as S;
        let first = vec![
            diagnostic(1, "a", S::ERROR),
            diagnostic(2, "b", S::ERROR),
            diagnostic(1, "a", S::ERROR),
        ];
        let second = vec![
            diagnostic(2, "b", S::ERROR),
            // Same range and message, other severity: a different diagnostic.
            diagnostic(1, "a", S::WARNING),
            diagnostic(3, "c", S::ERROR),
        ];
        let merged = merge_diagnostics([&first, &second].into_iter());
        assert_eq!(
            merged,
            vec![
                diagnostic(1, "a", S::ERROR),
                diagnostic(2, "b", S::ERROR),
                diagnostic(1, "a", S::WARNING),
                diagnostic(3, "c", S::ERROR),
            ]
        );
    }
}
