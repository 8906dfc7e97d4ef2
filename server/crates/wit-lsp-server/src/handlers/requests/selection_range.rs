//! `textDocument/selectionRange`.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;
use wit_analysis::ide::structure::selection_ranges;

use crate::snapshot::RequestSnapshot;

pub fn handle(
    snapshot: &RequestSnapshot,
    params: lsp::SelectionRangeParams,
) -> Result<Option<Vec<lsp::SelectionRange>>> {
    let positions = params.positions;
    Ok(
        snapshot.with_package_of(&params.text_document.uri, |context, path| {
            let offsets: Vec<usize> = positions.iter().map(|p| context.offset(path, *p)).collect();
            let ranges = selection_ranges(&context.snapshot, path, &offsets)
                .into_iter()
                .map(|chain| {
                    let mut selection: Option<lsp::SelectionRange> = None;
                    for range in chain.iter().rev() {
                        selection = Some(lsp::SelectionRange {
                            range: context.range(path, range),
                            parent: selection.map(Box::new),
                        });
                    }
                    selection.unwrap_or(lsp::SelectionRange {
                        range: lsp::Range::default(),
                        parent: None,
                    })
                })
                .collect();
            Some(ranges)
        }),
    )
}
