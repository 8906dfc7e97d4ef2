//! The LSP layer of wit-lsp: the session (documents, packages, settings), position
//! encodings, scheduling of analyses, the request policy, and one handler per protocol
//! method. Feature logic lives in `wit-analysis`; this crate converts and routes. See
//! `server/ARCHITECTURE.md` for the layout.

mod background;
mod convert;
mod document;
mod handlers;
mod locks;
pub mod project_file;
mod protocol;
mod raw;
mod reader;
mod request;
mod server;
mod session;
mod snapshot;
mod transport;

pub use request::install_panic_hook;
#[cfg(feature = "testing")]
pub use request::panic_in_next_request;
pub use server::{Server, build_service};
pub use session::Session;

/// How long the server may take to finish after the client's `exit`.
const EXIT_GRACE: std::time::Duration = std::time::Duration::from_millis(200);

pub use transport::SessionEnd;

/// Serves LSP on stdin/stdout until the client exits (or closes stdin).
pub async fn serve_stdio() -> SessionEnd {
    serve(tokio::io::stdin(), tokio::io::stdout()).await
}

/// Serves LSP on `input`/`output` until the client exits (or closes `input`), and says how
/// the session ended.
pub async fn serve(
    input: impl tokio::io::AsyncRead + Unpin + Send + 'static,
    output: impl tokio::io::AsyncWrite + Unpin + Send + 'static,
) -> SessionEnd {
    let (service, socket) = build_service();
    let (client_side_in, server_in) = tokio::io::duplex(1 << 20);
    let (server_out, client_side_out) = tokio::io::duplex(1 << 20);
    let (frames, queued) = tokio::sync::mpsc::unbounded_channel();
    // The reader is left running when the session ends; the process exits after the writer.
    let (exit_seen, exited) = tokio::sync::oneshot::channel();
    let end = std::sync::Arc::new(std::sync::Mutex::new(SessionEnd::Clean));
    tokio::spawn(transport::forward_input(
        input,
        client_side_in,
        frames.clone(),
        exit_seen,
        end.clone(),
    ));
    let forwarded_output = tokio::spawn(transport::forward_output(client_side_out, frames.clone()));
    let writer = tokio::spawn(transport::write_frames(output, queued));
    let serve = tower_lsp_server::Server::new(server_in, server_out, socket).serve(service);
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
            let _ = forwarded_output.await;
        }
        () = grace_after_exit => {}
    }
    // Tell the writer the session is over (the input reader may still hold a sender,
    // blocked on stdin), and let it flush.
    let _ = frames.send(Vec::new());
    let _ = writer.await;
    *locks::lock(&end)
}
