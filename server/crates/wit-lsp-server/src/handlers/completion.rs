//! `textDocument/completion`.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;
use wit_analysis::ide::completion::{CompletionKind, completions};
use wit_analysis::ide::index::DefKind;

use crate::server::Backend;

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

pub async fn handle(
    backend: &Backend,
    params: lsp::CompletionParams,
) -> Result<Option<lsp::CompletionResponse>> {
    let position = params.text_document_position.position;
    backend
        .run_feature(
            "completion",
            &params.text_document_position.text_document.uri,
            move |context, path| {
                let offset = context.offset(path, position);
                let items: Vec<lsp::CompletionItem> = completions(&context.snapshot, path, offset)
                    .into_iter()
                    .map(|item| lsp::CompletionItem {
                        label: item.label.clone(),
                        kind: Some(kind(item.kind)),
                        detail: item.detail,
                        filter_text: Some(context.snapshot.file_id(path).map_or_else(
                            || item.label.clone(),
                            |id| {
                                let text = &context.snapshot.file(id).text;
                                let typed = text.get(item.replace.clone()).unwrap_or_default();
                                // Clients filter by the replaced text: keep the typed prefix.
                                if item.insert_text.starts_with(typed) {
                                    item.insert_text.clone()
                                } else {
                                    item.label.clone()
                                }
                            },
                        )),
                        insert_text_format: Some(if item.is_snippet {
                            lsp::InsertTextFormat::SNIPPET
                        } else {
                            lsp::InsertTextFormat::PLAIN_TEXT
                        }),
                        text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
                            range: context.range(path, &item.replace),
                            new_text: item.insert_text,
                        })),
                        ..lsp::CompletionItem::default()
                    })
                    .collect();
                Some(lsp::CompletionResponse::Array(items))
            },
        )
        .await
}
