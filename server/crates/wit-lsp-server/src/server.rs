//! `impl LanguageServer`: thin delegations to the document store and the analysis scheduler.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use tower_lsp_server::jsonrpc::{self, Result};
use tower_lsp_server::ls_types::{self as lsp, Uri};
use tower_lsp_server::{Client, LanguageServer};
use wit_analysis::Features;
use wit_project::{PackageRoot, discover_packages, package_root_for_file};

use crate::convert::{self, PositionEncoding};
use crate::document::Document;
use crate::handlers::{self, definition::Goto};
use crate::reader::{DiskCache, OverlayReader};
use crate::state::{OpenDocument, State};

/// The language server. Cheap to clone: every clone shares the same state.
#[derive(Clone)]
pub struct Backend {
    pub(crate) client: Client,
    pub(crate) state: Arc<Mutex<State>>,
    pub(crate) publish_lock: Arc<tokio::sync::Mutex<()>>,
    pub(crate) run: Arc<crate::run::RunState>,
    /// Binding previews' shared formatting cache and its warm-ups.
    pub(crate) previews: Arc<crate::bindings::Previews>,
    /// Workspace searches for packages still running; workspace-wide requests wait for
    /// them so they see every package.
    pub(crate) discoveries: Arc<tokio::sync::watch::Sender<usize>>,
}

/// Settings from `initializationOptions` or `workspace/didChangeConfiguration`
/// (either bare or under a `wit-lsp` key).
#[derive(Default)]
struct Settings {
    features: Vec<String>,
    all_features: bool,
    runner: crate::state::RunnerSettings,
    format: crate::state::FormatSettings,
    bindings: crate::state::BindingsSettings,
}

impl Settings {
    /// The settings in `value`, leniently: a field of the wrong type is left at its default
    /// and described in the returned problems (`runner.timeoutMs: invalid type: ...`), and
    /// the rest still applies. `None` when `value` is not an object (no settings at all).
    fn from_value(value: &serde_json::Value) -> Option<(Settings, Vec<String>)> {
        let value = value.get("wit-lsp").unwrap_or(value);
        let object = value.as_object()?;
        let mut problems = Vec::new();
        let settings = Settings {
            features: lenient(object, "features", &mut problems),
            all_features: lenient(object, "allFeatures", &mut problems),
            runner: lenient(object, "runner", &mut problems),
            format: lenient(object, "format", &mut problems),
            bindings: lenient(object, "bindings", &mut problems),
        };
        Some((settings, problems))
    }
}

/// Reads `object[key]` as a `T`, or `T`'s default when it is missing or null. When it does
/// not fit, an object is read field by field: the fields that do not fit on their own are
/// reported and dropped, and the others are kept.
fn lenient<T: serde::de::DeserializeOwned + Default>(
    object: &serde_json::Map<String, serde_json::Value>,
    key: &str,
    problems: &mut Vec<String>,
) -> T {
    let value = match object.get(key) {
        None | Some(serde_json::Value::Null) => return T::default(),
        Some(value) => value,
    };
    let error = match serde_json::from_value::<T>(value.clone()) {
        Ok(parsed) => return parsed,
        Err(error) => error,
    };
    if let Some(fields) = value.as_object() {
        let mut kept = serde_json::Map::new();
        for (name, field) in fields {
            let alone = serde_json::Map::from_iter([(name.clone(), field.clone())]);
            match serde_json::from_value::<T>(alone.into()) {
                Ok(_) => {
                    kept.insert(name.clone(), field.clone());
                }
                Err(error) => problems.push(format!("`{key}.{name}`: {error}")),
            }
        }
        if let Ok(parsed) = serde_json::from_value::<T>(kept.into()) {
            return parsed;
        }
    }
    problems.push(format!("`{key}`: {error}"));
    T::default()
}

#[derive(Deserialize)]
pub struct DocumentTextParams {
    pub uri: Uri,
}

#[derive(Serialize)]
pub struct DocumentTextResult {
    pub text: String,
    pub version: i32,
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        Backend {
            client,
            state: Arc::new(Mutex::new(State::default())),
            publish_lock: Arc::new(tokio::sync::Mutex::new(())),
            run: Arc::default(),
            previews: Arc::default(),
            discoveries: Arc::new(tokio::sync::watch::Sender::new(0)),
        }
    }

    /// Takes `settings` into the state, and tells the user which fields were ignored.
    async fn apply_settings(&self, settings: Settings, problems: Vec<String>) {
        {
            let mut state = self.lock();
            state.features = Features {
                all: settings.all_features,
                names: settings.features,
            };
            state.runner_settings = settings.runner;
            state.format_settings = settings.format;
            state.bindings_settings = settings.bindings;
        }
        if !problems.is_empty() {
            let message = format!(
                "wit-lsp ignored invalid settings (using their defaults): {}",
                problems.join("; ")
            );
            tracing::warn!("{message}");
            self.client
                .show_message(lsp::MessageType::WARNING, message)
                .await;
        }
    }

    /// Waits (at most `limit`) until no workspace search for packages is running.
    pub(crate) async fn discovery_finished(&self, limit: std::time::Duration) {
        let mut pending = self.discoveries.subscribe();
        let finished = pending.wait_for(|running| *running == 0);
        if tokio::time::timeout(limit, finished).await.is_err() {
            tracing::warn!(
                "the workspace search for packages is still running; answering without it"
            );
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock must not take every later request down with it.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// `wit/documentText`: the server's copy of an open document, for tests and debugging.
    pub async fn document_text(&self, params: DocumentTextParams) -> Result<DocumentTextResult> {
        let path = convert::uri_to_path(&params.uri);
        let mut state = self.lock();
        match state.documents.get_mut(&path) {
            Some(open) => Ok(DocumentTextResult {
                text: open.document.text().to_string(),
                version: open.document.version(),
            }),
            None => Err(jsonrpc::Error::invalid_params(format!(
                "document {} is not open",
                params.uri.as_str()
            ))),
        }
    }

    /// The package a document belongs to: its directory package, or itself when it is not
    /// a file on disk.
    pub(crate) fn package_of(uri: &Uri, path: &Path) -> PackageRoot {
        if convert::is_file_uri(uri) {
            package_root_for_file(path)
        } else {
            PackageRoot {
                path: path.to_path_buf(),
                kind: wit_analysis::PackageKind::SingleFile,
            }
        }
    }

    /// Finds the packages in `folders` and analyses each, off the protocol task.
    fn discover_and_analyze(&self, folders: Vec<PathBuf>) {
        let backend = self.clone();
        self.discoveries.send_modify(|running| *running += 1);
        tokio::spawn(async move {
            let disk = backend.lock().disk.clone();
            let found = tokio::task::spawn_blocking(move || {
                let overlay = Default::default();
                let reader = OverlayReader {
                    overlay: &overlay,
                    disk: &disk,
                };
                let mut roots = Vec::new();
                for folder in folders {
                    match discover_packages(&reader, &folder) {
                        Ok(found) => roots.extend(found),
                        Err(error) => {
                            tracing::warn!("cannot search {}: {error}", folder.display())
                        }
                    }
                }
                roots
            })
            .await
            .unwrap_or_default();
            for root in found {
                backend.schedule_analysis(root);
            }
            backend
                .discoveries
                .send_modify(|running| *running = running.saturating_sub(1));
        });
    }

    fn reanalyze_all(&self) {
        let roots: Vec<PackageRoot> = self.lock().packages.keys().cloned().collect();
        for root in roots {
            self.schedule_analysis(root);
        }
    }

    /// Clears what a package published and forgets it.
    async fn forget_package(&self, root: &PackageRoot) {
        let _publishing = self.publish_lock.lock().await;
        let messages: Vec<(Uri, Vec<lsp::Diagnostic>)> = {
            let mut state = self.lock();
            let Some(entry) = state.packages.remove(root) else {
                return;
            };
            let mut messages = Vec::new();
            for uri in entry.published_uris {
                if let Some(per_package) = state.published.get_mut(&uri) {
                    per_package.remove(root);
                    let rest: Vec<lsp::Diagnostic> =
                        per_package.values().flatten().cloned().collect();
                    if per_package.is_empty() {
                        state.published.remove(&uri);
                    }
                    messages.push((uri, rest));
                }
            }
            messages
        };
        for (uri, diagnostics) in messages {
            self.client
                .publish_diagnostics(uri, diagnostics, None)
                .await;
        }
    }
}

/// The commands of `workspace/executeCommand`, for clients without custom-request support.
const EXECUTE_COMMANDS: &[&str] = &["wit.showBindings", "wit.runExport"];

impl Backend {
    async fn run_command(
        &self,
        params: lsp::ExecuteCommandParams,
    ) -> Result<Option<serde_json::Value>> {
        let argument = params
            .arguments
            .into_iter()
            .next()
            .unwrap_or(serde_json::Value::Null);
        match params.command.as_str() {
            "wit.showBindings" => {
                let params = serde_json::from_value(argument).map_err(|error| {
                    jsonrpc::Error::invalid_params(format!("wit.showBindings: {error}"))
                })?;
                let result = self.bindings(params).await?;
                Ok(Some(
                    serde_json::to_value(result).map_err(|_| jsonrpc::Error::internal_error())?,
                ))
            }
            "wit.runExport" => self.run_export_command(argument).await,
            other => Err(jsonrpc::Error::invalid_params(format!(
                "unknown command `{other}`"
            ))),
        }
    }
}

fn watched_file_globs() -> Vec<lsp::FileSystemWatcher> {
    ["**/*.wit", "**/*.wasm", "**/*.wat", "**/deps", "**/deps/*"]
        .into_iter()
        .map(|glob| lsp::FileSystemWatcher {
            glob_pattern: lsp::GlobPattern::String(glob.to_string()),
            kind: None,
        })
        .collect()
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: lsp::InitializeParams) -> Result<lsp::InitializeResult> {
        let encoding = PositionEncoding::negotiate(
            params
                .capabilities
                .general
                .as_ref()
                .and_then(|general| general.position_encodings.as_deref()),
        );
        let watching = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|workspace| workspace.did_change_watched_files.as_ref())
            .and_then(|watched| watched.dynamic_registration)
            .unwrap_or(false);
        self.set_client_work_done_progress(
            params
                .capabilities
                .window
                .as_ref()
                .and_then(|window| window.work_done_progress)
                .unwrap_or(false),
        );
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .unwrap_or_default()
            .iter()
            .filter(|folder| convert::is_file_uri(&folder.uri))
            .map(|folder| convert::uri_to_path(&folder.uri))
            .collect();
        #[allow(deprecated)]
        if roots.is_empty()
            && let Some(root_uri) = params
                .root_uri
                .as_ref()
                .filter(|uri| convert::is_file_uri(uri))
        {
            roots.push(convert::uri_to_path(root_uri));
        }
        {
            let mut state = self.lock();
            state.encoding = encoding;
            state.workspace_roots = roots;
            state.disk = Arc::new(DiskCache::new(watching));
        }
        if let Some((settings, problems)) = params
            .initialization_options
            .as_ref()
            .and_then(Settings::from_value)
        {
            self.apply_settings(settings, problems).await;
        }
        Ok(lsp::InitializeResult {
            capabilities: lsp::ServerCapabilities {
                position_encoding: Some(encoding.kind()),
                text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
                    lsp::TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                        will_save: None,
                        will_save_wait_until: None,
                        save: Some(lsp::TextDocumentSyncSaveOptions::Supported(true)),
                    },
                )),
                code_lens_provider: Some(lsp::CodeLensOptions {
                    resolve_provider: Some(true),
                }),
                execute_command_provider: Some(lsp::ExecuteCommandOptions {
                    commands: EXECUTE_COMMANDS.iter().map(|c| c.to_string()).collect(),
                    work_done_progress_options: Default::default(),
                }),
                document_formatting_provider: Some(lsp::OneOf::Left(true)),
                document_range_formatting_provider: Some(lsp::OneOf::Left(true)),
                // language intelligence: begin
                definition_provider: Some(lsp::OneOf::Left(true)),
                declaration_provider: Some(lsp::DeclarationCapability::Simple(true)),
                type_definition_provider: Some(lsp::TypeDefinitionProviderCapability::Simple(true)),
                references_provider: Some(lsp::OneOf::Left(true)),
                document_highlight_provider: Some(lsp::OneOf::Left(true)),
                hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
                completion_provider: Some(lsp::CompletionOptions {
                    trigger_characters: Some(
                        [":", "/", ".", "{", "@", "<", " "]
                            .iter()
                            .map(|c| c.to_string())
                            .collect(),
                    ),
                    ..lsp::CompletionOptions::default()
                }),
                document_symbol_provider: Some(lsp::OneOf::Left(true)),
                workspace_symbol_provider: Some(lsp::OneOf::Left(true)),
                folding_range_provider: Some(lsp::FoldingRangeProviderCapability::Simple(true)),
                selection_range_provider: Some(lsp::SelectionRangeProviderCapability::Simple(true)),
                semantic_tokens_provider: Some(
                    lsp::SemanticTokensServerCapabilities::SemanticTokensOptions(
                        lsp::SemanticTokensOptions {
                            work_done_progress_options: Default::default(),
                            legend: handlers::semantic_tokens::legend(),
                            range: Some(true),
                            full: Some(lsp::SemanticTokensFullOptions::Bool(true)),
                        },
                    ),
                ),
                rename_provider: Some(lsp::OneOf::Right(lsp::RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: Default::default(),
                })),
                code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
                    lsp::CodeActionOptions {
                        code_action_kinds: Some(vec![
                            lsp::CodeActionKind::QUICKFIX,
                            lsp::CodeActionKind::REFACTOR_REWRITE,
                        ]),
                        ..lsp::CodeActionOptions::default()
                    },
                )),
                document_link_provider: Some(lsp::DocumentLinkOptions {
                    resolve_provider: Some(false),
                    work_done_progress_options: Default::default(),
                }),
                inlay_hint_provider: Some(lsp::OneOf::Left(true)),
                // language intelligence: end
                workspace: Some(lsp::WorkspaceServerCapabilities {
                    workspace_folders: Some(lsp::WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: Some(lsp::OneOf::Left(true)),
                    }),
                    file_operations: None,
                }),
                ..lsp::ServerCapabilities::default()
            },
            server_info: Some(lsp::ServerInfo {
                name: "wit-lsp".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: lsp::InitializedParams) {
        let roots = self.lock().workspace_roots.clone();
        self.discover_and_analyze(roots);
        let watching = {
            let state = self.lock();
            state.disk.is_enabled()
        };
        if watching {
            let registration = lsp::Registration {
                id: "wit-lsp-watched-files".to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: serde_json::to_value(
                    lsp::DidChangeWatchedFilesRegistrationOptions {
                        watchers: watched_file_globs(),
                    },
                )
                .ok(),
            };
            if let Err(error) = self.client.register_capability(vec![registration]).await {
                tracing::warn!("the client refused file watching: {error}");
            }
        }
    }

    async fn code_lens(&self, params: lsp::CodeLensParams) -> Result<Option<Vec<lsp::CodeLens>>> {
        self.run_code_lenses(params.text_document.uri).await
    }

    async fn code_lens_resolve(&self, lens: lsp::CodeLens) -> Result<lsp::CodeLens> {
        self.resolve_run_code_lens(lens).await
    }

    async fn execute_command(
        &self,
        params: lsp::ExecuteCommandParams,
    ) -> Result<Option<serde_json::Value>> {
        self.run_command(params).await
    }

    async fn formatting(
        &self,
        params: lsp::DocumentFormattingParams,
    ) -> Result<Option<Vec<lsp::TextEdit>>> {
        self.format_document(params.text_document.uri, params.options, None)
            .await
    }

    async fn range_formatting(
        &self,
        params: lsp::DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<lsp::TextEdit>>> {
        self.format_document(params.text_document.uri, params.options, Some(params.range))
            .await
    }

    // language intelligence: begin
    async fn goto_definition(
        &self,
        params: lsp::GotoDefinitionParams,
    ) -> Result<Option<lsp::GotoDefinitionResponse>> {
        handlers::definition::handle(self, Goto::Definition, params.text_document_position_params)
            .await
    }

    async fn goto_declaration(
        &self,
        params: lsp::request::GotoDeclarationParams,
    ) -> Result<Option<lsp::request::GotoDeclarationResponse>> {
        handlers::definition::handle(
            self,
            Goto::Declaration,
            params.text_document_position_params,
        )
        .await
    }

    async fn goto_type_definition(
        &self,
        params: lsp::request::GotoTypeDefinitionParams,
    ) -> Result<Option<lsp::request::GotoTypeDefinitionResponse>> {
        handlers::definition::handle(
            self,
            Goto::TypeDefinition,
            params.text_document_position_params,
        )
        .await
    }

    async fn references(&self, params: lsp::ReferenceParams) -> Result<Option<Vec<lsp::Location>>> {
        handlers::references::handle(self, params).await
    }

    async fn document_highlight(
        &self,
        params: lsp::DocumentHighlightParams,
    ) -> Result<Option<Vec<lsp::DocumentHighlight>>> {
        handlers::document_highlight::handle(self, params).await
    }

    async fn hover(&self, params: lsp::HoverParams) -> Result<Option<lsp::Hover>> {
        handlers::hover::handle(self, params).await
    }

    async fn completion(
        &self,
        params: lsp::CompletionParams,
    ) -> Result<Option<lsp::CompletionResponse>> {
        handlers::completion::handle(self, params).await
    }

    async fn document_symbol(
        &self,
        params: lsp::DocumentSymbolParams,
    ) -> Result<Option<lsp::DocumentSymbolResponse>> {
        handlers::document_symbol::handle(self, params).await
    }

    async fn symbol(
        &self,
        params: lsp::WorkspaceSymbolParams,
    ) -> Result<Option<lsp::WorkspaceSymbolResponse>> {
        handlers::workspace_symbol::handle(self, params).await
    }

    async fn folding_range(
        &self,
        params: lsp::FoldingRangeParams,
    ) -> Result<Option<Vec<lsp::FoldingRange>>> {
        handlers::folding_range::handle(self, params).await
    }

    async fn selection_range(
        &self,
        params: lsp::SelectionRangeParams,
    ) -> Result<Option<Vec<lsp::SelectionRange>>> {
        handlers::selection_range::handle(self, params).await
    }

    async fn semantic_tokens_full(
        &self,
        params: lsp::SemanticTokensParams,
    ) -> Result<Option<lsp::SemanticTokensResult>> {
        handlers::semantic_tokens::full(self, params).await
    }

    async fn semantic_tokens_range(
        &self,
        params: lsp::SemanticTokensRangeParams,
    ) -> Result<Option<lsp::SemanticTokensRangeResult>> {
        handlers::semantic_tokens::range(self, params).await
    }

    async fn rename(&self, params: lsp::RenameParams) -> Result<Option<lsp::WorkspaceEdit>> {
        handlers::rename::handle(self, params).await
    }

    async fn prepare_rename(
        &self,
        params: lsp::TextDocumentPositionParams,
    ) -> Result<Option<lsp::PrepareRenameResponse>> {
        handlers::rename::prepare(self, params).await
    }

    async fn code_action(
        &self,
        params: lsp::CodeActionParams,
    ) -> Result<Option<lsp::CodeActionResponse>> {
        handlers::code_action::handle(self, params).await
    }

    async fn document_link(
        &self,
        params: lsp::DocumentLinkParams,
    ) -> Result<Option<Vec<lsp::DocumentLink>>> {
        handlers::document_link::handle(self, params).await
    }

    async fn inlay_hint(
        &self,
        params: lsp::InlayHintParams,
    ) -> Result<Option<Vec<lsp::InlayHint>>> {
        handlers::inlay_hint::handle(self, params).await
    }
    // language intelligence: end

    async fn shutdown(&self) -> Result<()> {
        self.lock().shutting_down = true;
        Ok(())
    }

    async fn did_open(&self, params: lsp::DidOpenTextDocumentParams) {
        let uri = params.text_document.uri;
        let path = convert::uri_to_path(&uri);
        let root = Backend::package_of(&uri, &path);
        self.lock().documents.insert(
            path,
            OpenDocument {
                uri: uri.clone(),
                document: Document::new(&params.text_document.text, params.text_document.version),
            },
        );
        self.schedule_analysis(root);
    }

    async fn did_change(&self, params: lsp::DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let path = convert::uri_to_path(&uri);
        {
            let mut state = self.lock();
            let encoding = state.encoding;
            let Some(open) = state.documents.get_mut(&path) else {
                tracing::warn!("didChange for {} which is not open", uri.as_str());
                return;
            };
            if params.text_document.version < open.document.version() {
                tracing::warn!(
                    "didChange for {} goes back from version {} to {}",
                    uri.as_str(),
                    open.document.version(),
                    params.text_document.version
                );
            }
            open.document.apply_changes(
                params.content_changes,
                params.text_document.version,
                encoding,
            );
        }
        self.schedule_analysis(Backend::package_of(&uri, &path));
    }

    async fn did_save(&self, params: lsp::DidSaveTextDocumentParams) {
        let uri = params.text_document.uri;
        let path = convert::uri_to_path(&uri);
        let disk = self.lock().disk.clone();
        disk.invalidate(&path);
        self.schedule_analysis(Backend::package_of(&uri, &path));
    }

    async fn did_close(&self, params: lsp::DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let path = convert::uri_to_path(&uri);
        let root = Backend::package_of(&uri, &path);
        let disk = {
            let mut state = self.lock();
            state.documents.remove(&path);
            state.disk.clone()
        };
        disk.invalidate(&path);
        if convert::is_file_uri(&uri) {
            // The package is analysed again from disk.
            self.schedule_analysis(root);
        } else {
            // An untitled document is gone with its diagnostics.
            self.forget_package(&root).await;
        }
    }

    async fn did_change_watched_files(&self, params: lsp::DidChangeWatchedFilesParams) {
        let disk = self.lock().disk.clone();
        let mut roots = Vec::new();
        for change in params.changes {
            if !convert::is_file_uri(&change.uri) {
                continue;
            }
            let path = convert::uri_to_path(&change.uri);
            disk.invalidate(&path);
            let root = package_root_for_file(&path);
            let known = self.lock().packages.contains_key(&root);
            let is_wit = path.extension().and_then(|e| e.to_str()) == Some("wit");
            if (known || is_wit) && !roots.contains(&root) {
                roots.push(root);
            }
        }
        for root in roots {
            self.schedule_analysis(root);
        }
    }

    async fn did_change_configuration(&self, params: lsp::DidChangeConfigurationParams) {
        let Some((settings, problems)) = Settings::from_value(&params.settings) else {
            return;
        };
        self.apply_settings(settings, problems).await;
        self.reanalyze_all();
    }

    async fn did_change_workspace_folders(&self, params: lsp::DidChangeWorkspaceFoldersParams) {
        let added: Vec<PathBuf> = params
            .event
            .added
            .iter()
            .filter(|folder| convert::is_file_uri(&folder.uri))
            .map(|folder| convert::uri_to_path(&folder.uri))
            .collect();
        let removed: Vec<PathBuf> = params
            .event
            .removed
            .iter()
            .map(|folder| convert::uri_to_path(&folder.uri))
            .collect();
        let forgotten: Vec<PackageRoot> = {
            let mut state = self.lock();
            state.workspace_roots.retain(|root| !removed.contains(root));
            state.workspace_roots.extend(added.iter().cloned());
            let open_roots: Vec<PackageRoot> = state
                .documents
                .iter()
                .map(|(path, open)| Backend::package_of(&open.uri, path))
                .collect();
            state
                .packages
                .keys()
                .filter(|root| removed.iter().any(|folder| root.path.starts_with(folder)))
                .filter(|root| !open_roots.contains(root))
                .cloned()
                .collect()
        };
        for root in &forgotten {
            self.forget_package(root).await;
        }
        self.discover_and_analyze(added);
    }
}
