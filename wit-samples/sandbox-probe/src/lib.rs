//! The `docs:sandbox-probe/sandbox-probe` world: asks the host for a file and
//! for environment variables through Rust's standard library, so a run shows
//! what the sandbox answers (WASI's own denial, not a stub).

wit_bindgen::generate!({ path: "wit", world: "sandbox-probe" });

struct SandboxProbe;

impl Guest for SandboxProbe {
    fn read_file(path: String) -> Result<String, String> {
        std::fs::read_to_string(&path).map_err(|error| error.to_string())
    }

    fn env_var(name: String) -> Result<String, String> {
        std::env::var(&name).map_err(|error| error.to_string())
    }

    fn env_count() -> u32 {
        u32::try_from(std::env::vars_os().count()).unwrap_or(u32::MAX)
    }
}

export!(SandboxProbe);
