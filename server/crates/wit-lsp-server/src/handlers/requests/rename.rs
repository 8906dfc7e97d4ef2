//! `textDocument/rename`. A refused rename (vendored item, keyword, invalid name) answers
//! with an error carrying the reason, which editors show. Other packages of the workspace
//! whose `deps/` entry is a link to the renamed item's package get their references renamed
//! too; vendored copies are left alone. Runs after the workspace search for packages.

use std::collections::HashMap;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;
use wit_analysis::ide::FileOrigin;
use wit_analysis::ide::rename::{rename, rename_in_dependent, rename_site};

use crate::request::request_failed;
use crate::snapshot::RequestSnapshot;

pub fn handle(
    snapshot: &RequestSnapshot,
    params: lsp::RenameParams,
) -> Result<Option<lsp::WorkspaceEdit>> {
    let at = params.text_document_position;
    let new_name = params.new_name;
    let (mut changes, (site, name_start)) = snapshot
        .with_package_of(&at.text_document.uri, |context, path| {
            let offset = context.offset(path, at.position);
            let edits =
                rename(&context.snapshot, path, offset, &new_name).map_err(|e| e.to_string())?;
            let site = rename_site(&context.snapshot, path, offset).map_err(|e| e.to_string())?;
            Ok::<_, String>((context.workspace_changes(&edits), site))
        })
        .map_err(request_failed)?;
    // The same file reached through another package's linked deps/ entry.
    let Ok(canonical_site) = std::fs::canonicalize(&site) else {
        return Ok(Some(workspace_edit(changes)));
    };
    for package in snapshot.packages() {
        let context = snapshot.context(&package.root);
        for file in &context.snapshot.files {
            let linked = matches!(file.origin, FileOrigin::Dependency(_))
                && std::fs::canonicalize(&file.path).is_ok_and(|p| p == canonical_site);
            if !linked {
                continue;
            }
            let edits = rename_in_dependent(&context.snapshot, &file.path, name_start, &new_name);
            for (uri, text_edits) in context.workspace_changes(&edits) {
                changes.entry(uri).or_insert(text_edits);
            }
        }
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
