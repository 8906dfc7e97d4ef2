//! Binding previews' shared state: the formatting cache every preview uses, a gate per
//! language, the latest files of each language, and the warm-up that fills the cache when a
//! package the user opened first resolves.
//!
//! Rust previews (guest and host) spend most of their time formatting the generated code;
//! [`wit_bindings::BindingsCache`] keeps the formatting of unchanged items, so a preview after
//! a WIT edit only formats what the edit changed. To make the *first* preview of a package
//! as quick, the session warms that cache up when a package the user opened first resolves
//! cleanly: a low-priority background job generates the Rust guest and host bindings of its
//! worlds on the idle thread (setting `bindings.warmUp`, on by default). A preview requested
//! while that job is still working on the same language waits for it (a per-language gate,
//! for at most [`GATE_PATIENCE`]) instead of doing the same work beside it on the same cores,
//! and a preview identical to the latest one of its language (same analysis, world and
//! options) is answered with those files.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use wit_bindings::{
    BindingsCache, BindingsOptions, GeneratedFile, Language, generate_bindings_cached,
};

use crate::protocol::BindingsCacheStatus;
use crate::session::Session;

/// At most this many worlds of one package are warmed up (in name order); previews of the
/// others are formatted when first asked for.
const WARM_UP_WORLDS: usize = 8;

type Resolved = Arc<wit_analysis::ResolvedPackage>;

/// The files of the latest preview of one language, with what they were generated from.
struct Memo {
    /// Identifies the analysis (a new one after every change); weak, so an old analysis is
    /// not kept alive, and its address cannot be reused while this lives.
    resolved: std::sync::Weak<wit_analysis::ResolvedPackage>,
    world: wit_parser::WorldId,
    options: BindingsOptions,
    files: Vec<GeneratedFile>,
}

/// How long a preview waits for a warm-up (or another preview) of the same language to
/// finish before it generates on its own. On an idle machine a warm-up finishes within this
/// and the preview then reuses its work; on a busy one the warm-up's low-priority thread may
/// be starved, and the preview, at normal priority, should not wait on it.
pub(crate) const GATE_PATIENCE: Duration = Duration::from_millis(100);

/// One language's turn-taking: whether a generation is running, and the latest files.
#[derive(Default)]
struct Gate {
    state: Mutex<GateState>,
    free: Condvar,
}

#[derive(Default)]
struct GateState {
    busy: bool,
    memo: Option<Memo>,
}

impl Gate {
    fn lock(&self) -> MutexGuard<'_, GateState> {
        crate::locks::lock(&self.state)
    }
}

/// Marks a gate free again when the generation that took it ends, even by a panic.
struct Turn<'g>(&'g Gate);

impl Drop for Turn<'_> {
    fn drop(&mut self) {
        self.0.lock().busy = false;
        self.0.free.notify_all();
    }
}

/// The server's binding-preview state: the formatting cache shared by every preview, one
/// gate per language so a preview and a warm-up of the same language take turns, and the
/// latest files of each language, so asking again for the same preview of the same analysis
/// (what the warm-up did, or a client re-requesting) does not run the generator again.
#[derive(Default)]
pub(crate) struct Previews {
    cache: BindingsCache,
    gates: [Gate; Language::ALL.len()],
    /// Generator runs (previews not answered from a memo), for the status request.
    generator_runs: AtomicUsize,
    warm_ups_running: AtomicUsize,
    warm_ups_finished: AtomicUsize,
}

impl Previews {
    /// The files `language`'s generator writes for `world` of `resolved`, from the memo when
    /// the latest preview of that language was the same, else generated with the cache.
    /// Waits for a generation of the same language that is already running, for at most
    /// `patience` (`None`: until it ends).
    pub(crate) fn generate(
        &self,
        resolved: &Resolved,
        world: wit_parser::WorldId,
        language: Language,
        options: &BindingsOptions,
        patience: Option<Duration>,
    ) -> std::result::Result<Vec<GeneratedFile>, wit_bindings::BindingsError> {
        let index = Language::ALL
            .iter()
            .position(|candidate| *candidate == language)
            .unwrap_or(0);
        let gate = &self.gates[index];
        let options = &options.for_language(language);
        let deadline = patience.map(|patience| Instant::now() + patience);
        let mut state = gate.lock();
        while state.busy {
            state = match deadline {
                None => gate
                    .free
                    .wait(state)
                    .unwrap_or_else(std::sync::PoisonError::into_inner),
                Some(deadline) => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        break;
                    }
                    gate.free
                        .wait_timeout(state, left)
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .0
                }
            };
        }
        if let Some(last) = state.memo.as_ref()
            && std::sync::Weak::ptr_eq(&last.resolved, &Arc::downgrade(resolved))
            && last.world == world
            && last.options == *options
        {
            return Ok(last.files.clone());
        }
        // Out of patience, the gate is still taken: generate beside that run.
        let turn = (!state.busy).then(|| {
            state.busy = true;
            Turn(gate)
        });
        drop(state);
        self.generator_runs.fetch_add(1, Ordering::SeqCst);
        let files =
            generate_bindings_cached(&resolved.resolve, world, language, options, &self.cache)?;
        let mut state = gate.lock();
        state.memo = Some(Memo {
            resolved: Arc::downgrade(resolved),
            world,
            options: options.clone(),
            files: files.clone(),
        });
        drop(state);
        drop(turn);
        Ok(files)
    }

    /// Generates the Rust guest and host bindings of up to [`WARM_UP_WORLDS`] worlds of
    /// `resolved`, for the formatting they leave in the cache (and the memo). Errors are only
    /// logged: the preview that is eventually requested reports them.
    fn warm_up(&self, resolved: &Resolved) {
        let Some(package) = resolved.resolve.packages.get(resolved.package) else {
            return;
        };
        let mut worlds: Vec<_> = package.worlds.iter().collect();
        worlds.sort_by(|a, b| a.0.cmp(b.0));
        // `generate_all` formats every interface a world uses, a superset of the items of a
        // preview without it; the host generator always does.
        let mut guest = BindingsOptions::default();
        guest.rust.generate_all = true;
        let runs = [
            (Language::Rust, guest),
            (Language::HostRust, BindingsOptions::default()),
        ];
        for (name, &world) in worlds.into_iter().take(WARM_UP_WORLDS) {
            for (language, options) in &runs {
                let started = std::time::Instant::now();
                match self.generate(resolved, world, *language, options, None) {
                    Ok(_) => tracing::debug!(
                        "warmed up {} bindings of world {name} in {:.1?}",
                        language.name(),
                        started.elapsed()
                    ),
                    Err(error) => tracing::debug!("no warm-up of world {name}: {error}"),
                }
            }
        }
    }
}

impl Previews {
    /// What the cache holds and whether warm-ups are running.
    pub(crate) fn status(&self) -> BindingsCacheStatus {
        BindingsCacheStatus {
            entries: self.cache.len(),
            generator_runs: self.generator_runs.load(Ordering::SeqCst),
            warm_ups_running: self.warm_ups_running.load(Ordering::SeqCst),
            warm_ups_finished: self.warm_ups_finished.load(Ordering::SeqCst),
        }
    }
}

impl Session {
    /// Queues a warm-up of the preview cache with `resolved`'s Rust bindings on a background
    /// thread (see the module documentation).
    pub(crate) fn warm_up_previews(&self, resolved: Resolved) {
        let previews = Arc::clone(&self.previews);
        previews.warm_ups_running.fetch_add(1, Ordering::SeqCst);
        tokio::spawn(async move {
            let job = Arc::clone(&previews);
            if crate::background::run_idle(move || job.warm_up(&resolved))
                .await
                .is_none()
            {
                tracing::error!("the warm-up of binding previews failed");
            }
            previews.warm_ups_finished.fetch_add(1, Ordering::SeqCst);
            previews.warm_ups_running.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolved(source: &str) -> Resolved {
        let mut resolve = wit_parser::Resolve::default();
        let package = resolve.push_str("a.wit", source).expect("valid WIT");
        Arc::new(wit_analysis::ResolvedPackage { resolve, package })
    }

    fn the_world(resolved: &Resolved) -> wit_parser::WorldId {
        resolved.resolve.packages[resolved.package].worlds["w"]
    }

    const WIT: &str = "package a:b;\nworld w { export add: func(x: u32, y: u32) -> u32; }\n";

    fn runs(previews: &Previews) -> usize {
        previews.generator_runs.load(Ordering::SeqCst)
    }

    #[test]
    fn the_same_preview_of_the_same_analysis_comes_from_the_memo() {
        let previews = Previews::default();
        let first = resolved(WIT);
        let world = the_world(&first);
        let options = BindingsOptions::default();
        let files = previews
            .generate(&first, world, Language::Rust, &options, None)
            .unwrap();
        assert_eq!(runs(&previews), 1);
        let again = previews
            .generate(&first, world, Language::Rust, &options, None)
            .unwrap();
        assert_eq!(again, files);
        assert_eq!(runs(&previews), 1, "answered from the memo");

        // Options another generator reads do not matter; the language's own do.
        let mut host_only = options.clone();
        host_only.host_rust.async_ = true;
        previews
            .generate(&first, world, Language::Rust, &host_only, None)
            .unwrap();
        assert_eq!(runs(&previews), 1);
        let mut own = options.clone();
        own.rust.std_feature = true;
        previews
            .generate(&first, world, Language::Rust, &own, None)
            .unwrap();
        assert_eq!(runs(&previews), 2);

        // A new analysis, even of the same text, is generated again.
        let second = resolved(WIT);
        previews
            .generate(&second, the_world(&second), Language::Rust, &own, None)
            .unwrap();
        assert_eq!(runs(&previews), 3);
        // Each language keeps its own latest files.
        previews
            .generate(&second, the_world(&second), Language::HostRust, &own, None)
            .unwrap();
        previews
            .generate(&second, the_world(&second), Language::Rust, &own, None)
            .unwrap();
        assert_eq!(runs(&previews), 4);
    }

    #[test]
    fn a_preview_waits_for_a_busy_gate_only_as_long_as_its_patience() {
        let previews = Previews::default();
        let package = resolved(WIT);
        let world = the_world(&package);
        let index = Language::ALL
            .iter()
            .position(|language| *language == Language::C)
            .unwrap();
        previews.gates[index].lock().busy = true;
        let started = Instant::now();
        let files = previews
            .generate(
                &package,
                world,
                Language::C,
                &BindingsOptions::default(),
                Some(Duration::from_millis(50)),
            )
            .unwrap();
        assert!(!files.is_empty());
        assert!(started.elapsed() >= Duration::from_millis(50));
        assert!(
            previews.gates[index].lock().busy,
            "the gate stays with whoever holds it"
        );
    }

    #[test]
    fn a_waiting_preview_takes_the_files_of_the_run_it_waited_for() {
        let previews = Arc::new(Previews::default());
        let package = resolved(WIT);
        let world = the_world(&package);
        let background = {
            let previews = previews.clone();
            let package = package.clone();
            std::thread::spawn(move || {
                previews
                    .generate(
                        &package,
                        world,
                        Language::Go,
                        &BindingsOptions::default(),
                        None,
                    )
                    .unwrap()
            })
        };
        let waited = previews
            .generate(
                &package,
                world,
                Language::Go,
                &BindingsOptions::default(),
                Some(Duration::from_secs(60)),
            )
            .unwrap();
        assert_eq!(background.join().unwrap(), waited);
        assert_eq!(runs(&previews), 1, "one of the two waited for the other");
    }
}
