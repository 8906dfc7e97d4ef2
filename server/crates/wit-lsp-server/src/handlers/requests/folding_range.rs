//! `textDocument/foldingRange`.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;
use wit_analysis::ide::structure::{FoldKind, folding_ranges};

use crate::snapshot::RequestSnapshot;

pub fn handle(
    snapshot: &RequestSnapshot,
    params: lsp::FoldingRangeParams,
) -> Result<Option<Vec<lsp::FoldingRange>>> {
    Ok(
        snapshot.with_package_of(&params.text_document.uri, |context, path| {
            let folds = folding_ranges(&context.snapshot, path)
                .into_iter()
                .filter_map(|(range, kind)| {
                    let range = context.range(path, &range);
                    // A body folds to its opening line; the closing line stays visible.
                    let end_line = if kind == FoldKind::Region {
                        range.end.line.checked_sub(1)?
                    } else {
                        range.end.line
                    };
                    (end_line > range.start.line).then_some(lsp::FoldingRange {
                        start_line: range.start.line,
                        start_character: None,
                        end_line,
                        end_character: None,
                        kind: Some(match kind {
                            FoldKind::Region => lsp::FoldingRangeKind::Region,
                            FoldKind::Comment => lsp::FoldingRangeKind::Comment,
                            FoldKind::Imports => lsp::FoldingRangeKind::Imports,
                        }),
                        collapsed_text: None,
                    })
                })
                .collect();
            Some(folds)
        }),
    )
}
