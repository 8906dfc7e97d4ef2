//! The method table: every LSP method, notification and custom method, each delegated in one
//! line to its handler under the request policy ([`crate::request`]). Nothing else lives
//! here, and no other module uses this one.

use std::sync::Arc;

use serde_json::Value;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;
use tower_lsp_server::{Client, ClientSocket, LanguageServer, LspService};

use crate::handlers::custom::{
    bindings, bindings_cache_status, component_wit, compose, document_text, end_session,
    run_export, run_template, validate_call,
};
use crate::handlers::notifications::{
    did_change, did_change_configuration, did_change_watched_files, did_change_workspace_folders,
    did_close, did_open, did_save, initialized,
};
use crate::handlers::requests::{
    code_action, code_lens, code_lens_resolve, completion, declaration, definition,
    document_highlight, document_link, document_symbol, execute_command, folding_range, formatting,
    hover, initialize, inlay_hint, prepare_rename, range_formatting, references, rename,
    selection_range, semantic_tokens_full, semantic_tokens_range, shutdown, type_definition,
    workspace_symbol,
};
use crate::protocol::{
    BindingsCacheStatus, BindingsParams, BindingsResult, CallParams, ComponentWitParams,
    ComponentWitResult, ComposeParams, ComposeResult, DocumentTextParams, DocumentTextResult,
    EndSessionParams, ExportTarget, RunExportResult, TemplateResult, ValidateResult,
};
use crate::raw::{self, RawJson};
use crate::request::Scope::{Document, Workspace};
use crate::session::Session;

/// The language server of one connection.
pub struct Server {
    session: Arc<Session>,
}

impl Server {
    fn new(client: Client) -> Server {
        Server {
            session: Session::new(client),
        }
    }

    /// The session behind this server (for in-process tests).
    pub fn session(&self) -> &Arc<Session> {
        &self.session
    }
}

/// Builds the service with every standard and custom method registered.
pub fn build_service() -> (LspService<Server>, ClientSocket) {
    LspService::build(Server::new)
        .custom_method("wit/documentText", Server::document_text)
        .custom_method("wit/bindings", Server::bindings)
        .custom_method("wit/componentWit", Server::component_wit)
        .custom_method("wit/compose", Server::compose)
        .custom_method("wit/bindingsCacheStatus", Server::bindings_cache_status)
        .custom_method("wit/runTemplate", Server::run_template)
        .custom_method("wit/validateCall", Server::validate_call)
        .custom_method("wit/runExport", Server::run_export)
        .custom_method("wit/endSession", Server::end_session)
        // Answers that grow with the file, serialized once (see `crate::raw`); the transport
        // gives these requests these names.
        .custom_method(raw::names::DOCUMENT_SYMBOL, Server::document_symbol)
        .custom_method(raw::names::FOLDING_RANGE, Server::folding_range)
        .custom_method(
            raw::names::SEMANTIC_TOKENS_FULL,
            Server::semantic_tokens_full,
        )
        .custom_method(
            raw::names::SEMANTIC_TOKENS_RANGE,
            Server::semantic_tokens_range,
        )
        .custom_method(raw::names::INLAY_HINT, Server::inlay_hint)
        .custom_method(raw::names::WORKSPACE_SYMBOL, Server::workspace_symbol)
        .finish()
}

impl Server {
    async fn document_symbol(&self, params: lsp::DocumentSymbolParams) -> Result<RawJson> {
        (self.session)
            .request("textDocument/documentSymbol", Document, |s| {
                raw(document_symbol::handle(s, params))
            })
            .await
    }

    async fn workspace_symbol(&self, params: lsp::WorkspaceSymbolParams) -> Result<RawJson> {
        (self.session)
            .request("workspace/symbol", Workspace, |s| {
                raw(workspace_symbol::handle(s, params))
            })
            .await
    }

    async fn folding_range(&self, params: lsp::FoldingRangeParams) -> Result<RawJson> {
        (self.session)
            .request("textDocument/foldingRange", Document, |s| {
                raw(folding_range::handle(s, params))
            })
            .await
    }

    async fn semantic_tokens_full(&self, params: lsp::SemanticTokensParams) -> Result<RawJson> {
        (self.session)
            .request("textDocument/semanticTokens/full", Document, |s| {
                raw(semantic_tokens_full::handle(s, params))
            })
            .await
    }

    async fn semantic_tokens_range(
        &self,
        params: lsp::SemanticTokensRangeParams,
    ) -> Result<RawJson> {
        (self.session)
            .request("textDocument/semanticTokens/range", Document, |s| {
                raw(semantic_tokens_range::handle(s, params))
            })
            .await
    }

    async fn inlay_hint(&self, params: lsp::InlayHintParams) -> Result<RawJson> {
        (self.session)
            .request("textDocument/inlayHint", Document, |s| {
                raw(inlay_hint::handle(s, params))
            })
            .await
    }

    async fn document_text(&self, params: DocumentTextParams) -> Result<DocumentTextResult> {
        (self.session)
            .request("wit/documentText", Document, |s| {
                document_text::handle(s, params)
            })
            .await
    }

    async fn bindings(&self, params: BindingsParams) -> Result<BindingsResult> {
        (self.session)
            .request("wit/bindings", Document, |s| bindings::handle(s, params))
            .await
    }

    async fn component_wit(&self, params: ComponentWitParams) -> Result<ComponentWitResult> {
        (self.session)
            .request("wit/componentWit", Document, |s| {
                component_wit::handle(s, params)
            })
            .await
    }

    async fn compose(&self, params: ComposeParams) -> Result<ComposeResult> {
        (self.session)
            .request("wit/compose", Document, |s| compose::handle(s, params))
            .await
    }

    async fn bindings_cache_status(&self) -> Result<BindingsCacheStatus> {
        (self.session)
            .request(
                "wit/bindingsCacheStatus",
                Document,
                bindings_cache_status::handle,
            )
            .await
    }

    async fn run_template(&self, params: ExportTarget) -> Result<TemplateResult> {
        (self.session)
            .request("wit/runTemplate", Document, |s| {
                run_template::handle(s, params)
            })
            .await
    }

    async fn validate_call(&self, params: CallParams) -> Result<ValidateResult> {
        (self.session)
            .request("wit/validateCall", Document, |s| {
                validate_call::handle(s, params)
            })
            .await
    }

    async fn run_export(&self, params: CallParams) -> Result<RunExportResult> {
        let session = self.session.clone();
        (self.session)
            .request_async("wit/runExport", run_export::handle(session, params))
            .await
    }

    async fn end_session(&self, params: EndSessionParams) -> Result<bool> {
        (self.session)
            .request("wit/endSession", Document, |s| {
                end_session::handle(s, params)
            })
            .await
    }
}

impl LanguageServer for Server {
    async fn initialize(&self, params: lsp::InitializeParams) -> Result<lsp::InitializeResult> {
        initialize::handle(&self.session, params).await
    }

    async fn initialized(&self, params: lsp::InitializedParams) {
        initialized::handle(&self.session, params).await
    }

    async fn shutdown(&self) -> Result<()> {
        shutdown::handle(&self.session)
    }

    async fn did_open(&self, params: lsp::DidOpenTextDocumentParams) {
        did_open::handle(&self.session, params)
    }

    async fn did_change(&self, params: lsp::DidChangeTextDocumentParams) {
        did_change::handle(&self.session, params)
    }

    async fn did_save(&self, params: lsp::DidSaveTextDocumentParams) {
        did_save::handle(&self.session, params)
    }

    async fn did_close(&self, params: lsp::DidCloseTextDocumentParams) {
        did_close::handle(&self.session, params).await
    }

    async fn did_change_watched_files(&self, params: lsp::DidChangeWatchedFilesParams) {
        did_change_watched_files::handle(&self.session, params)
    }

    async fn did_change_configuration(&self, params: lsp::DidChangeConfigurationParams) {
        did_change_configuration::handle(&self.session, params).await
    }

    async fn did_change_workspace_folders(&self, params: lsp::DidChangeWorkspaceFoldersParams) {
        did_change_workspace_folders::handle(&self.session, params).await
    }

    async fn code_lens(&self, params: lsp::CodeLensParams) -> Result<Option<Vec<lsp::CodeLens>>> {
        (self.session)
            .request("textDocument/codeLens", Document, |s| {
                code_lens::handle(s, params)
            })
            .await
    }

    async fn code_lens_resolve(&self, params: lsp::CodeLens) -> Result<lsp::CodeLens> {
        (self.session)
            .request("codeLens/resolve", Document, |s| {
                code_lens_resolve::handle(s, params)
            })
            .await
    }

    async fn execute_command(&self, params: lsp::ExecuteCommandParams) -> Result<Option<Value>> {
        let session = self.session.clone();
        (self.session)
            .request_async(
                "workspace/executeCommand",
                execute_command::handle(session, params),
            )
            .await
    }

    async fn formatting(
        &self,
        params: lsp::DocumentFormattingParams,
    ) -> Result<Option<Vec<lsp::TextEdit>>> {
        (self.session)
            .request("textDocument/formatting", Document, |s| {
                formatting::handle(s, params)
            })
            .await
    }

    async fn range_formatting(
        &self,
        params: lsp::DocumentRangeFormattingParams,
    ) -> Result<Option<Vec<lsp::TextEdit>>> {
        (self.session)
            .request("textDocument/rangeFormatting", Document, |s| {
                range_formatting::handle(s, params)
            })
            .await
    }

    async fn goto_definition(
        &self,
        params: lsp::GotoDefinitionParams,
    ) -> Result<Option<lsp::GotoDefinitionResponse>> {
        (self.session)
            .request("textDocument/definition", Document, |s| {
                definition::handle(s, params)
            })
            .await
    }

    async fn goto_declaration(
        &self,
        params: lsp::request::GotoDeclarationParams,
    ) -> Result<Option<lsp::request::GotoDeclarationResponse>> {
        (self.session)
            .request("textDocument/declaration", Document, |s| {
                declaration::handle(s, params)
            })
            .await
    }

    async fn goto_type_definition(
        &self,
        params: lsp::request::GotoTypeDefinitionParams,
    ) -> Result<Option<lsp::request::GotoTypeDefinitionResponse>> {
        (self.session)
            .request("textDocument/typeDefinition", Document, |s| {
                type_definition::handle(s, params)
            })
            .await
    }

    async fn references(&self, params: lsp::ReferenceParams) -> Result<Option<Vec<lsp::Location>>> {
        (self.session)
            .request("textDocument/references", Document, |s| {
                references::handle(s, params)
            })
            .await
    }

    async fn document_highlight(
        &self,
        params: lsp::DocumentHighlightParams,
    ) -> Result<Option<Vec<lsp::DocumentHighlight>>> {
        (self.session)
            .request("textDocument/documentHighlight", Document, |s| {
                document_highlight::handle(s, params)
            })
            .await
    }

    async fn hover(&self, params: lsp::HoverParams) -> Result<Option<lsp::Hover>> {
        (self.session)
            .request("textDocument/hover", Document, |s| hover::handle(s, params))
            .await
    }

    async fn completion(
        &self,
        params: lsp::CompletionParams,
    ) -> Result<Option<lsp::CompletionResponse>> {
        (self.session)
            .request("textDocument/completion", Document, |s| {
                completion::handle(s, params)
            })
            .await
    }

    async fn selection_range(
        &self,
        params: lsp::SelectionRangeParams,
    ) -> Result<Option<Vec<lsp::SelectionRange>>> {
        (self.session)
            .request("textDocument/selectionRange", Document, |s| {
                selection_range::handle(s, params)
            })
            .await
    }

    async fn rename(&self, params: lsp::RenameParams) -> Result<Option<lsp::WorkspaceEdit>> {
        (self.session)
            .request("textDocument/rename", Workspace, |s| {
                rename::handle(s, params)
            })
            .await
    }

    async fn prepare_rename(
        &self,
        params: lsp::TextDocumentPositionParams,
    ) -> Result<Option<lsp::PrepareRenameResponse>> {
        (self.session)
            .request("textDocument/prepareRename", Document, |s| {
                prepare_rename::handle(s, params)
            })
            .await
    }

    async fn code_action(
        &self,
        params: lsp::CodeActionParams,
    ) -> Result<Option<lsp::CodeActionResponse>> {
        (self.session)
            .request("textDocument/codeAction", Document, |s| {
                code_action::handle(s, params)
            })
            .await
    }

    async fn document_link(
        &self,
        params: lsp::DocumentLinkParams,
    ) -> Result<Option<Vec<lsp::DocumentLink>>> {
        (self.session)
            .request("textDocument/documentLink", Document, |s| {
                document_link::handle(s, params)
            })
            .await
    }
}

/// An answer serialized once, on the request's worker thread (see `crate::raw`).
fn raw<T: serde::Serialize>(answer: Result<T>) -> Result<RawJson> {
    answer.map(|answer| RawJson::of(&answer))
}
