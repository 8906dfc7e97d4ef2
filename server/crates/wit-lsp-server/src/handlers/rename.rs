//! `textDocument/rename` and `textDocument/prepareRename`. A refused rename (vendored item,
//! keyword, invalid name) answers with an error carrying the reason, which editors show.

use std::collections::HashMap;

use tower_lsp_server::jsonrpc::{self, Result};
use tower_lsp_server::ls_types as lsp;
use wit_analysis::ide::rename::{prepare_rename, rename};

use crate::server::Backend;

fn refused(message: String) -> jsonrpc::Error {
    jsonrpc::Error {
        // LSP `RequestFailed`: the request was valid, the answer is a refusal.
        code: jsonrpc::ErrorCode::ServerError(-32803),
        message: message.into(),
        data: None,
    }
}

pub async fn handle(
    backend: &Backend,
    params: lsp::RenameParams,
) -> Result<Option<lsp::WorkspaceEdit>> {
    let position = params.text_document_position.position;
    let new_name = params.new_name;
    backend
        .run_feature(
            "rename",
            &params.text_document_position.text_document.uri,
            move |context, path| {
                let offset = context.offset(path, position);
                let edits = rename(&context.snapshot, path, offset, &new_name)
                    .map_err(|e| e.to_string())?;
                let mut changes: HashMap<lsp::Uri, Vec<lsp::TextEdit>> = HashMap::new();
                for (file, list) in edits {
                    let Some(uri) = context.uri(&file) else {
                        continue;
                    };
                    let text_edits = list
                        .iter()
                        .map(|(range, text)| lsp::TextEdit {
                            range: context.range(&file, range),
                            new_text: text.clone(),
                        })
                        .collect();
                    changes.insert(uri, text_edits);
                }
                Ok(Some(lsp::WorkspaceEdit {
                    changes: Some(changes),
                    document_changes: None,
                    change_annotations: None,
                }))
            },
        )
        .await?
        .map_err(refused)
}

pub async fn prepare(
    backend: &Backend,
    params: lsp::TextDocumentPositionParams,
) -> Result<Option<lsp::PrepareRenameResponse>> {
    let position = params.position;
    backend
        .run_feature(
            "prepareRename",
            &params.text_document.uri,
            move |context, path| {
                let offset = context.offset(path, position);
                let (range, placeholder) =
                    prepare_rename(&context.snapshot, path, offset).map_err(|e| e.to_string())?;
                Ok(Some(lsp::PrepareRenameResponse::RangeWithPlaceholder {
                    range: context.range(path, &range),
                    placeholder,
                }))
            },
        )
        .await?
        .map_err(refused)
}
