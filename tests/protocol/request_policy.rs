//! The request policy, in process: a handler that panics (while holding the session's state
//! lock, so poisoning it) answers that one request with `InternalError` and the panic's
//! message; diagnostics keep flowing and later requests are answered. Its own test binary,
//! because the panic hook is global to the process.

use serde_json::{Value, json};
use wit_lsp_test_client::{Server, position_of, text_document_position, write_fixture};

const FIXTURE: &str = "\
//- /pkg/types.wit
package demo:app;

interface types {
    type id = u64;
    record entry { key: id }
}
";

fn internal_error_of(response: &Value) -> String {
    assert_eq!(response["error"]["code"], -32603, "{response}");
    response["error"]["message"]
        .as_str()
        .expect("a message")
        .to_string()
}

#[test]
fn a_panicking_handler_fails_one_request_and_the_server_carries_on() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = write_fixture(dir.path(), FIXTURE);
    let text = std::fs::read_to_string(&files[0]).expect("fixture");
    let mut server = Server::in_process();
    server.initialize(dir.path(), &["utf-16"]);
    let uri = server.open(&files[0], 1);
    server.wait_for_diagnostics(&uri, |params| params["diagnostics"] == json!([]));
    let at_use = text_document_position(&uri, position_of(&text, "id }", 0, 0));

    // A bug in a standard request's handler.
    wit_lsp_server::panic_in_next_request("textDocument/hover");
    let failed = server.request("textDocument/hover", at_use.clone());
    let message = internal_error_of(&failed);
    assert!(
        message.contains("textDocument/hover failed: test hook: textDocument/hover panics"),
        "{message}"
    );

    // The state lock it held was poisoned; an edit is still analysed and published.
    server.change(
        &uri,
        2,
        json!([{ "text": text.replace("key: id", "key: idd") }]),
    );
    let broken = server.wait_for_diagnostics(&uri, |params| params["version"] == 2);
    assert_eq!(
        broken["diagnostics"][0]["code"], "item-not-found",
        "{broken}"
    );
    server.change(&uri, 3, json!([{ "text": text }]));
    server.wait_for_diagnostics(&uri, |params| {
        params["version"] == 3 && params["diagnostics"] == json!([])
    });

    // The same request is answered again.
    let hover = server.request("textDocument/hover", at_use);
    assert!(
        hover["result"]["contents"]["value"]
            .as_str()
            .is_some_and(|markdown| markdown.contains("type id = u64")),
        "{hover}"
    );

    // A custom method and an asynchronous one follow the same policy.
    wit_lsp_server::panic_in_next_request("wit/documentText");
    let failed = server.request("wit/documentText", json!({ "uri": uri }));
    assert!(internal_error_of(&failed).contains("wit/documentText failed"));
    assert_eq!(
        server.request("wit/documentText", json!({ "uri": uri }))["result"]["version"],
        3
    );
    wit_lsp_server::panic_in_next_request("wit/runExport");
    let failed = server.request(
        "wit/runExport",
        json!({ "uri": uri, "function": "nothing", "call": "nothing()" }),
    );
    assert!(internal_error_of(&failed).contains("wit/runExport failed"));
    server.shutdown();
}
