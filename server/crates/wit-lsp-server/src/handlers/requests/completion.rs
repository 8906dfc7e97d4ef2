//! `textDocument/completion`.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;
use wit_analysis::ide::completion::{CompletionKind, completions};
use wit_analysis::ide::index::DefKind;

use crate::convert;
use crate::snapshot::RequestSnapshot;

fn kind(kind: CompletionKind) -> lsp::CompletionItemKind {
    match kind {
        CompletionKind::Keyword => lsp::CompletionItemKind::KEYWORD,
        CompletionKind::Snippet => lsp::CompletionItemKind::SNIPPET,
        CompletionKind::BuiltinType => lsp::CompletionItemKind::TYPE_PARAMETER,
        CompletionKind::Definition(def) => match def {
            DefKind::Package => lsp::CompletionItemKind::MODULE,
            DefKind::Interface | DefKind::World => lsp::CompletionItemKind::INTERFACE,
            DefKind::Record => lsp::CompletionItemKind::STRUCT,
            DefKind::Variant | DefKind::Enum => lsp::CompletionItemKind::ENUM,
            DefKind::Flags | DefKind::TypeAlias | DefKind::UseAlias => {
                lsp::CompletionItemKind::TYPE_PARAMETER
            }
            DefKind::Resource => lsp::CompletionItemKind::CLASS,
            DefKind::Function | DefKind::StaticMethod => lsp::CompletionItemKind::FUNCTION,
            DefKind::Method => lsp::CompletionItemKind::METHOD,
            DefKind::Constructor => lsp::CompletionItemKind::CONSTRUCTOR,
            DefKind::Field | DefKind::Param => lsp::CompletionItemKind::FIELD,
            DefKind::Case | DefKind::EnumCase | DefKind::Flag => {
                lsp::CompletionItemKind::ENUM_MEMBER
            }
        },
    }
}

pub fn handle(
    snapshot: &RequestSnapshot,
    params: lsp::CompletionParams,
) -> Result<Option<lsp::CompletionResponse>> {
    let position = params.text_document_position.position;
    Ok(snapshot.with_package_of(
        &params.text_document_position.text_document.uri,
        |context, path| {
            let offset = context.offset(path, position);
            let file_text = context.text(path);
            let line_index = context.line_index(path);
            // Fields equal to their LSP defaults are left out: a completion list in a
            // type position has a hundred items, and every byte is serialized and
            // parsed again on the way.
            let items: Vec<lsp::CompletionItem> = completions(&context.snapshot, path, offset)
                .into_iter()
                .map(|item| {
                    // Clients filter by the replaced text: keep the typed prefix.
                    let typed = file_text
                        .as_deref()
                        .and_then(|text| text.get(item.replace.clone()))
                        .unwrap_or_default();
                    let filter = if item.insert_text.starts_with(typed) {
                        &item.insert_text
                    } else {
                        &item.label
                    };
                    lsp::CompletionItem {
                        filter_text: (*filter != item.label).then(|| filter.clone()),
                        kind: Some(kind(item.kind)),
                        detail: item.detail,
                        insert_text_format: item
                            .is_snippet
                            .then_some(lsp::InsertTextFormat::SNIPPET),
                        text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
                            range: convert::range(&line_index, &item.replace, context.encoding),
                            new_text: item.insert_text,
                        })),
                        label: item.label,
                        ..lsp::CompletionItem::default()
                    }
                })
                .collect();
            Some(lsp::CompletionResponse::Array(items))
        },
    ))
}
