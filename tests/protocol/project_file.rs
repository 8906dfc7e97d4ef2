//! An invalid `wit-lsp.toml` is a diagnostic on that file, at the offending key, and fixing
//! it clears it. Against the server in process.

use serde_json::json;
use wit_lsp_test_client::{Server, file_uri, write_fixture};

const FIXTURE: &str = "\
//- /project/wit/world.wit
package demo:app;

world app {
    export run: func() -> u32;
}
//- /project/wit-lsp.toml
[format]
indent = 2

[mocks]
\"kvdb.[method]connection.get\" = ['some(\"a#b\")']
log = 3
";

#[test]
fn an_invalid_project_file_is_a_diagnostic_on_it_until_fixed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = write_fixture(dir.path(), FIXTURE);
    let mut server = Server::in_process();
    server.initialize(dir.path(), &["utf-16"]);
    let config = dir.path().join("project/wit-lsp.toml");
    let config_uri = file_uri(&config);
    server.open(&files[0], 1);
    let published = server.wait_for_diagnostics(&config_uri, |params| {
        params["diagnostics"]
            .as_array()
            .is_some_and(|d| !d.is_empty())
    });
    let diagnostic = &published["diagnostics"][0];
    assert_eq!(diagnostic["code"], "invalid-config", "{published}");
    assert_eq!(diagnostic["severity"], 1, "{published}");
    assert_eq!(
        diagnostic["range"]["start"],
        json!({ "line": 5, "character": 6 }),
        "{published}"
    );
    let message = diagnostic["message"].as_str().unwrap_or_default();
    assert!(message.starts_with("`mocks.log`: a mock is"), "{message}");

    std::fs::write(&config, "[format]\nindent = 2\n\n[mocks]\nlog = \"log\"\n").unwrap();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": config_uri, "type": 2 }] }),
    );
    server.wait_for_diagnostics(&config_uri, |params| params["diagnostics"] == json!([]));
    server.shutdown();
}
