//! `initialize`: negotiates the position encoding, records the workspace folders, whether
//! the client watches files for us and creates progress, takes the initialization options
//! as settings, and answers the server's capabilities.

use std::path::PathBuf;
use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use crate::convert::{self, PositionEncoding};
use crate::handlers::requests::{execute_command, semantic_tokens_full};
use crate::reader::DiskCache;
use crate::session::Session;
use crate::session::settings::Settings;

pub async fn handle(
    session: &Session,
    params: lsp::InitializeParams,
) -> Result<lsp::InitializeResult> {
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
    let client_creates_progress = params
        .capabilities
        .window
        .as_ref()
        .and_then(|window| window.work_done_progress)
        .unwrap_or(false);
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
        let mut state = session.state();
        state.encoding = encoding;
        state.client_creates_progress = client_creates_progress;
        state.workspace_roots = roots;
        state.disk = Arc::new(DiskCache::new(watching));
    }
    if let Some((settings, problems)) = params
        .initialization_options
        .as_ref()
        .and_then(Settings::from_value)
    {
        session.apply_settings(settings, problems).await;
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
                commands: execute_command::COMMANDS
                    .iter()
                    .map(|c| c.to_string())
                    .collect(),
                work_done_progress_options: Default::default(),
            }),
            document_formatting_provider: Some(lsp::OneOf::Left(true)),
            document_range_formatting_provider: Some(lsp::OneOf::Left(true)),
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
                        legend: semantic_tokens_full::legend(),
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
