//! `textDocument/codeAction`: quick fixes and rewrites from `wit_analysis::ide::code_actions`.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;
use wit_analysis::ide::code_actions::{ActionKind, bump_version_action, code_actions};

use crate::snapshot::RequestSnapshot;

pub fn handle(
    snapshot: &RequestSnapshot,
    params: lsp::CodeActionParams,
) -> Result<Option<lsp::CodeActionResponse>> {
    let requested = params.range;
    let diagnostics = params.context.diagnostics;
    Ok(
        snapshot.with_package_of(&params.text_document.uri, |context, path| {
            let start = context.offset(path, requested.start);
            let end = context.offset(path, requested.end).max(start);
            let mut found = code_actions(&context.snapshot, path, start..end);
            // Breaking changes the version does not allow: offer the bump that allows them.
            let bump_to = diagnostics.iter().find_map(|d| {
                let breaking = matches!(&d.code, Some(lsp::NumberOrString::String(c)) if c == "breaking-change");
                breaking
                    .then(|| d.data.as_ref()?.get("bumpTo")?.as_str().map(str::to_string))
                    .flatten()
            });
            if let Some(to) = bump_to
                && let Some(action) = bump_version_action(&context.snapshot, &to)
            {
                found.insert(0, action);
            }
            let actions = found
                .into_iter()
                .map(|action| {
                    let changes = context.workspace_changes(&action.edits);
                    lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                        title: action.title,
                        kind: Some(match action.kind {
                            ActionKind::QuickFix => lsp::CodeActionKind::QUICKFIX,
                            ActionKind::RefactorRewrite => lsp::CodeActionKind::REFACTOR_REWRITE,
                        }),
                        diagnostics: (action.kind == ActionKind::QuickFix
                            && !diagnostics.is_empty())
                        .then(|| diagnostics.clone()),
                        edit: Some(lsp::WorkspaceEdit {
                            changes: Some(changes),
                            document_changes: None,
                            change_annotations: None,
                        }),
                        command: None,
                        is_preferred: action.preferred.then_some(true),
                        disabled: None,
                        data: None,
                    })
                })
                .collect();
            Some(actions)
        }),
    )
}
