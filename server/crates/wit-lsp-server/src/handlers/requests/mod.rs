//! Standard LSP requests, one file per method.

pub mod code_action;
pub mod code_lens;
pub mod code_lens_resolve;
pub mod completion;
pub mod declaration;
pub mod definition;
pub mod document_highlight;
pub mod document_link;
pub mod document_symbol;
pub mod execute_command;
pub mod folding_range;
pub mod formatting;
pub mod hover;
pub mod initialize;
pub mod inlay_hint;
pub mod prepare_rename;
pub mod range_formatting;
pub mod references;
pub mod rename;
pub mod selection_range;
pub mod semantic_tokens_full;
pub mod semantic_tokens_range;
pub mod shutdown;
pub mod type_definition;
pub mod workspace_symbol;
