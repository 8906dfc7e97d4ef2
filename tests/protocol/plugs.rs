//! A plug in `wit-lsp.toml` that does not fit its component is a diagnostic on the plug's
//! entry, with the message `wit-lsp compose` gives; a plug that fits is none. Against the
//! server in process, with components built at test time from WIT and WAT.

use serde_json::json;
use wit_lsp_test_client::components::write_calculator_pair;
use wit_lsp_test_client::{Server, file_uri, write_fixture};

const FIXTURE: &str = "\
//- /project/wit/calc.wit
package bars:calc@0.1.0;

interface adder {
    add: func(a: u32, b: u32) -> u32;
}

world calculator {
    import adder;
    export calculate: func(a: u32, b: u32) -> u32;
}

world adder-provider {
    export adder;
}
";

#[test]
fn a_plug_that_does_not_fit_is_a_diagnostic_on_its_entry() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = write_fixture(dir.path(), FIXTURE);
    let project = dir.path().join("project");
    let wit = std::fs::read_to_string(&files[0]).unwrap();
    write_calculator_pair(&project, &wit);
    let config = project.join("wit-lsp.toml");
    std::fs::write(
        &config,
        "[[component]]\npath = \"calculator.wasm\"\nplugs = [\n  \"adder.wasm\",\n  \"adder64.wasm\",\n  \"missing.wasm\",\n]\n",
    )
    .unwrap();
    let config_uri = file_uri(&config);
    let mut server = Server::in_process();
    server.initialize(dir.path(), &["utf-16"]);
    server.open(&files[0], 1);
    let published = server.wait_for_diagnostics(&config_uri, |params| {
        params["diagnostics"]
            .as_array()
            .is_some_and(|d| !d.is_empty())
    });
    // The missing plug is a warning; the others are not checked until it exists.
    let diagnostics = published["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{published}");
    assert_eq!(diagnostics[0]["code"], "plug-mismatch");
    assert_eq!(diagnostics[0]["severity"], 2);
    assert_eq!(
        diagnostics[0]["range"]["start"],
        json!({ "line": 5, "character": 2 })
    );

    std::fs::write(
        &config,
        "[[component]]\npath = \"calculator.wasm\"\nplugs = [\n  \"adder64.wasm\",\n]\n",
    )
    .unwrap();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": config_uri, "type": 2 }] }),
    );
    let published = server.wait_for_diagnostics(&config_uri, |params| {
        params["diagnostics"][0]["severity"] == 1
    });
    let diagnostic = &published["diagnostics"][0];
    assert_eq!(diagnostic["code"], "plug-mismatch", "{published}");
    assert_eq!(
        diagnostic["range"],
        json!({ "start": { "line": 3, "character": 2 }, "end": { "line": 3, "character": 16 } }),
        "{published}"
    );
    assert_eq!(
        diagnostic["message"],
        "bars:calc/adder.add: calculator.wasm imports func(a: u32, b: u32) -> u32, \
         adder64.wasm exports func(a: u64, b: u64) -> u64"
    );

    // A plug that fits: the file has no diagnostics.
    std::fs::write(
        &config,
        "[[component]]\npath = \"calculator.wasm\"\nplugs = [\"adder.wasm\"]\n",
    )
    .unwrap();
    server.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": config_uri, "type": 2 }] }),
    );
    server.wait_for_diagnostics(&config_uri, |params| params["diagnostics"] == json!([]));
    server.shutdown();
}

#[test]
fn wit_compose_writes_the_composition_or_says_why_not() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = write_fixture(dir.path(), FIXTURE);
    let project = dir.path().join("project");
    let wit = std::fs::read_to_string(&files[0]).unwrap();
    write_calculator_pair(&project, &wit);
    std::fs::write(
        project.join("wit-lsp.toml"),
        "[[component]]\npath = \"calculator.wasm\"\nplugs = [\"adder.wasm\"]\n",
    )
    .unwrap();
    let mut server = Server::in_process();
    server.initialize(dir.path(), &["utf-16"]);

    // The plugs of the component's wit-lsp.toml entry.
    let output = project.join("app.wasm");
    let answer = server.request(
        "wit/compose",
        json!({ "consumer": project.join("calculator.wasm"), "output": output }),
    );
    let result = &answer["result"];
    assert_eq!(result["composed"], true, "{answer}");
    assert_eq!(result["links"][0]["import"], "bars:calc/adder@0.1.0");
    assert_eq!(result["links"][0]["provider"], "adder.wasm");
    let bytes = std::fs::read(&output).expect("the composition is written");
    assert_eq!(result["size"], bytes.len());
    wasmparser::Validator::new()
        .validate_all(&bytes)
        .expect("the composition validates");

    // Explicit plugs that do not fit: refusals, nothing written.
    let refused_output = project.join("refused.wasm");
    let answer = server.request(
        "wit/compose",
        json!({
            "consumer": project.join("calculator.wasm"),
            "plugs": [project.join("adder64.wasm")],
            "output": refused_output,
        }),
    );
    let result = &answer["result"];
    assert_eq!(result["composed"], false, "{answer}");
    assert_eq!(result["refusals"][0]["kind"], "signature-differs");
    assert_eq!(result["refusals"][0]["plug"], 0);
    assert!(!refused_output.exists());

    // A missing file is an invalid-params error naming it.
    let answer = server.request(
        "wit/compose",
        json!({ "consumer": project.join("nowhere.wasm"), "plugs": [project.join("adder.wasm")] }),
    );
    assert_eq!(answer["error"]["code"], -32602, "{answer}");
    assert!(
        answer["error"]["message"]
            .as_str()
            .is_some_and(|message| message.contains("nowhere.wasm")),
        "{answer}"
    );
    server.shutdown();
}

#[test]
fn hover_on_a_plugged_import_names_the_plug() {
    let dir = tempfile::tempdir().expect("tempdir");
    let files = write_fixture(dir.path(), FIXTURE);
    let project = dir.path().join("project");
    let wit = std::fs::read_to_string(&files[0]).unwrap();
    write_calculator_pair(&project, &wit);
    std::fs::write(
        project.join("wit-lsp.toml"),
        "[[component]]\nworld = \"bars:calc/calculator\"\npath = \"calculator.wasm\"\nplugs = [\"adder.wasm\"]\n",
    )
    .unwrap();
    let mut server = Server::in_process();
    server.initialize(dir.path(), &["utf-8", "utf-16"]);
    let uri = server.open(&files[0], 1);
    server.wait_for_diagnostics(&uri, |_| true);
    let hover_at = |server: &mut Server, needle: &str, nth: usize| {
        server.request(
            "textDocument/hover",
            wit_lsp_test_client::text_document_position(
                &uri,
                wit_lsp_test_client::position_of(&wit, needle, nth, 1),
            ),
        )["result"]["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    // `import adder;` in world calculator: plugged.
    let on_import = hover_at(&mut server, "import adder", 0);
    assert!(
        on_import.is_empty(),
        "the keyword has no hover: {on_import}"
    );
    let on_name = hover_at(&mut server, "adder;", 0);
    assert!(
        on_name.contains("interface adder")
            && on_name.ends_with("Plugged by `adder.wasm` (`plugs` in wit-lsp.toml)"),
        "{on_name}"
    );
    // `export adder;` in world adder-provider: not a world the entry configures.
    let on_export = hover_at(&mut server, "adder;", 1);
    assert!(
        on_export.contains("interface adder") && !on_export.contains("Plugged"),
        "{on_export}"
    );
    // The interface's own definition: no plug note either.
    let on_definition = hover_at(&mut server, "adder {", 0);
    assert!(
        on_definition.contains("interface adder") && !on_definition.contains("Plugged"),
        "{on_definition}"
    );
    server.shutdown();
}
