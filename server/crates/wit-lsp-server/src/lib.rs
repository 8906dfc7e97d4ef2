//! The LSP layer of wit-lsp: documents, position encodings, scheduling of analyses, and the
//! protocol handlers. Feature logic lives in `wit-analysis`; this crate converts and routes.

mod analysis;
mod background;
mod bindings;
mod convert;
mod document;
mod formatting;
mod handlers;
mod reader;
mod run;
mod server;
mod state;
mod transport;

pub use server::Backend;

use tower_lsp_server::{LspService, Server};

/// Builds the service with every standard and custom method registered.
pub fn build_service() -> (LspService<Backend>, tower_lsp_server::ClientSocket) {
    LspService::build(Backend::new)
        .custom_method("wit/documentText", Backend::document_text)
        .custom_method("wit/bindings", Backend::bindings)
        .custom_method("wit/componentWit", Backend::component_wit)
        .custom_method("wit/bindingsCacheStatus", Backend::bindings_cache_status)
        .custom_method("wit/runTemplate", Backend::run_template)
        .custom_method("wit/validateCall", Backend::validate_call)
        .custom_method("wit/runExport", Backend::run_export)
        .custom_method("wit/endSession", Backend::end_session)
        .finish()
}

/// How long the server may take to finish after the client's `exit`.
const EXIT_GRACE: std::time::Duration = std::time::Duration::from_millis(200);

/// Serves LSP on stdin/stdout until the client exits (or closes stdin).
pub async fn serve_stdio() {
    let (service, socket) = build_service();
    let (client_side_in, server_in) = tokio::io::duplex(1 << 20);
    let (server_out, client_side_out) = tokio::io::duplex(1 << 20);
    let (frames, queued) = tokio::sync::mpsc::unbounded_channel();
    // The reader is left running when the session ends; the process exits after the writer.
    let (exit_seen, exited) = tokio::sync::oneshot::channel();
    tokio::spawn(transport::forward_input(
        tokio::io::stdin(),
        client_side_in,
        frames.clone(),
        exit_seen,
    ));
    let output = tokio::spawn(transport::forward_output(client_side_out, frames.clone()));
    let writer = tokio::spawn(transport::write_frames(tokio::io::stdout(), queued));
    let serve = Server::new(server_in, server_out, socket).serve(service);
    // After `exit` the server must end promptly, even if a handler still waits on the client
    // (a server-to-client request the client will never answer).
    let grace_after_exit = async {
        if exited.await.is_ok() {
            tokio::time::sleep(EXIT_GRACE).await;
        } else {
            std::future::pending::<()>().await;
        }
    };
    tokio::select! {
        () = serve => {
            // `serve` dropped its end of the output pipe: drain what it wrote.
            let _ = output.await;
        }
        () = grace_after_exit => {}
    }
    // Tell the writer the session is over (the input reader may still hold a sender,
    // blocked on stdin), and let it flush.
    let _ = frames.send(Vec::new());
    let _ = writer.await;
}
