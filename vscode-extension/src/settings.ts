// The settings the server reads, built from the `wit-lsp.*` configuration. Sent as
// `initializationOptions` and, on change, as `workspace/didChangeConfiguration` under a
// `wit-lsp` key. The server reads `features`/`allFeatures` and `baseline`; `format`, `runner` and `bindings`
// carry the formatter, runner and binding-preview options for the servers that read them.

export interface ServerSettings {
  features: string[];
  allFeatures: boolean;
  format: {
    indentWidth: number | null;
    maxWidth: number | null;
  };
  runner: {
    timeoutMs: number;
    maxMemoryBytes: number;
    mockFile: string | null;
    component: string | null;
  };
  bindings: {
    warmUp: boolean;
  };
  /** The previous version breaking changes are reported against (`git:HEAD`, a path); null: off. */
  baseline: string | null;
}

/** A reader of the `wit-lsp` configuration section (e.g. `WorkspaceConfiguration.get`). */
export type ConfigReader = <T>(key: string, fallback: T) => T;

function positiveOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : null;
}

function nonEmpty(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

export function serverSettings(get: ConfigReader): ServerSettings {
  const features = get<unknown>('features', []);
  const timeout = get<unknown>('runner.timeoutSeconds', 5);
  const memory = get<unknown>('runner.maxMemoryMiB', 256);
  return {
    features: Array.isArray(features)
      ? features.filter((f): f is string => typeof f === 'string' && f.trim() !== '').map((f) => f.trim())
      : [],
    allFeatures: get<unknown>('allFeatures', false) === true,
    format: {
      indentWidth: positiveOrNull(get<unknown>('format.indentWidth', null)),
      maxWidth: positiveOrNull(get<unknown>('format.maxWidth', null)),
    },
    runner: {
      timeoutMs: Math.round((typeof timeout === 'number' && timeout > 0 ? timeout : 5) * 1000),
      maxMemoryBytes: (typeof memory === 'number' && memory > 0 ? Math.floor(memory) : 256) * 1024 * 1024,
      mockFile: nonEmpty(get<unknown>('runner.mockFile', '')),
      component: nonEmpty(get<unknown>('runner.component', '')),
    },
    bindings: {
      warmUp: get<unknown>('bindings.warmUp', true) !== false,
    },
    baseline: nonEmpty(get<unknown>('baseline', '')),
  };
}

/** The `wit-lsp.*` keys whose change needs a new server process rather than a notification. */
export const RESTART_KEYS = ['wit-lsp.server.path', 'wit-lsp.server.extraEnv'];
