//! The runner over components built from WAT at test time: every WIT value
//! type round-tripped through an export, interface-nested exports, export
//! listing and templates, resource sessions, mocked and unmocked imports,
//! stale components reported as mismatches, and the compile cache.

mod common;

use std::sync::Arc;

use common::{ALLOCATOR, adder, build_component, load, runner};
use wit_runner::{
    CallResult, FunctionKind, ImportOutcome, MismatchKind, Mocks, RunOptions, RunOutcome, Runner,
    RunnerConfig, RunnerError, TrapKind,
};

const SCALARS: &[(&str, &str, &str)] = &[
    ("bool", "bool", "i32"),
    ("s8", "s8", "i32"),
    ("u8", "u8", "i32"),
    ("s16", "s16", "i32"),
    ("u16", "u16", "i32"),
    ("s32", "s32", "i32"),
    ("u32", "u32", "i32"),
    ("s64", "s64", "i64"),
    ("u64", "u64", "i64"),
    ("f32", "f32", "f32"),
    ("f64", "f64", "f64"),
    ("char", "char", "i32"),
    ("enum", "color", "i32"),
    ("flags", "perms", "i32"),
];

/// Compound types: their parameters are spilled to memory (with the padding
/// record, more than 16 flat values) and their results returned through a
/// pointer, so the identity function `(param i32) (result i32)` returns the
/// argument's canonical-ABI layout back to the host.
const COMPOUNDS: &[(&str, &str)] = &[
    ("string", "string"),
    ("list", "list<u16>"),
    ("record", "point"),
    ("variant", "shape"),
    ("option", "option<string>"),
    ("result", "result<u32, string>"),
    ("tuple", "tuple<u8, string, f32>"),
    ("nested", "list<option<point>>"),
];

fn pad_value() -> String {
    let fields: Vec<String> = (0..16).map(|index| format!("p{index}: 0")).collect();
    format!("{{{}}}", fields.join(", "))
}

fn values_component() -> Vec<u8> {
    let pad_fields: Vec<String> = (0..16).map(|index| format!("p{index}: u32")).collect();
    let mut wit = format!(
        "package test:values@0.1.0;
interface types {{
  record point {{ x: s32, y: s32, label: string }}
  variant shape {{ circle(f64), square(u32), nothing }}
  enum color {{ red, green, blue }}
  flags perms {{ read, write, exec }}
  record pad {{ {} }}
}}
interface nested {{
  echo-u32: func(x: u32) -> u32;
}}
world values {{
  use types.{{point, shape, color, perms, pad}};
  export nested;
",
        pad_fields.join(", ")
    );
    let mut wat = format!("(module {ALLOCATOR}\n");
    for (name, ty, core) in SCALARS {
        wit.push_str(&format!("  export echo-{name}: func(x: {ty}) -> {ty};\n"));
        wat.push_str(&format!(
            "(func (export \"echo-{name}\") (param {core}) (result {core}) (local.get 0))\n"
        ));
    }
    for (name, ty) in COMPOUNDS {
        wit.push_str(&format!(
            "  export echo-{name}: func(x: {ty}, pad: pad) -> {ty};\n"
        ));
        wat.push_str(&format!(
            "(func (export \"echo-{name}\") (param i32) (result i32) (local.get 0))\n"
        ));
    }
    wit.push_str("}\n");
    wat.push_str(
        "(func (export \"test:values/nested@0.1.0#echo-u32\") (param i32) (result i32) \
         (i32.add (local.get 0) (i32.const 1)))\n)",
    );
    build_component(&[&wit], "values", &wat)
}

fn returned(outcome: &RunOutcome) -> (Option<String>, serde_json::Value) {
    match &outcome.result {
        CallResult::Returned { wave, json } => (wave.clone(), json.clone()),
        CallResult::Trapped { message, .. } => panic!("call trapped: {message}"),
    }
}

fn trapped(outcome: &RunOutcome) -> (TrapKind, String, Vec<String>) {
    match &outcome.result {
        CallResult::Trapped {
            kind,
            message,
            backtrace,
        } => (*kind, message.clone(), backtrace.clone()),
        CallResult::Returned { wave, .. } => panic!("call returned {wave:?}"),
    }
}

#[test]
fn every_value_type_round_trips_through_an_export() {
    let component = load(values_component());
    let options = RunOptions::default();
    let scalar_cases: &[(&str, &[&str])] = &[
        ("bool", &["true", "false"]),
        ("s8", &["-128", "127"]),
        ("u8", &["0", "255"]),
        ("s16", &["-32768", "32767"]),
        ("u16", &["65535"]),
        ("s32", &["-2147483648", "2147483647"]),
        ("u32", &["4294967295"]),
        ("s64", &["-9223372036854775808", "9223372036854775807"]),
        ("u64", &["18446744073709551615"]),
        (
            "f32",
            &[
                "1.5",
                "-inf",
                "inf",
                "nan",
                "340282350000000000000000000000000000000",
            ],
        ),
        ("f64", &["3.141592653589793", "-0.5", "nan", "inf"]),
        ("char", &["'a'", "'ü'", "'🦀'", "'\\n'"]),
        ("enum", &["red", "blue"]),
        ("flags", &["{}", "{read, exec}", "{read, write, exec}"]),
    ];
    for (name, inputs) in scalar_cases {
        for input in *inputs {
            let outcome = runner()
                .run(&component, &format!("echo-{name}({input})"), &options)
                .unwrap();
            let (wave, _) = returned(&outcome);
            assert_eq!(wave.as_deref(), Some(*input), "echo-{name}({input})");
        }
    }
    let pad = pad_value();
    let compound_cases: &[(&str, &[&str])] = &[
        (
            "string",
            &[
                "\"\"",
                "\"héllo, wörld 🌍\"",
                "\"quote \\\" and \\\\ slash\"",
            ],
        ),
        ("list", &["[]", "[0, 1, 65535]"]),
        ("record", &["{x: -1, y: 2147483647, label: \"ünïcode\"}"]),
        ("variant", &["circle(2.5)", "square(7)", "nothing"]),
        ("option", &["none", "some(\"x\")"]),
        ("result", &["ok(42)", "err(\"bad\")"]),
        ("tuple", &["(255, \"two\", 3.5)"]),
        (
            "nested",
            &["[some({x: 1, y: 2, label: \"a\"}), none, some({x: 3, y: 4, label: \"\"})]"],
        ),
    ];
    for (name, inputs) in compound_cases {
        for input in *inputs {
            let outcome = runner()
                .run(
                    &component,
                    &format!("echo-{name}({input}, {pad})"),
                    &options,
                )
                .unwrap();
            let (wave, _) = returned(&outcome);
            assert_eq!(wave.as_deref(), Some(*input), "echo-{name}({input})");
        }
    }
}

#[test]
fn results_are_also_json() {
    let component = load(values_component());
    let options = RunOptions::default();
    let pad = pad_value();
    let cases: &[(String, serde_json::Value)] = &[
        (
            "echo-u64(18446744073709551615)".into(),
            serde_json::json!(18446744073709551615u64),
        ),
        ("echo-f32(nan)".into(), serde_json::json!("nan")),
        (
            "echo-flags({read, exec})".into(),
            serde_json::json!(["read", "exec"]),
        ),
        (
            format!("echo-record({{x: 1, y: -2, label: \"é\"}}, {pad})"),
            serde_json::json!({"x": 1, "y": -2, "label": "é"}),
        ),
        (
            format!("echo-variant(square(3), {pad})"),
            serde_json::json!({"square": 3}),
        ),
        (format!("echo-option(none, {pad})"), serde_json::Value::Null),
        (
            format!("echo-result(err(\"no\"), {pad})"),
            serde_json::json!({"err": "no"}),
        ),
        (
            format!("echo-tuple((1, \"a\", 0.5), {pad})"),
            serde_json::json!([1, "a", 0.5]),
        ),
    ];
    for (call, expected) in cases {
        let outcome = runner().run(&component, call, &options).unwrap();
        assert_eq!(&returned(&outcome).1, expected, "{call}");
    }
}

#[test]
fn interface_exports_are_called_by_any_unambiguous_name() {
    let component = load(values_component());
    let options = RunOptions::default();
    for name in [
        "test:values/nested@0.1.0#echo-u32",
        "nested.echo-u32",
        "nested#echo-u32",
        "test:values/nested.echo-u32",
    ] {
        let outcome = runner()
            .run(&component, &format!("{name}(41)"), &options)
            .unwrap();
        assert_eq!(returned(&outcome).0.as_deref(), Some("42"), "{name}");
        assert_eq!(outcome.function, "test:values/nested@0.1.0#echo-u32");
    }
    // The world-level function of the same name wins for the bare name.
    let outcome = runner().run(&component, "echo-u32(41)", &options).unwrap();
    assert_eq!(returned(&outcome).0.as_deref(), Some("41"));
}

#[test]
fn bad_arguments_point_at_their_bytes() {
    let component = load(values_component());
    let options = RunOptions::default();
    let call = "echo-s8(300)";
    match runner().run(&component, call, &options) {
        Err(RunnerError::BadCall(error)) => {
            assert_eq!(&call[error.span.clone()], "300", "{error:?}");
            assert!(error.message.contains("s8"), "{}", error.message);
        }
        other => panic!("expected a bad call, got {other:?}"),
    }
    let call = "echo-record({x: 1, y: \"no\", label: \"\"}, {})";
    match runner().run(&component, call, &options) {
        Err(RunnerError::BadCall(error)) => {
            assert_eq!(&call[error.span.clone()], "\"no\"", "{error:?}");
        }
        other => panic!("expected a bad call, got {other:?}"),
    }
    let call = "echo-u8(1, 2)";
    match runner().run(&component, call, &options) {
        Err(RunnerError::BadCall(error)) => assert_eq!(&call[error.span.clone()], "2"),
        other => panic!("expected a bad call, got {other:?}"),
    }
    let call = "nope(1)";
    match runner().validate_call(&component, call) {
        Err(RunnerError::BadCall(error)) => {
            assert_eq!(&call[error.span.clone()], "nope");
            assert!(error.message.contains("echo-u8"), "{}", error.message);
        }
        other => panic!("expected an unknown function, got {other:?}"),
    }
    assert!(runner().validate_call(&component, "echo-u8(255)").is_ok());
}

#[test]
fn exports_are_listed_at_every_depth_with_signatures_and_templates() {
    let component = load(values_component());
    let exports = component.exports();
    let record = exports
        .iter()
        .find(|export| export.call_name == "echo-record")
        .unwrap();
    assert_eq!(record.signature, "func(x: point, pad: pad) -> point");
    assert!(
        record
            .call_template()
            .starts_with("echo-record({x: 0, y: 0, label: \"\"}, {p0: 0, p1: 0"),
        "{}",
        record.call_template()
    );
    let variant = exports
        .iter()
        .find(|e| e.call_name == "echo-variant")
        .unwrap();
    assert!(
        variant
            .call_template()
            .starts_with("echo-variant(circle(0.0), ")
    );
    let nested = exports
        .iter()
        .find(|export| export.call_name == "test:values/nested@0.1.0#echo-u32")
        .unwrap();
    assert_eq!(
        nested.interface.as_deref(),
        Some("test:values/nested@0.1.0")
    );
    assert_eq!(nested.short_name, "nested.echo-u32");
    assert_eq!(nested.call_template(), "nested.echo-u32(0)");
    let adder = load(adder());
    let add = &adder.exports()[0];
    assert_eq!(add.signature, "func(a: s32, b: s32) -> s32");
    assert_eq!(add.call_template(), "add(0, 0)");
    // The template is itself a valid call.
    let outcome = runner()
        .run(&adder, &add.call_template(), &RunOptions::default())
        .unwrap();
    assert_eq!(returned(&outcome).0.as_deref(), Some("0"));
}

const COUNTER_WIT: &str = r#"
package test:res@0.1.0;
interface counters {
  resource counter {
    constructor(start: u32);
    get: func() -> u32;
    incr: func();
    make: static func(start: u32) -> counter;
  }
}
world res {
  export counters;
  export drops: func() -> u32;
}
"#;

fn counter_component() -> Vec<u8> {
    let wat = format!(
        r#"(module
  (import "[export]test:res/counters@0.1.0" "[resource-new]counter" (func $new (param i32) (result i32)))
  {ALLOCATOR}
  (global $drops (mut i32) (i32.const 0))
  (func $construct (param $start i32) (result i32)
    (local $rep i32)
    (local.set $rep (call $realloc (i32.const 0) (i32.const 0) (i32.const 4) (i32.const 4)))
    (i32.store (local.get $rep) (local.get $start))
    (call $new (local.get $rep)))
  (func (export "test:res/counters@0.1.0#[constructor]counter") (param i32) (result i32)
    (call $construct (local.get 0)))
  (func (export "test:res/counters@0.1.0#[static]counter.make") (param i32) (result i32)
    (call $construct (local.get 0)))
  (func (export "test:res/counters@0.1.0#[method]counter.get") (param i32) (result i32)
    (i32.load (local.get 0)))
  (func (export "test:res/counters@0.1.0#[method]counter.incr") (param i32)
    (i32.store (local.get 0) (i32.add (i32.load (local.get 0)) (i32.const 1))))
  (func (export "test:res/counters@0.1.0#[dtor]counter") (param i32)
    (global.set $drops (i32.add (global.get $drops) (i32.const 1))))
  (func (export "drops") (result i32) (global.get $drops))
)"#
    );
    build_component(&[COUNTER_WIT], "res", &wat)
}

#[test]
fn resource_functions_are_listed_with_their_kind() {
    let component = load(counter_component());
    let exports = component.exports();
    let by_name = |name: &str| {
        exports
            .iter()
            .find(|export| export.function == name)
            .unwrap_or_else(|| panic!("no {name} in {exports:#?}"))
    };
    let constructor = by_name("[constructor]counter");
    assert_eq!(
        constructor.kind,
        FunctionKind::Constructor {
            resource: "counter".into()
        }
    );
    assert_eq!(constructor.short_name, "counters.counter.new");
    assert_eq!(constructor.signature, "func(start: u32) -> counter");
    let get = by_name("[method]counter.get");
    assert_eq!(
        get.kind,
        FunctionKind::Method {
            resource: "counter".into()
        }
    );
    assert_eq!(get.signature, "func(self: borrow<counter>) -> u32");
    assert_eq!(get.call_template(), "counters.counter.get(counter#1)");
    assert_eq!(
        by_name("[static]counter.make").kind,
        FunctionKind::Static {
            resource: "counter".into()
        }
    );
    assert!(by_name("drops").interface.is_none());
}

#[test]
fn a_session_keeps_resource_handles_across_calls() {
    let component = load(counter_component());
    let runner = runner();
    let session = runner
        .open_session(&component, &RunOptions::default())
        .unwrap();
    let made = runner.call_in_session(session, "counter.new(5)").unwrap();
    assert_eq!(returned(&made).0.as_deref(), Some("counter#1"));
    let other = runner
        .call_in_session(session, "counter.make(100)")
        .unwrap();
    assert_eq!(returned(&other).0.as_deref(), Some("counter#2"));
    assert_eq!(
        runner.session_handles(session).unwrap(),
        ["counter#1", "counter#2"]
    );
    let get = runner
        .call_in_session(session, "counter.get(counter#1)")
        .unwrap();
    assert_eq!(returned(&get).0.as_deref(), Some("5"));
    runner
        .call_in_session(session, "[method]counter.incr(counter#1)")
        .unwrap();
    let get = runner
        .call_in_session(
            session,
            "test:res/counters@0.1.0#[method]counter.get(counter#1)",
        )
        .unwrap();
    assert_eq!(returned(&get).0.as_deref(), Some("6"));
    let get = runner
        .call_in_session(session, "counter.get(counter#2)")
        .unwrap();
    assert_eq!(returned(&get).0.as_deref(), Some("100"));

    let dropped = runner.drop_handle(session, "counter#1").unwrap();
    assert!(dropped.returned());
    let drops = runner.call_in_session(session, "drops()").unwrap();
    assert_eq!(returned(&drops).0.as_deref(), Some("1"));
    match runner.call_in_session(session, "counter.get(counter#1)") {
        Err(RunnerError::BadCall(error)) => {
            assert!(
                error.message.contains("not a live handle"),
                "{}",
                error.message
            );
        }
        other => panic!("expected a dead handle, got {other:?}"),
    }
    assert!(runner.end_session(session));
    assert!(matches!(
        runner.call_in_session(session, "drops()"),
        Err(RunnerError::NoSession(_))
    ));
}

#[test]
fn sessions_end_after_the_idle_timeout() {
    let runner = Runner::new(RunnerConfig {
        cache_dir: None,
        session_idle_timeout: std::time::Duration::from_millis(50),
        ..RunnerConfig::default()
    })
    .unwrap();
    let component = runner.load_bytes(counter_component(), None).unwrap();
    let session = runner
        .open_session(&component, &RunOptions::default())
        .unwrap();
    assert_eq!(runner.session_ids(), [session]);
    std::thread::sleep(std::time::Duration::from_millis(120));
    assert!(runner.session_ids().is_empty());
}

#[test]
fn sessions_end_when_the_component_file_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("counter.wasm");
    std::fs::write(&path, counter_component()).unwrap();
    let runner = runner();
    let component = runner.load_file(&path).unwrap();
    let session = runner
        .open_session(&component, &RunOptions::default())
        .unwrap();
    // Loading the same bytes again keeps the session.
    runner.load_file(&path).unwrap();
    assert!(runner.call_in_session(session, "drops()").is_ok());
    std::fs::write(&path, adder()).unwrap();
    runner.load_file(&path).unwrap();
    assert!(matches!(
        runner.call_in_session(session, "drops()"),
        Err(RunnerError::NoSession(_))
    ));
}

const KV_WIT: &str = r#"
package test:mock@0.1.0;
interface kvdb {
  resource connection {
    constructor();
    get: func(key: string) -> option<string>;
  }
}
world app {
  import log: func(msg: string);
  import kvdb;
  export run: func(key: string) -> option<string>;
}
"#;

fn kv_component() -> Vec<u8> {
    let wat = format!(
        r#"(module
  (import "$root" "log" (func $log (param i32 i32)))
  (import "test:mock/kvdb@0.1.0" "[constructor]connection" (func $connect (result i32)))
  (import "test:mock/kvdb@0.1.0" "[method]connection.get" (func $get (param i32 i32 i32 i32)))
  (import "test:mock/kvdb@0.1.0" "[resource-drop]connection" (func $drop (param i32)))
  {ALLOCATOR}
  (func (export "run") (param $ptr i32) (param $len i32) (result i32)
    (local $connection i32)
    (call $log (local.get $ptr) (local.get $len))
    (local.set $connection (call $connect))
    (call $get (local.get $connection) (local.get $ptr) (local.get $len) (i32.const 256))
    (call $drop (local.get $connection))
    (i32.const 256))
)"#
    );
    build_component(&[KV_WIT], "app", &wat)
}

#[test]
fn mocked_imports_answer_and_every_call_is_recorded() {
    let component = load(kv_component());
    let mocks = Mocks::from_toml(
        r#"
[mocks]
log = "log"
"kvdb.[constructor]connection" = "log"
"mock/kvdb.[method]connection.get" = ['some("world")', "none"]
"#,
        "wit-lsp.toml",
    )
    .unwrap();
    let options = RunOptions {
        mocks: Some(Arc::new(mocks)),
        ..RunOptions::default()
    };
    let outcome = runner()
        .run(&component, "run(\"hello\")", &options)
        .unwrap();
    assert_eq!(returned(&outcome).0.as_deref(), Some("some(\"world\")"));
    let calls: Vec<(&str, Vec<&str>, Option<&str>, ImportOutcome)> = outcome
        .import_calls
        .iter()
        .map(|call| {
            (
                call.function.as_str(),
                call.args.iter().map(String::as_str).collect(),
                call.result.as_deref(),
                call.outcome,
            )
        })
        .collect();
    assert_eq!(
        calls,
        [
            ("log", vec!["\"hello\""], None, ImportOutcome::Logged),
            (
                "mock/kvdb.[constructor]connection",
                vec![],
                Some("connection#1"),
                ImportOutcome::Logged
            ),
            (
                "mock/kvdb.[method]connection.get",
                vec!["connection#1", "\"hello\""],
                Some("some(\"world\")"),
                ImportOutcome::Mocked
            ),
        ]
    );
    // A fresh store per run: the mock's results start again from the first.
    let again = runner().run(&component, "run(\"x\")", &options).unwrap();
    assert_eq!(returned(&again).0.as_deref(), Some("some(\"world\")"));
}

#[test]
fn mock_results_are_returned_in_turn_then_run_out() {
    let component = load(kv_component());
    let mocks = Mocks::from_toml(
        "[mocks]\nlog = \"log\"\n\"kvdb.[constructor]connection\" = \"log\"\n\
         \"kvdb.[method]connection.get\" = ['some(\"a\")', 'none']\n",
        "m.toml",
    )
    .unwrap();
    let options = RunOptions {
        mocks: Some(Arc::new(mocks)),
        ..RunOptions::default()
    };
    let runner = runner();
    let session = runner.open_session(&component, &options).unwrap();
    let first = runner.call_in_session(session, "run(\"k\")").unwrap();
    assert_eq!(returned(&first).0.as_deref(), Some("some(\"a\")"));
    let second = runner.call_in_session(session, "run(\"k\")").unwrap();
    assert_eq!(returned(&second).0.as_deref(), Some("none"));
    let third = runner.call_in_session(session, "run(\"k\")").unwrap();
    let (kind, message, _) = trapped(&third);
    assert_eq!(kind, TrapKind::MockExhausted);
    assert!(message.contains("has only 2 result(s)"), "{message}");
    runner.end_session(session);
}

#[test]
fn unmocked_imports_trap_naming_the_import() {
    let component = load(kv_component());
    let outcome = runner()
        .run(&component, "run(\"hello\")", &RunOptions::default())
        .unwrap();
    let (kind, message, _) = trapped(&outcome);
    assert_eq!(kind, TrapKind::ImportNotMocked);
    assert_eq!(message, "log was called but is not mocked");
    assert_eq!(outcome.import_calls.len(), 1);
    assert_eq!(outcome.import_calls[0].outcome, ImportOutcome::NotMocked);

    let only_log = Mocks::from_toml("[mocks]\nlog = \"log\"\n", "m.toml").unwrap();
    let options = RunOptions {
        mocks: Some(Arc::new(only_log)),
        ..RunOptions::default()
    };
    let outcome = runner()
        .run(&component, "run(\"hello\")", &options)
        .unwrap();
    let (kind, message, _) = trapped(&outcome);
    assert_eq!(kind, TrapKind::ImportNotMocked);
    assert_eq!(
        message,
        "mock/kvdb.[constructor]connection was called but is not mocked"
    );
}

#[test]
fn bad_mocks_are_reported_before_running() {
    let component = load(kv_component());
    for (text, expected) in [
        ("[mocks]\nnope = \"log\"\n", "matches no import"),
        (
            "[mocks]\n\"kvdb.[method]connection.get\" = 'some(1)'\n",
            "is not a valid",
        ),
        ("[mocks]\nlog = \"1\"\n", "returns nothing"),
        (
            "[mocks]\n\"kvdb.[constructor]connection\" = \"x\"\n",
            "resource handles",
        ),
    ] {
        let mocks = Mocks::from_toml(text, "m.toml").unwrap();
        let options = RunOptions {
            mocks: Some(Arc::new(mocks)),
            ..RunOptions::default()
        };
        match runner().run(&component, "run(\"k\")", &options) {
            Err(RunnerError::Mock(error)) => {
                assert!(error.to_string().contains(expected), "{error}");
                assert!(error.to_string().starts_with("m.toml: "), "{error}");
            }
            other => panic!("expected a mock error for {text:?}, got {other:?}"),
        }
    }
}

#[test]
fn a_stale_component_is_reported_as_a_mismatch() {
    let component = load(adder());
    let mut resolve = wit_parser::Resolve::default();
    let package = resolve
        .push_str(
            "world.wit",
            "package test:adder@0.1.0;
world adder {
  export add: func(a: s64, b: s64) -> s64;
  export sub: func(a: s32, b: s32) -> s32;
}",
        )
        .unwrap();
    let world = resolve.select_world(&[package], Some("adder")).unwrap();
    let mismatches = wit_runner::check_against_world(&component, &resolve, world);
    let kinds: Vec<MismatchKind> = mismatches.iter().map(|mismatch| mismatch.kind).collect();
    assert_eq!(
        kinds,
        [MismatchKind::ExportTypeDiffers, MismatchKind::MissingExport]
    );
    assert_eq!(
        mismatches[0].message,
        "export `add` differs: the WIT says `func(a: s64, b: s64) -> s64` but the component \
         has `func(a: s32, b: s32) -> s32`; rebuild the component"
    );
    assert!(
        mismatches[1].message.contains("`sub"),
        "{}",
        mismatches[1].message
    );

    // The WIT it was built from matches.
    let mut resolve = wit_parser::Resolve::default();
    let package = resolve.push_str("world.wit", common::ADDER_WIT).unwrap();
    let world = resolve.select_world(&[package], Some("adder")).unwrap();
    assert_eq!(
        wit_runner::check_against_world(&component, &resolve, world),
        []
    );
}

#[test]
fn undeclared_imports_are_reported() {
    let component = load(kv_component());
    let mut resolve = wit_parser::Resolve::default();
    let package = resolve
        .push_str(
            "world.wit",
            "package test:mock@0.1.0;
world app {
  import log: func(msg: string, level: u8);
  export run: func(key: string) -> option<string>;
}",
        )
        .unwrap();
    let world = resolve.select_world(&[package], Some("app")).unwrap();
    let mut found: Vec<(String, MismatchKind)> =
        wit_runner::check_against_world(&component, &resolve, world)
            .into_iter()
            .map(|mismatch| (mismatch.item, mismatch.kind))
            .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        found,
        [
            ("log".to_string(), MismatchKind::ImportTypeDiffers),
            (
                "test:mock/kvdb@0.1.0#[constructor]connection".to_string(),
                MismatchKind::UndeclaredImport
            ),
            (
                "test:mock/kvdb@0.1.0#[method]connection.get".to_string(),
                MismatchKind::UndeclaredImport
            ),
        ]
    );
}

#[test]
fn the_compile_cache_is_private_reused_and_never_trusts_damage() {
    let dir = tempfile::tempdir().unwrap();
    let cache_dir = dir.path().join("cache");
    let make_runner = || {
        Runner::new(RunnerConfig {
            cache_dir: Some(cache_dir.clone()),
            ..RunnerConfig::default()
        })
        .unwrap()
    };
    let first = make_runner();
    let component = first.load_bytes(adder(), None).unwrap();
    assert!(!component.from_cache);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&cache_dir).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
    }
    let entries: Vec<_> = std::fs::read_dir(&cache_dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert!(entries[0].extension().is_some_and(|ext| ext == "cwasm"));

    let second = make_runner();
    let cached = second.load_bytes(adder(), None).unwrap();
    assert!(cached.from_cache);
    let outcome = second
        .run(&cached, "add(2, 3)", &RunOptions::default())
        .unwrap();
    assert_eq!(returned(&outcome).0.as_deref(), Some("5"));

    // Damage the entry: it is recompiled, not trusted.
    let mut bytes = std::fs::read(&entries[0]).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    std::fs::write(&entries[0], &bytes).unwrap();
    let third = make_runner();
    let recompiled = third.load_bytes(adder(), None).unwrap();
    assert!(!recompiled.from_cache);
    let outcome = third
        .run(&recompiled, "add(20, 22)", &RunOptions::default())
        .unwrap();
    assert_eq!(returned(&outcome).0.as_deref(), Some("42"));
    // ... and the cache holds a good entry again.
    assert!(make_runner().load_bytes(adder(), None).unwrap().from_cache);
}

#[test]
fn wat_text_and_core_modules_are_handled() {
    let dir = tempfile::tempdir().unwrap();
    let core = dir.path().join("core.wat");
    std::fs::write(&core, "(module)").unwrap();
    match runner().load_file(&core) {
        Err(RunnerError::InvalidComponent { message, .. }) => {
            assert!(message.contains("core wasm module"), "{message}");
        }
        other => panic!("expected a core-module error, got {other:?}"),
    }
    let text = dir.path().join("component.wat");
    std::fs::write(&text, "(component)").unwrap();
    assert!(runner().load_file(&text).unwrap().exports().is_empty());
    let broken = dir.path().join("broken.wasm");
    std::fs::write(&broken, b"\0asm\x0d\0\x01\0garbage").unwrap();
    assert!(matches!(
        runner().load_file(&broken),
        Err(RunnerError::InvalidComponent { .. })
    ));
}

#[test]
fn fuel_is_reported_when_enabled() {
    let runner = Runner::new(RunnerConfig {
        cache_dir: None,
        fuel: true,
        ..RunnerConfig::default()
    })
    .unwrap();
    let component = runner.load_bytes(adder(), None).unwrap();
    let outcome = runner
        .run(&component, "add(1, 2)", &RunOptions::default())
        .unwrap();
    assert!(
        outcome.fuel_consumed.is_some_and(|fuel| fuel > 0),
        "{outcome:?}"
    );
    let plain = common::runner()
        .run(&load(adder()), "add(1, 2)", &RunOptions::default())
        .unwrap();
    assert_eq!(plain.fuel_consumed, None);
}

#[test]
fn the_runner_can_be_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Runner>();
    assert_send_sync::<wit_runner::LoadedComponent>();
    assert_send_sync::<RunOutcome>();
    let component = load(adder());
    let handles: Vec<_> = (0..4)
        .map(|index| {
            let component = component.clone();
            std::thread::spawn(move || {
                let outcome = runner()
                    .run(
                        &component,
                        &format!("add({index}, 10)"),
                        &RunOptions::default(),
                    )
                    .unwrap();
                returned(&outcome).0
            })
        })
        .collect();
    let results: Vec<Option<String>> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(
        results,
        ["10", "11", "12", "13"].map(|text| Some(text.to_string()))
    );
}

#[test]
fn unmocked_imports_are_listed_before_running() {
    let component = load(kv_component());
    assert_eq!(
        component.unmocked_imports(None),
        [
            "log",
            "mock/kvdb.[constructor]connection",
            "mock/kvdb.[method]connection.get"
        ]
    );
    let mocks = Mocks::from_toml(
        "[mocks]\nlog = \"log\"\n\"connection.new\" = \"log\"\n",
        "m.toml",
    )
    .unwrap();
    assert_eq!(
        component.unmocked_imports(Some(&mocks)),
        ["mock/kvdb.[method]connection.get"]
    );
    assert!(load(adder()).unmocked_imports(None).is_empty());
}

/// A project file with `#` inside strings (and comments after values) is read by the
/// project file's parser: the mock answers `some("a#b")` whole.
#[test]
fn a_hash_inside_a_mock_string_is_part_of_the_result() {
    let component = load(kv_component());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("wit-lsp.toml");
    std::fs::write(
        &file,
        "[format] # layout\nindent = 2 # spaces\n\n[mocks]\nlog = \"log\" # the logger\n\
         \"kvdb.[constructor]connection\" = \"log\"\n\
         \"kvdb.[method]connection.get\" = ['some(\"a#b\")']\n",
    )
    .unwrap();
    let options = RunOptions {
        mocks: Some(Arc::new(Mocks::from_file(&file).unwrap())),
        ..RunOptions::default()
    };
    let outcome = runner().run(&component, "run(\"k\")", &options).unwrap();
    assert_eq!(returned(&outcome).0.as_deref(), Some("some(\"a#b\")"));
}

/// A component file is loaded once and reused while it is unchanged; a rebuild with the same
/// bytes is reused too, a changed file is loaded again, and only a few stay loaded.
#[test]
fn loaded_components_are_reused_until_their_file_changes() {
    let runner = wit_runner::Runner::new(wit_runner::RunnerConfig {
        cache_dir: None,
        ..wit_runner::RunnerConfig::default()
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("adder.wasm");
    std::fs::write(&path, adder()).unwrap();
    let first = runner.load_file(&path).unwrap();
    let again = runner.load_file(&path).unwrap();
    assert!(
        Arc::ptr_eq(&first, &again),
        "an unchanged file is not loaded again"
    );
    assert_eq!(runner.component_loads(), 1);

    // Rewritten with the same bytes (a rebuild that changed nothing): still the same.
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&path, adder()).unwrap();
    let touched = runner.load_file(&path).unwrap();
    assert!(Arc::ptr_eq(&first, &touched));
    assert_eq!(runner.component_loads(), 1);

    // Another component in the same file: loaded again.
    std::fs::write(&path, kv_component()).unwrap();
    let changed = runner.load_file(&path).unwrap();
    assert!(!Arc::ptr_eq(&first, &changed));
    assert_eq!(runner.component_loads(), 2);
    assert!(changed.find_export("run").is_ok());

    // Beyond the bound the least recently used goes: the first copy is loaded again.
    let copies: Vec<_> = (0..9)
        .map(|index| {
            let copy = dir.path().join(format!("copy{index}.wasm"));
            std::fs::write(&copy, adder()).unwrap();
            copy
        })
        .collect();
    for copy in &copies {
        runner.load_file(copy).unwrap();
    }
    assert_eq!(runner.component_loads(), 2 + 9);
    runner.load_file(&copies[8]).unwrap();
    assert_eq!(runner.component_loads(), 11, "a recent one is still loaded");
    runner.load_file(&copies[0]).unwrap();
    assert_eq!(runner.component_loads(), 12, "the oldest was evicted");
}
