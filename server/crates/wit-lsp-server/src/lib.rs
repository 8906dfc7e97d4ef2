//! The LSP layer of wit-lsp: documents, position encodings, scheduling of analyses, and the
//! protocol handlers. Feature logic lives in `wit-analysis`; this crate converts and routes.

mod analysis;
mod convert;
mod document;
mod reader;
mod server;
mod state;

pub use server::Backend;

use tower_lsp_server::{LspService, Server};

/// Builds the service with every standard and custom method registered.
pub fn build_service() -> (LspService<Backend>, tower_lsp_server::ClientSocket) {
    LspService::build(Backend::new)
        .custom_method("wit/documentText", Backend::document_text)
        .finish()
}

/// Serves LSP on stdin/stdout until the client exits.
pub async fn serve_stdio() {
    let (service, socket) = build_service();
    Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
        .serve(service)
        .await;
}
