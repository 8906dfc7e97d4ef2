//! `textDocument/rename` and `textDocument/prepareRename`. A refused rename (vendored item,
//! keyword, invalid name) answers with an error carrying the reason, which editors show.
//! Other packages of the workspace whose `deps/` entry is a link to the renamed item's
//! package get their references renamed too; vendored copies are left alone.

use std::collections::HashMap;

use tower_lsp_server::jsonrpc::{self, Result};
use tower_lsp_server::ls_types as lsp;
use wit_analysis::ide::FileOrigin;
use wit_analysis::ide::rename::{prepare_rename, rename, rename_in_dependent, rename_site};

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
    let dependent_name = new_name.clone();
    let (mut changes, (site, name_start)) = backend
        .run_feature(
            "rename",
            &params.text_document_position.text_document.uri,
            move |context, path| {
                let offset = context.offset(path, position);
                let edits = rename(&context.snapshot, path, offset, &new_name)
                    .map_err(|e| e.to_string())?;
                let site =
                    rename_site(&context.snapshot, path, offset).map_err(|e| e.to_string())?;
                Ok((context.workspace_changes(&edits), site))
            },
        )
        .await?
        .map_err(refused)?;
    // The same file reached through another package's linked deps/ entry.
    let Ok(canonical_site) = std::fs::canonicalize(&site) else {
        return Ok(Some(workspace_edit(changes)));
    };
    let dependents = backend
        .run_on_all_packages("rename", move |context| {
            let snapshot = &context.snapshot;
            let mut found = Vec::new();
            for file in &snapshot.files {
                let linked = matches!(file.origin, FileOrigin::Dependency(_))
                    && std::fs::canonicalize(&file.path).is_ok_and(|p| p == canonical_site);
                if !linked {
                    continue;
                }
                let edits = rename_in_dependent(snapshot, &file.path, name_start, &dependent_name);
                found.extend(context.workspace_changes(&edits));
            }
            found
        })
        .await?;
    for (uri, text_edits) in dependents {
        changes.entry(uri).or_insert(text_edits);
    }
    Ok(Some(workspace_edit(changes)))
}

fn workspace_edit(changes: HashMap<lsp::Uri, Vec<lsp::TextEdit>>) -> lsp::WorkspaceEdit {
    lsp::WorkspaceEdit {
        changes: Some(changes),
        document_changes: None,
        change_annotations: None,
    }
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
