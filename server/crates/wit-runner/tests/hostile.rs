//! Hostile components: each is stopped cleanly, reported with a clear trap,
//! and leaves the shared runner healthy for the next call.

mod common;

use std::time::{Duration, Instant};

use common::{ALLOCATOR, build_component, load, runner};
use wit_runner::{CallResult, CancelToken, RunOptions, RunOutcome, TrapKind};

const HOSTILE_WIT: &str = r#"
package test:hostile@0.1.0;
world hostile {
  export spin: func();
  export bomb: func();
  export recurse: func() -> u32;
  export boom: func();
  export ok: func() -> u32;
}
"#;

fn hostile_component() -> Vec<u8> {
    build_component(
        &[HOSTILE_WIT],
        "hostile",
        r#"(module
  (memory (export "memory") 1)
  (func (export "spin") (loop $forever (br $forever)))
  (func (export "bomb")
    (local $page i32)
    (local $address i32)
    (loop $more
      ;; Grow by 1 MiB and touch every 4 KiB of it, so the host must
      ;; really back the memory.
      (local.set $page (memory.grow (i32.const 16)))
      (if (i32.eq (local.get $page) (i32.const -1)) (then unreachable))
      (local.set $address (i32.mul (local.get $page) (i32.const 65536)))
      (loop $touch
        (i32.store8 (local.get $address) (i32.const 1))
        (local.set $address (i32.add (local.get $address) (i32.const 4096)))
        (br_if $touch (i32.lt_u (local.get $address)
          (i32.mul (memory.size) (i32.const 65536)))))
      (br $more)))
  (func $recurse (export "recurse") (result i32)
    (i32.add (call $recurse) (i32.const 1)))
  (func $inner (unreachable))
  (func (export "boom") (call $inner))
  (func (export "ok") (result i32) (i32.const 7))
)"#,
    )
}

/// Hostile tests run one at a time: the timing and memory measurements
/// must not be disturbed by each other (the machine may have two cores).
fn serial() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
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

/// The runner still works: a normal call on the same component returns.
fn assert_healthy(component: &std::sync::Arc<wit_runner::LoadedComponent>) {
    let outcome = runner()
        .run(component, "ok()", &RunOptions::default())
        .unwrap();
    match outcome.result {
        CallResult::Returned { wave, .. } => assert_eq!(wave.as_deref(), Some("7")),
        CallResult::Trapped { message, .. } => panic!("runner unhealthy: {message}"),
    }
}

#[test]
fn an_infinite_loop_stops_soon_after_its_deadline() {
    let _serial = serial();
    let component = load(hostile_component());
    let timeout = Duration::from_millis(300);
    let options = RunOptions {
        timeout,
        ..RunOptions::default()
    };
    let started = Instant::now();
    let outcome = runner().run(&component, "spin()", &options).unwrap();
    let elapsed = started.elapsed();
    let (kind, message, _) = trapped(&outcome);
    assert_eq!(kind, TrapKind::Deadline, "{message}");
    assert!(message.contains("deadline exceeded"), "{message}");
    assert!(elapsed >= timeout, "stopped early: {elapsed:?}");
    assert!(
        elapsed < timeout + Duration::from_millis(100),
        "stopped {:?} after the deadline",
        elapsed - timeout
    );
    assert_healthy(&component);
}

/// A field of /proc/self/status in bytes (`VmRSS`, `VmHWM`).
fn status_bytes(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .map_or(0, |kib| kib * 1024)
}

#[test]
fn a_memory_bomb_stops_at_the_limit() {
    let _serial = serial();
    let component = load(hostile_component());
    assert_healthy(&component);
    let limit = 64 * 1024 * 1024;
    let options = RunOptions {
        max_memory: limit,
        ..RunOptions::default()
    };
    // Reset the peak-RSS mark so VmHWM measures this call alone.
    std::fs::write("/proc/self/clear_refs", "5").expect("can reset the peak RSS mark");
    let before = status_bytes("VmRSS");
    let outcome = runner().run(&component, "bomb()", &options).unwrap();
    let peak_growth = status_bytes("VmHWM").saturating_sub(before);
    let (kind, message, _) = trapped(&outcome);
    assert_eq!(kind, TrapKind::MemoryLimit, "{message}");
    assert!(message.contains(&limit.to_string()), "{message}");
    // The guest really used the memory it was allowed...
    assert!(
        peak_growth > limit as u64 / 2,
        "peak grew by only {peak_growth} bytes"
    );
    // ... and no more than the limit plus 32 MiB.
    assert!(
        peak_growth < limit as u64 + 32 * 1024 * 1024,
        "host memory peaked {peak_growth} bytes above the start"
    );
    assert_healthy(&component);
}

#[test]
fn unbounded_recursion_is_a_stack_overflow_trap() {
    let _serial = serial();
    let component = load(hostile_component());
    let outcome = runner()
        .run(&component, "recurse()", &RunOptions::default())
        .unwrap();
    let (kind, message, _) = trapped(&outcome);
    assert_eq!(kind, TrapKind::StackOverflow, "{message}");
    assert!(message.contains("stack overflow"), "{message}");
    assert_healthy(&component);
}

#[test]
fn unreachable_is_reported_with_its_message_and_backtrace() {
    let _serial = serial();
    let component = load(hostile_component());
    let outcome = runner()
        .run(&component, "boom()", &RunOptions::default())
        .unwrap();
    let (kind, message, backtrace) = trapped(&outcome);
    assert_eq!(kind, TrapKind::Unreachable);
    assert!(message.contains("unreachable"), "{message}");
    assert!(backtrace.len() >= 2, "{backtrace:?}");
    assert!(
        backtrace.iter().any(|frame| frame.contains("inner")),
        "{backtrace:?}"
    );
    assert_healthy(&component);
}

const WASI_IO: &str = r#"
package wasi:io@0.2.0;
interface error {
  resource error;
}
interface streams {
  use error.{error};
  variant stream-error {
    last-operation-failed(error),
    closed,
  }
  resource output-stream {
    blocking-write-and-flush: func(contents: list<u8>) -> result<_, stream-error>;
  }
}
"#;

const WASI_CLI: &str = r#"
package wasi:cli@0.2.0;
interface stdout {
  use wasi:io/streams@0.2.0.{output-stream};
  get-stdout: func() -> output-stream;
}
interface environment {
  get-environment: func() -> list<tuple<string, string>>;
}
"#;

const WASI_FILESYSTEM: &str = r#"
package wasi:filesystem@0.2.0;
interface types {
  resource descriptor;
}
interface preopens {
  use types.{descriptor};
  get-directories: func() -> list<tuple<descriptor, string>>;
}
"#;

const WASI_GUEST: &str = r#"
package test:wasi@0.1.0;
world guest {
  import wasi:cli/stdout@0.2.0;
  import wasi:cli/environment@0.2.0;
  import wasi:filesystem/preopens@0.2.0;
  export flood: func(chunks: u32);
  export env-count: func() -> u32;
  export preopen-count: func() -> u32;
  export ok: func() -> u32;
}
"#;

fn wasi_component() -> Vec<u8> {
    let wat = format!(
        r#"(module
  (import "wasi:cli/stdout@0.2.0" "get-stdout" (func $get_stdout (result i32)))
  (import "wasi:io/streams@0.2.0" "[method]output-stream.blocking-write-and-flush"
    (func $write (param i32 i32 i32 i32)))
  (import "wasi:cli/environment@0.2.0" "get-environment" (func $get_environment (param i32)))
  (import "wasi:filesystem/preopens@0.2.0" "get-directories" (func $get_directories (param i32)))
  {ALLOCATOR}
  (func (export "flood") (param $chunks i32)
    (local $stream i32)
    (local.set $stream (call $get_stdout))
    (memory.fill (i32.const 1024) (i32.const 120) (i32.const 4096))
    (block $done
      (loop $again
        (br_if $done (i32.eqz (local.get $chunks)))
        (call $write (local.get $stream) (i32.const 1024) (i32.const 4096) (i32.const 64))
        ;; An error result means the host refused the write: stop.
        (br_if $done (i32.load8_u (i32.const 64)))
        (local.set $chunks (i32.sub (local.get $chunks) (i32.const 1)))
        (br $again))))
  (func (export "env-count") (result i32)
    (call $get_environment (i32.const 128))
    (i32.load (i32.const 132)))
  (func (export "preopen-count") (result i32)
    (call $get_directories (i32.const 128))
    (i32.load (i32.const 132)))
  (func (export "ok") (result i32) (i32.const 7))
)"#
    );
    build_component(
        &[WASI_IO, WASI_CLI, WASI_FILESYSTEM, WASI_GUEST],
        "guest",
        &wat,
    )
}

#[test]
fn a_stdout_flood_is_truncated_at_the_cap() {
    let _serial = serial();
    let component = load(wasi_component());
    // 25,600 writes of 4 KiB: 100 MiB.
    let outcome = runner()
        .run(&component, "flood(25600)", &RunOptions::default())
        .unwrap();
    assert!(outcome.returned(), "{:?}", outcome.result);
    assert!(outcome.stdout.truncated);
    assert_eq!(outcome.stdout.total_bytes, 100 * 1024 * 1024);
    assert_eq!(outcome.stdout.text.len(), 1024 * 1024);
    assert!(outcome.stdout.text.bytes().all(|byte| byte == b'x'));
    assert!(!outcome.stderr.truncated);

    // A small flood is captured whole.
    let outcome = runner()
        .run(&component, "flood(2)", &RunOptions::default())
        .unwrap();
    assert!(!outcome.stdout.truncated);
    assert_eq!(outcome.stdout.text.len(), 8192);
    assert_healthy(&component);
}

#[test]
fn the_guest_sees_no_environment_and_no_directories() {
    let _serial = serial();
    assert!(
        std::env::var_os("PATH").is_some(),
        "the host has an environment"
    );
    let component = load(wasi_component());
    for call in ["env-count()", "preopen-count()"] {
        let outcome = runner()
            .run(&component, call, &RunOptions::default())
            .unwrap();
        match outcome.result {
            CallResult::Returned { wave, .. } => assert_eq!(wave.as_deref(), Some("0"), "{call}"),
            CallResult::Trapped { message, .. } => panic!("{call} trapped: {message}"),
        }
    }
    assert_healthy(&component);
}

const WASI_IO_POLL: &str = r#"
package wasi:io@0.2.0;
interface poll {
  resource pollable {
    block: func();
  }
  poll: func(in: list<borrow<pollable>>) -> list<u32>;
}
"#;

const WASI_CLOCKS: &str = r#"
package wasi:clocks@0.2.0;
interface monotonic-clock {
  use wasi:io/poll@0.2.0.{pollable};
  type duration = u64;
  subscribe-duration: func(when: duration) -> pollable;
}
"#;

const SLEEPER_WIT: &str = r#"
package test:sleeper@0.1.0;
world sleeper {
  import wasi:io/poll@0.2.0;
  import wasi:clocks/monotonic-clock@0.2.0;
  export sleep-in-poll: func();
  export sleep-in-block: func();
  export spin: func();
  export ok: func() -> u32;
}
"#;

/// A guest that waits an hour inside WASI: the host call never returns to
/// wasm, so only the runner's own timer (not an epoch check) can stop it.
fn sleeper_component() -> Vec<u8> {
    let wat = format!(
        r#"(module
  (import "wasi:clocks/monotonic-clock@0.2.0" "subscribe-duration"
    (func $subscribe (param i64) (result i32)))
  (import "wasi:io/poll@0.2.0" "poll" (func $poll (param i32 i32 i32)))
  (import "wasi:io/poll@0.2.0" "[method]pollable.block" (func $block (param i32)))
  {ALLOCATOR}
  (func (export "sleep-in-poll")
    ;; One pollable, an hour from now, in a one-element list at 256.
    (i32.store (i32.const 256) (call $subscribe (i64.const 3600000000000)))
    (call $poll (i32.const 256) (i32.const 1) (i32.const 512)))
  (func (export "sleep-in-block")
    (call $block (call $subscribe (i64.const 3600000000000))))
  (func (export "spin") (loop $forever (br $forever)))
  (func (export "ok") (result i32) (i32.const 7))
)"#
    );
    build_component(&[WASI_IO_POLL, WASI_CLOCKS, SLEEPER_WIT], "sleeper", &wat)
}

/// Asserts a call was stopped as `kind` no earlier than `stop_at` and
/// within 100 ms after it.
fn assert_stopped(
    outcome: &RunOutcome,
    kind: TrapKind,
    started: Instant,
    stop_at: Duration,
    call: &str,
) {
    let elapsed = started.elapsed();
    let (trap_kind, message, _) = trapped(outcome);
    assert_eq!(trap_kind, kind, "{call}: {message}");
    assert!(elapsed >= stop_at, "{call} stopped early: {elapsed:?}");
    assert!(
        elapsed < stop_at + Duration::from_millis(100),
        "{call} stopped {:?} after it should have",
        elapsed - stop_at
    );
}

#[test]
fn a_guest_waiting_an_hour_in_a_wasi_call_stops_at_its_deadline() {
    let _serial = serial();
    let component = load(sleeper_component());
    let timeout = Duration::from_millis(300);
    let options = RunOptions {
        timeout,
        ..RunOptions::default()
    };
    for call in ["sleep-in-poll()", "sleep-in-block()"] {
        let started = Instant::now();
        let outcome = runner().run(&component, call, &options).unwrap();
        assert_stopped(&outcome, TrapKind::Deadline, started, timeout, call);
        let (_, message, _) = trapped(&outcome);
        assert!(message.contains("deadline exceeded"), "{message}");
        assert_healthy(&component);
    }
}

#[test]
fn a_cancelled_run_stops_promptly_in_a_loop_and_in_a_wasi_call() {
    let _serial = serial();
    let component = load(sleeper_component());
    let cancel_after = Duration::from_millis(200);
    for call in ["spin()", "sleep-in-poll()"] {
        let cancel = CancelToken::new();
        let options = RunOptions {
            cancel: Some(cancel.clone()),
            ..RunOptions::default()
        };
        let started = Instant::now();
        let canceller = std::thread::spawn(move || {
            std::thread::sleep(cancel_after);
            cancel.cancel();
        });
        let outcome = runner().run(&component, call, &options).unwrap();
        assert_stopped(&outcome, TrapKind::Cancelled, started, cancel_after, call);
        canceller.join().unwrap();
        assert_healthy(&component);
    }
}

#[test]
fn a_call_in_a_session_can_be_cancelled() {
    let _serial = serial();
    let component = load(sleeper_component());
    let session = runner()
        .open_session(&component, &RunOptions::default())
        .unwrap();
    let cancel = CancelToken::new();
    let cancel_after = Duration::from_millis(150);
    let started = Instant::now();
    let canceller = {
        let cancel = cancel.clone();
        std::thread::spawn(move || {
            std::thread::sleep(cancel_after);
            cancel.cancel();
        })
    };
    let outcome = runner()
        .call_in_session_cancellable(session, "sleep-in-poll()", Some(&cancel))
        .unwrap();
    assert_stopped(
        &outcome,
        TrapKind::Cancelled,
        started,
        cancel_after,
        "sleep-in-poll()",
    );
    canceller.join().unwrap();
    assert!(runner().end_session(session));
    assert_healthy(&component);
}

#[test]
fn a_session_whose_call_was_stopped_says_so_on_the_next_call() {
    let _serial = serial();
    let component = load(sleeper_component());
    let options = RunOptions {
        timeout: Duration::from_millis(100),
        ..RunOptions::default()
    };
    let session = runner().open_session(&component, &options).unwrap();
    let first = runner()
        .call_in_session(session, "sleep-in-poll()")
        .unwrap();
    assert_eq!(trapped(&first).0, TrapKind::Deadline);
    // The instance cannot be entered after a trap: the next call says why.
    let second = runner().call_in_session(session, "ok()").unwrap();
    let (_, message, _) = trapped(&second);
    assert!(
        message.contains("trapped earlier") && message.contains("deadline exceeded"),
        "{message}"
    );
    assert!(message.contains("start a new session"), "{message}");
    assert!(runner().end_session(session));
    assert_healthy(&component);
}
