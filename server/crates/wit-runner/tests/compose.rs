//! Composition: plugs that fit are linked and the result runs; plugs that do
//! not are refused with a message naming the import and both sides.

mod common;

use common::{ALLOCATOR, build_component, load, runner};
use wit_runner::compose::{ComposeInput, Composition, RefusalKind, Refused, compose};
use wit_runner::{CallResult, ImportOutcome, PlugError, RunOptions};

const CALC_WIT: &str = r#"
package bars:calc@0.1.0;
interface adder {
  add: func(a: u32, b: u32) -> u32;
}
interface doubler {
  double: func(x: u32) -> u32;
}
world calculator {
  import adder;
  export calculate: func(a: u32, b: u32) -> u32;
}
world adder-provider {
  export adder;
}
world adder-via-doubler {
  import doubler;
  export adder;
}
world doubler-provider {
  export doubler;
}
"#;

/// `calculate(a, b)` = `adder.add(a, b)`.
fn calculator() -> Vec<u8> {
    build_component(
        &[CALC_WIT],
        "calculator",
        r#"(module
          (import "bars:calc/adder@0.1.0" "add" (func $add (param i32 i32) (result i32)))
          (func (export "calculate") (param i32 i32) (result i32)
            (call $add (local.get 0) (local.get 1))))"#,
    )
}

fn adder() -> Vec<u8> {
    build_component(
        &[CALC_WIT],
        "adder-provider",
        r#"(module
          (func (export "bars:calc/adder@0.1.0#add") (param i32 i32) (result i32)
            (i32.add (local.get 0) (local.get 1))))"#,
    )
}

/// `add(a, b)` = `double(a) + b`, with `double` imported.
fn adder_via_doubler() -> Vec<u8> {
    build_component(
        &[CALC_WIT],
        "adder-via-doubler",
        r#"(module
          (import "bars:calc/doubler@0.1.0" "double" (func $double (param i32) (result i32)))
          (func (export "bars:calc/adder@0.1.0#add") (param i32 i32) (result i32)
            (i32.add (call $double (local.get 0)) (local.get 1))))"#,
    )
}

fn doubler() -> Vec<u8> {
    build_component(
        &[CALC_WIT],
        "doubler-provider",
        r#"(module
          (func (export "bars:calc/doubler@0.1.0#double") (param i32) (result i32)
            (i32.mul (local.get 0) (i32.const 2))))"#,
    )
}

fn input<'a>(name: &str, bytes: &'a [u8]) -> ComposeInput<'a> {
    ComposeInput {
        name: name.to_string(),
        bytes,
    }
}

fn composed(consumer: &[u8], plugs: &[(&str, &[u8])]) -> Composition {
    let plugs: Vec<ComposeInput<'_>> = plugs
        .iter()
        .map(|(name, bytes)| input(name, bytes))
        .collect();
    compose(&input("calculator.wasm", consumer), &plugs)
        .unwrap_or_else(|refused| panic!("{refused}"))
}

fn refused(consumer: &[u8], plugs: &[(&str, &[u8])]) -> Refused {
    let plugs: Vec<ComposeInput<'_>> = plugs
        .iter()
        .map(|(name, bytes)| input(name, bytes))
        .collect();
    match compose(&input("calculator.wasm", consumer), &plugs) {
        Ok(composition) => panic!("composed, links: {:?}", composition.links),
        Err(refused) => refused,
    }
}

fn call(bytes: Vec<u8>, call: &str) -> String {
    let component = load(bytes);
    let outcome = runner()
        .run(&component, call, &RunOptions::default())
        .unwrap();
    match outcome.result {
        CallResult::Returned { wave, .. } => wave.unwrap_or_default(),
        CallResult::Trapped { message, .. } => panic!("{call} trapped: {message}"),
    }
}

fn validate(bytes: &[u8]) {
    wasmparser::Validator::new()
        .validate_all(bytes)
        .expect("the composition validates");
}

#[test]
fn a_fitting_plug_is_linked_and_the_result_runs() {
    let composition = composed(&calculator(), &[("adder.wasm", &adder())]);
    validate(&composition.bytes);
    assert_eq!(composition.links.len(), 1);
    let link = &composition.links[0];
    assert_eq!(
        (
            link.importer.as_str(),
            link.import.as_str(),
            link.provider.as_str()
        ),
        ("calculator.wasm", "bars:calc/adder@0.1.0", "adder.wasm")
    );
    assert!(
        composition.open_imports.is_empty(),
        "{:?}",
        composition.open_imports
    );
    // The result imports nothing and exports what the consumer exports.
    let loaded = load(composition.bytes.clone());
    assert!(loaded.imports().is_empty(), "{:?}", loaded.imports());
    assert_eq!(call(composition.bytes, "calculate(40, 2)"), "42");
}

#[test]
fn plugs_are_plugged_transitively() {
    // calculator imports adder (from adder-via-doubler), which imports doubler.
    let composition = composed(
        &calculator(),
        &[
            ("adder.wasm", &adder_via_doubler()),
            ("doubler.wasm", &doubler()),
        ],
    );
    validate(&composition.bytes);
    let links: Vec<(&str, &str)> = composition
        .links
        .iter()
        .map(|link| (link.importer.as_str(), link.provider.as_str()))
        .collect();
    assert_eq!(
        links,
        [
            ("calculator.wasm", "adder.wasm"),
            ("adder.wasm", "doubler.wasm")
        ]
    );
    // double(40) + 2
    assert_eq!(call(composition.bytes, "calculate(40, 2)"), "82");
}

#[test]
fn a_later_patch_or_minor_version_satisfies_an_import() {
    let newer = CALC_WIT.replace("bars:calc@0.1.0", "bars:calc@0.1.7");
    let provider = build_component(
        &[&newer],
        "adder-provider",
        r#"(module
          (func (export "bars:calc/adder@0.1.7#add") (param i32 i32) (result i32)
            (i32.add (local.get 0) (local.get 1))))"#,
    );
    let composition = composed(&calculator(), &[("adder.wasm", &provider)]);
    assert_eq!(composition.links[0].export, "bars:calc/adder@0.1.7");
    assert_eq!(call(composition.bytes, "calculate(1, 2)"), "3");
}

#[test]
fn a_provider_that_imports_wasi_keeps_that_import_open() {
    let wasi_random = r#"
package wasi:random@0.2.0;
interface random {
  get-random-u64: func() -> u64;
}
"#;
    let calc = format!(
        "{}\nworld random-adder {{ import wasi:random/random@0.2.0; export adder; }}",
        CALC_WIT.trim_end()
    );
    let provider = build_component(
        &[wasi_random, &calc],
        "random-adder",
        r#"(module
          (import "wasi:random/random@0.2.0" "get-random-u64" (func $random (result i64)))
          (func (export "bars:calc/adder@0.1.0#add") (param i32 i32) (result i32)
            (drop (call $random))
            (i32.add (local.get 0) (local.get 1))))"#,
    );
    let composition = composed(&calculator(), &[("random-adder.wasm", &provider)]);
    validate(&composition.bytes);
    assert_eq!(composition.open_imports, ["wasi:random/random@0.2.0"]);
    // The runner links WASI for the open import; the call crosses both instances.
    assert_eq!(call(composition.bytes, "calculate(20, 22)"), "42");
}

#[test]
fn a_changed_signature_is_refused_naming_both_sides() {
    let wide = CALC_WIT.replace(
        "add: func(a: u32, b: u32) -> u32",
        "add: func(a: u64, b: u64) -> u64",
    );
    let provider = build_component(
        &[&wide],
        "adder-provider",
        r#"(module
          (func (export "bars:calc/adder@0.1.0#add") (param i64 i64) (result i64)
            (i64.add (local.get 0) (local.get 1))))"#,
    );
    let refused = refused(&calculator(), &[("adder64.wasm", &provider)]);
    assert_eq!(refused.0.len(), 1, "{refused}");
    assert_eq!(refused.0[0].kind, RefusalKind::SignatureDiffers);
    assert_eq!(
        refused.0[0].message,
        "bars:calc/adder.add: calculator.wasm imports func(a: u32, b: u32) -> u32, \
         adder64.wasm exports func(a: u64, b: u64) -> u64"
    );
}

#[test]
fn same_type_names_with_different_shapes_show_the_shapes() {
    let with_record = |fields: &str| {
        format!(
            "package bars:calc@0.1.0;\ninterface adder {{ record pair {{ {fields} }} add: func(p: pair) -> u32; }}\n\
             world calculator {{ import adder; export calculate: func(a: u32, b: u32) -> u32; }}\n\
             world adder-provider {{ export adder; }}"
        )
    };
    let consumer = build_component(
        &[&with_record("a: u32, b: u32")],
        "calculator",
        r#"(module
          (import "bars:calc/adder@0.1.0" "add" (func $add (param i32 i32) (result i32)))
          (func (export "calculate") (param i32 i32) (result i32)
            (call $add (local.get 0) (local.get 1))))"#,
    );
    let provider = build_component(
        &[&with_record("a: u32, c: u32")],
        "adder-provider",
        r#"(module
          (func (export "bars:calc/adder@0.1.0#add") (param i32 i32) (result i32)
            (i32.add (local.get 0) (local.get 1))))"#,
    );
    let refused = refused(&consumer, &[("adder.wasm", &provider)]);
    assert_eq!(
        refused.0[0].message,
        "bars:calc/adder.add: calculator.wasm imports func(p: record { a: u32, b: u32 }) -> u32, \
         adder.wasm exports func(p: record { a: u32, c: u32 }) -> u32"
    );
}

#[test]
fn a_missing_function_is_refused() {
    let partial = CALC_WIT.replace(
        "add: func(a: u32, b: u32) -> u32;",
        "sub: func(a: u32, b: u32) -> u32;",
    );
    let provider = build_component(
        &[&partial],
        "adder-provider",
        r#"(module
          (func (export "bars:calc/adder@0.1.0#sub") (param i32 i32) (result i32)
            (i32.sub (local.get 0) (local.get 1))))"#,
    );
    let consumer = build_component(
        &[CALC_WIT],
        "calculator",
        r#"(module
          (import "bars:calc/adder@0.1.0" "add" (func $add (param i32 i32) (result i32)))
          (func (export "calculate") (param i32 i32) (result i32)
            (call $add (local.get 0) (local.get 1))))"#,
    );
    let refused = refused(&consumer, &[("subber.wasm", &provider)]);
    assert_eq!(refused.0[0].kind, RefusalKind::MissingFunction);
    assert_eq!(
        refused.0[0].message,
        "bars:calc/adder.add: calculator.wasm imports func(a: u32, b: u32) -> u32, \
         but subber.wasm exports no `add` in bars:calc/adder@0.1.0"
    );
}

#[test]
fn a_plug_exporting_no_imported_interface_is_refused() {
    let refused = refused(&calculator(), &[("doubler.wasm", &doubler())]);
    assert_eq!(refused.0.len(), 1, "{refused}");
    assert_eq!(refused.0[0].kind, RefusalKind::UnusedPlug);
    assert_eq!(
        refused.0[0].message,
        "doubler.wasm: plugs nothing: it exports bars:calc/doubler@0.1.0, \
         and no component of the composition imports it"
    );
}

#[test]
fn a_version_semver_does_not_allow_is_refused() {
    let major = CALC_WIT.replace("bars:calc@0.1.0", "bars:calc@1.0.0");
    let provider = build_component(
        &[&major],
        "adder-provider",
        r#"(module
          (func (export "bars:calc/adder@1.0.0#add") (param i32 i32) (result i32)
            (i32.add (local.get 0) (local.get 1))))"#,
    );
    let refused = refused(&calculator(), &[("adder-v1.wasm", &provider)]);
    assert_eq!(refused.0[0].kind, RefusalKind::IncompatibleVersion);
    assert_eq!(
        refused.0[0].message,
        "bars:calc/adder: calculator.wasm imports @0.1.0, which semver does not let \
         adder-v1.wasm exports @1.0.0 satisfy"
    );
    // It was refused for that import: not also reported as plugging nothing.
    assert_eq!(refused.0.len(), 1, "{refused}");
}

const COUNTER_WIT: &str = r#"
package bars:count@0.1.0;
interface counters {
  resource counter {
    constructor(start: u32);
    get: func() -> u32;
  }
}
world user {
  import counters;
  export run: func() -> u32;
}
world provider {
  export counters;
}
"#;

fn counter_user() -> Vec<u8> {
    build_component(
        &[COUNTER_WIT],
        "user",
        r#"(module
          (import "bars:count/counters@0.1.0" "[constructor]counter" (func $new (param i32) (result i32)))
          (import "bars:count/counters@0.1.0" "[method]counter.get" (func $get (param i32) (result i32)))
          (import "bars:count/counters@0.1.0" "[resource-drop]counter" (func $drop (param i32)))
          (func (export "run") (result i32)
            (local $handle i32)
            (local $value i32)
            (local.set $handle (call $new (i32.const 41)))
            (local.set $value (call $get (local.get $handle)))
            (call $drop (local.get $handle))
            (i32.add (local.get $value) (i32.const 1))))"#,
    )
}

fn counter_provider() -> Vec<u8> {
    let wat = format!(
        r#"(module
          (import "[export]bars:count/counters@0.1.0" "[resource-new]counter" (func $new (param i32) (result i32)))
          {ALLOCATOR}
          (func (export "bars:count/counters@0.1.0#[constructor]counter") (param i32) (result i32)
            (local $rep i32)
            (local.set $rep (call $realloc (i32.const 0) (i32.const 0) (i32.const 4) (i32.const 4)))
            (i32.store (local.get $rep) (local.get 0))
            (call $new (local.get $rep)))
          (func (export "bars:count/counters@0.1.0#[method]counter.get") (param i32) (result i32)
            (i32.load (local.get 0)))
          (func (export "bars:count/counters@0.1.0#[dtor]counter") (param i32)))"#
    );
    build_component(&[COUNTER_WIT], "provider", &wat)
}

#[test]
fn resources_cross_the_plug_boundary() {
    let user = counter_user();
    let composition = compose(
        &input("user.wasm", &user),
        &[input("counters.wasm", &counter_provider())],
    )
    .unwrap_or_else(|refused| panic!("{refused}"));
    validate(&composition.bytes);
    assert_eq!(call(composition.bytes, "run()"), "42");
}

#[test]
fn a_missing_resource_is_refused() {
    let no_resource = r#"
package bars:count@0.1.0;
interface counters {
  make: func(start: u32) -> u32;
}
world provider {
  export counters;
}
"#;
    let provider = build_component(
        &[no_resource],
        "provider",
        r#"(module
          (func (export "bars:count/counters@0.1.0#make") (param i32) (result i32) (local.get 0)))"#,
    );
    let user = counter_user();
    let refused = match compose(
        &input("user.wasm", &user),
        &[input("plain.wasm", &provider)],
    ) {
        Ok(_) => panic!("composed"),
        Err(refused) => refused,
    };
    let kinds: Vec<RefusalKind> = refused.0.iter().map(|refusal| refusal.kind).collect();
    assert!(kinds.contains(&RefusalKind::MissingResource), "{refused}");
    let message = refused
        .0
        .iter()
        .find(|refusal| refusal.kind == RefusalKind::MissingResource)
        .map(|refusal| refusal.message.clone())
        .unwrap_or_default();
    assert_eq!(
        message,
        "bars:count/counters.counter: user.wasm imports resource `counter`, \
         but plain.wasm exports no resource `counter` in bars:count/counters@0.1.0"
    );
}

#[test]
fn plugs_importing_each_other_are_refused_as_a_circle() {
    let wit = r#"
package bars:loop@0.1.0;
interface ping { ping: func() -> u32; }
interface pong { pong: func() -> u32; }
world consumer { import ping; export go: func() -> u32; }
world pinger { import pong; export ping; }
world ponger { import ping; export pong; }
"#;
    let consumer = build_component(
        &[wit],
        "consumer",
        r#"(module
          (import "bars:loop/ping@0.1.0" "ping" (func $ping (result i32)))
          (func (export "go") (result i32) (call $ping)))"#,
    );
    let pinger = build_component(
        &[wit],
        "pinger",
        r#"(module
          (import "bars:loop/pong@0.1.0" "pong" (func $pong (result i32)))
          (func (export "bars:loop/ping@0.1.0#ping") (result i32) (call $pong)))"#,
    );
    let ponger = build_component(
        &[wit],
        "ponger",
        r#"(module
          (import "bars:loop/ping@0.1.0" "ping" (func $ping (result i32)))
          (func (export "bars:loop/pong@0.1.0#pong") (result i32) (call $ping)))"#,
    );
    let refused = match compose(
        &input("consumer.wasm", &consumer),
        &[input("pinger.wasm", &pinger), input("ponger.wasm", &ponger)],
    ) {
        Ok(_) => panic!("composed"),
        Err(refused) => refused,
    };
    assert_eq!(refused.0.len(), 1, "{refused}");
    assert_eq!(refused.0[0].kind, RefusalKind::Cycle);
    assert_eq!(
        refused.0[0].message,
        "the plugs import each other in a circle: pinger.wasm -> ponger.wasm -> pinger.wasm \
         (each imports what the next exports)"
    );
}

#[test]
fn a_file_that_is_not_a_component_is_named() {
    let refused = refused(&calculator(), &[("notes.txt", b"hello")]);
    assert_eq!(refused.0[0].kind, RefusalKind::NotAComponent);
    assert!(
        refused.0[0]
            .message
            .starts_with("notes.txt: not wasm or WAT: "),
        "{refused}"
    );
    let module = wat::parse_str("(module)").unwrap();
    let refused = refused_with(&module);
    assert_eq!(refused.0[0].kind, RefusalKind::NotAComponent);
    assert_eq!(
        refused.0[0].message,
        "core.wasm: is a core wasm module, not a component (make one with `wasm-tools component new`)"
    );
}

fn refused_with(plug: &[u8]) -> Refused {
    let consumer = calculator();
    match compose(
        &input("calculator.wasm", &consumer),
        &[input("core.wasm", plug)],
    ) {
        Ok(_) => panic!("composed"),
        Err(refused) => refused,
    }
}

// ---- run with plugs: providers instantiated beside the consumer, calls logged ----

fn run_plugged(
    consumer: Vec<u8>,
    plugs: Vec<(&str, Vec<u8>)>,
    call: &str,
    options: RunOptions,
) -> wit_runner::RunOutcome {
    let consumer = load(consumer);
    let providers = plugs
        .into_iter()
        .map(|(name, bytes)| (name.to_string(), load(bytes)))
        .collect();
    let plugs = runner()
        .plugs("calculator.wasm", &consumer, providers)
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(!plugs.composed());
    let options = RunOptions {
        plugs: Some(std::sync::Arc::new(plugs)),
        ..options
    };
    runner().run(&consumer, call, &options).unwrap()
}

fn logged(outcome: &wit_runner::RunOutcome) -> Vec<String> {
    outcome
        .import_calls
        .iter()
        .map(|call| {
            format!(
                "{}({}) -> {} [{:?} by {}]",
                call.function,
                call.args.join(", "),
                call.result.as_deref().unwrap_or("-"),
                call.outcome,
                call.provider.as_deref().unwrap_or("-")
            )
        })
        .collect()
}

#[test]
fn a_plugged_run_logs_the_calls_across_the_boundary() {
    let outcome = run_plugged(
        calculator(),
        vec![("adder.wasm", adder())],
        "calculate(40, 2)",
        RunOptions::default(),
    );
    assert!(
        matches!(&outcome.result, CallResult::Returned { wave: Some(wave), .. } if wave == "42")
    );
    assert_eq!(
        logged(&outcome),
        ["calc/adder.add(40, 2) -> 42 [Plugged by adder.wasm]"]
    );
    assert_eq!(outcome.import_calls[0].outcome, ImportOutcome::Plugged);
}

#[test]
fn a_transitively_plugged_run_logs_every_hop_in_call_order() {
    let outcome = run_plugged(
        calculator(),
        vec![
            ("adder.wasm", adder_via_doubler()),
            ("doubler.wasm", doubler()),
        ],
        "calculate(40, 2)",
        RunOptions::default(),
    );
    assert!(
        matches!(&outcome.result, CallResult::Returned { wave: Some(wave), .. } if wave == "82")
    );
    assert_eq!(
        logged(&outcome),
        [
            "calc/adder.add(40, 2) -> 82 [Plugged by adder.wasm]",
            "calc/doubler.double(40) -> 80 [Plugged by doubler.wasm]",
        ]
    );
}

#[test]
fn the_deadline_covers_the_plugs() {
    let spinning = build_component(
        &[CALC_WIT],
        "adder-provider",
        r#"(module
          (func (export "bars:calc/adder@0.1.0#add") (param i32 i32) (result i32)
            (loop $forever (br $forever))
            (unreachable)))"#,
    );
    let started = std::time::Instant::now();
    let outcome = run_plugged(
        calculator(),
        vec![("spinner.wasm", spinning)],
        "calculate(1, 2)",
        RunOptions {
            timeout: std::time::Duration::from_millis(200),
            ..RunOptions::default()
        },
    );
    match &outcome.result {
        CallResult::Trapped { kind, .. } => assert_eq!(*kind, wit_runner::TrapKind::Deadline),
        other => panic!("{other:?}"),
    }
    assert!(started.elapsed() < std::time::Duration::from_secs(3));
    // The call was made and logged, but never returned.
    assert_eq!(
        logged(&outcome),
        ["calc/adder.add(1, 2) -> - [Plugged by spinner.wasm]"]
    );
}

#[test]
fn open_imports_of_a_plug_still_trap_by_name() {
    // adder-via-doubler imports doubler, and no plug provides it.
    let outcome = run_plugged(
        calculator(),
        vec![("adder.wasm", adder_via_doubler())],
        "calculate(1, 2)",
        RunOptions::default(),
    );
    match &outcome.result {
        CallResult::Trapped { message, .. } => {
            assert!(
                message.contains("calc/doubler.double was called but is not mocked"),
                "{message}"
            )
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn resources_crossing_a_plug_run_the_composition() {
    let user = load(counter_user());
    let plugs = runner()
        .plugs(
            "user.wasm",
            &user,
            vec![("counters.wasm".to_string(), load(counter_provider()))],
        )
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(plugs.composed());
    let options = RunOptions {
        plugs: Some(std::sync::Arc::new(plugs)),
        ..RunOptions::default()
    };
    let outcome = runner().run(&user, "run()", &options).unwrap();
    assert!(
        matches!(&outcome.result, CallResult::Returned { wave: Some(wave), .. } if wave == "42")
    );
}

#[test]
fn a_plug_that_does_not_fit_is_refused_before_running() {
    let consumer = load(calculator());
    let error = runner()
        .plugs(
            "calculator.wasm",
            &consumer,
            vec![("doubler.wasm".to_string(), load(doubler()))],
        )
        .unwrap_err();
    assert!(matches!(error, PlugError::Refused(_)));
    assert_eq!(
        error.to_string(),
        "doubler.wasm: plugs nothing: it exports bars:calc/doubler@0.1.0, \
         and no component of the composition imports it"
    );
}

#[test]
fn mocks_answer_the_open_imports_of_the_plugs_too() {
    let mocks = wit_runner::Mocks::from_toml(
        "[mocks]\n\"calc/doubler.double\" = [\"10\"]\n",
        "mocks.toml",
    )
    .expect("mocks parse");
    let outcome = run_plugged(
        calculator(),
        vec![("adder.wasm", adder_via_doubler())],
        "calculate(1, 2)",
        RunOptions {
            mocks: Some(std::sync::Arc::new(mocks)),
            ..RunOptions::default()
        },
    );
    assert!(
        matches!(&outcome.result, CallResult::Returned { wave: Some(wave), .. } if wave == "12")
    );
    assert_eq!(
        logged(&outcome),
        [
            "calc/adder.add(1, 2) -> 12 [Plugged by adder.wasm]",
            "calc/doubler.double(1) -> 10 [Mocked by -]",
        ]
    );
}

#[test]
fn a_mock_naming_no_open_import_of_any_component_is_an_error() {
    // `calc/adder.add` is plugged, so mocking it names nothing open.
    let mocks =
        wit_runner::Mocks::from_toml("[mocks]\n\"calc/adder.add\" = [\"1\"]\n", "mocks.toml")
            .expect("mocks parse");
    let consumer = load(calculator());
    let plugs = runner()
        .plugs(
            "calculator.wasm",
            &consumer,
            vec![("adder.wasm".to_string(), load(adder()))],
        )
        .unwrap();
    let options = RunOptions {
        mocks: Some(std::sync::Arc::new(mocks)),
        plugs: Some(std::sync::Arc::new(plugs)),
        ..RunOptions::default()
    };
    let error = runner()
        .run(&consumer, "calculate(1, 2)", &options)
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("mock `calc/adder.add` matches no open import of the component or its plugs"),
        "{error}"
    );
}
