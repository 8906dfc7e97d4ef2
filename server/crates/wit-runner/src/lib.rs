//! wit-runner: find a built component, check it against a WIT world, and
//! run its exports in a sandboxed wasmtime with WAVE arguments and results,
//! import mocks, resource sessions and an on-disk compile cache.
//!
//! The [`Runner`] is `Send + Sync`; its calls block, so callers in async
//! code run them on a worker thread. Guests run on wasmtime's async support,
//! driven by a small tokio runtime the runner owns, so a guest waiting inside
//! a WASI call (a `poll` on a one-hour timer) is stopped by its deadline or a
//! [`CancelToken`] like a guest spinning in a loop. Results are plain serde
//! structs.

mod cache;
mod cancel;
mod check;
mod component;
pub mod compose;
pub mod discover;
mod imports;
mod loaded;
mod mocks;
mod plugs;
mod runner;
mod sandbox;
mod types;
mod wave;
mod witsig;

pub use cache::{CompileCache, sha256_hex};
pub use cancel::{CancelOnDrop, CancelToken};
pub use check::{Mismatch, MismatchKind, check_against_world};
pub use component::LoadedComponent;
pub use mocks::{MockBehaviour, MockEntry, MockError, Mocks};
pub use plugs::{
    PlugError, PlugProblem, PlugRefusals, Plugs, check_plug_files, plug_problems, refusals_of,
};
pub use runner::{
    CallResult, LocateError, LocateRequest, LocateStep, Located, RunOptions, RunOutcome, Runner,
    RunnerConfig, RunnerError, SessionId, TrapKind, resource_of,
};
pub use sandbox::CapturedOutput;
pub use types::{
    FunctionInfo, FunctionKind, ImportCall, ImportOutcome, Param, ResourceInfo, import_display_name,
};
pub use wave::{ArgumentText, CallSyntaxError, CallText, split_call};
