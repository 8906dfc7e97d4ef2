// Run-export logic without VS Code: reading the arguments of a server `▶ Run` lens, the
// key under which the last call is remembered, and how a `wit/runExport` answer is shown
// (the one-line inline decoration and the full report for the output channel).

/** What a Run lens (or the Run command) targets. */
export interface RunTarget {
  uri: string;
  world?: string;
  function: string;
  /** Anything else the server put in the lens arguments, passed back unchanged. */
  extra: Record<string, unknown>;
}

/**
 * Reads the arguments of a server lens command. Accepts `[{ uri, world, function, ... }]`
 * or the positional `[uri, world, function]`; returns undefined for anything else.
 */
export function parseRunTarget(args: unknown[] | undefined): RunTarget | undefined {
  if (!args || args.length === 0) {
    return undefined;
  }
  const first = args[0];
  if (typeof first === 'object' && first !== null) {
    const { uri, world, function: fn, ...extra } = first as Record<string, unknown>;
    const name = typeof fn === 'string' ? fn : typeof extra.name === 'string' ? (extra.name as string) : undefined;
    if (typeof uri === 'string' && name !== undefined) {
      delete extra.name;
      return { uri, world: typeof world === 'string' ? world : undefined, function: name, extra };
    }
    return undefined;
  }
  if (typeof first === 'string' && args.length >= 3 && typeof args[2] === 'string') {
    return {
      uri: first,
      world: typeof args[1] === 'string' ? (args[1] as string) : undefined,
      function: args[2] as string,
      extra: {},
    };
  }
  return undefined;
}

export function rememberKey(target: RunTarget): string {
  return `wit-lsp.lastCall:${target.uri}#${target.world ?? ''}#${target.function}`;
}

/** The call text out of a `wit/runTemplate` answer (a string, or `{ call }` / `{ template }`). */
export function templateText(answer: unknown): string | undefined {
  if (typeof answer === 'string') {
    return answer;
  }
  if (typeof answer === 'object' && answer !== null) {
    const record = answer as Record<string, unknown>;
    for (const key of ['call', 'template', 'text']) {
      if (typeof record[key] === 'string') {
        return record[key] as string;
      }
    }
  }
  return undefined;
}

export interface CallProblem {
  message: string;
  start?: number;
  end?: number;
}

/** The problems out of a `wit/validateCall` answer (`{ diagnostics: [...] }`, a list, or `{ error }`). */
export function callProblems(answer: unknown): CallProblem[] {
  const list = Array.isArray(answer)
    ? answer
    : typeof answer === 'object' && answer !== null
      ? (((answer as Record<string, unknown>).diagnostics ??
          (answer as Record<string, unknown>).errors ??
          ((answer as Record<string, unknown>).error !== undefined && (answer as Record<string, unknown>).error !== null
            ? [(answer as Record<string, unknown>).error]
            : [])) as unknown[])
      : [];
  const problems: CallProblem[] = [];
  for (const item of Array.isArray(list) ? list : []) {
    if (typeof item === 'string') {
      problems.push({ message: item });
    } else if (typeof item === 'object' && item !== null && typeof (item as CallProblem).message === 'string') {
      const entry = item as Record<string, unknown>;
      const range = (entry.range ?? entry.span ?? entry) as Record<string, unknown> | undefined;
      const start = typeof range?.start === 'number' ? range.start : undefined;
      const end = typeof range?.end === 'number' ? range.end : undefined;
      problems.push({ message: entry.message as string, start, end });
    }
  }
  return problems;
}

/** One line for the input box: the first problem, with its position in the call text. */
export function validationMessage(problems: CallProblem[]): string | undefined {
  if (problems.length === 0) {
    return undefined;
  }
  const first = problems[0];
  const at = first.start !== undefined ? ` (at ${first.start + 1})` : '';
  const more = problems.length > 1 ? ` (+${problems.length - 1} more)` : '';
  return `${first.message}${at}${more}`;
}

export interface ImportCall {
  function?: string;
  name?: string;
  args?: string | string[];
  result?: string | null;
}

export interface Trap {
  message?: string;
  backtrace?: string | string[];
}

export interface RunResult {
  result_wave?: string | null;
  result_json?: unknown;
  stdout?: string;
  stderr?: string;
  stdout_truncated?: boolean;
  stderr_truncated?: boolean;
  import_calls?: ImportCall[];
  duration_ms?: number;
  trap?: Trap | string | null;
  session?: string | number | null;
  handles?: string[];
}

/** Resource handles named in a WAVE result (`connection#1`), for the sessions view. */
export function handlesIn(wave: string | null | undefined): string[] {
  return [...new Set((wave ?? '').match(/%?[a-z][a-z0-9-]*#[0-9]+/g) ?? [])];
}

/**
 * A `wit/runExport` answer with snake_case fields, whichever case the server used
 * (`result_wave` or `resultWave`, `import_calls` or `importCalls`, ...).
 */
export function normalizeRunResult(raw: unknown): RunResult {
  if (typeof raw !== 'object' || raw === null) {
    return { result_wave: raw === undefined || raw === null ? null : String(raw) };
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    out[key.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())] = value;
  }
  if (typeof out.result_wave !== 'string' && typeof out.result === 'string') {
    out.result_wave = out.result;
  }
  if (Array.isArray(out.import_calls)) {
    out.import_calls = (out.import_calls as unknown[]).map((call) => {
      if (typeof call !== 'object' || call === null) {
        return { function: String(call) };
      }
      const c = call as Record<string, unknown>;
      return { ...c, function: c.function ?? c.name, args: c.args ?? c.arguments, result: c.result ?? c.result_wave ?? c.resultWave };
    });
  }
  return out as RunResult;
}

function trapMessage(trap: Trap | string): string {
  return typeof trap === 'string' ? trap : trap.message ?? 'trap';
}

/** The decoration after the function line: `→ 3`, `→ ()`, or `→ trap: …`, kept short. */
export function inlineText(result: RunResult, max = 80): string {
  let text: string;
  if (result.trap) {
    text = `→ trap: ${trapMessage(result.trap).split('\n')[0]}`;
  } else if (result.result_wave === undefined || result.result_wave === null || result.result_wave === '') {
    text = '→ ()';
  } else {
    text = `→ ${result.result_wave.replace(/\s+/g, ' ')}`;
  }
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

/** The full report for the output channel. */
export function reportText(target: RunTarget, call: string, result: RunResult): string {
  const lines: string[] = [];
  const where = target.world ? `${target.world} ` : '';
  lines.push(`▶ ${where}${call}`);
  if (result.trap) {
    lines.push(`trap: ${trapMessage(result.trap)}`);
    const backtrace = typeof result.trap === 'string' ? undefined : result.trap.backtrace;
    if (backtrace) {
      lines.push('backtrace:');
      for (const frame of Array.isArray(backtrace) ? backtrace : backtrace.split('\n')) {
        if (frame.trim() !== '') {
          lines.push(`  ${frame}`);
        }
      }
    }
  } else {
    lines.push(`result: ${result.result_wave ?? '()'}`);
    if (result.result_json !== undefined && result.result_json !== null) {
      lines.push(`json: ${JSON.stringify(result.result_json)}`);
    }
  }
  if (result.session) {
    lines.push(`session: ${result.session}${result.handles?.length ? ` (handles: ${result.handles.join(', ')})` : ''}`);
  }
  const calls = result.import_calls ?? [];
  if (calls.length > 0) {
    lines.push(`import calls (${calls.length}):`);
    for (const c of calls) {
      const args = Array.isArray(c.args) ? c.args.join(', ') : c.args ?? '';
      const res = c.result === undefined || c.result === null ? '' : ` -> ${c.result}`;
      lines.push(`  ${c.function ?? c.name ?? '?'}(${args})${res}`);
    }
  }
  for (const [name, text, cut] of [
    ['stdout', result.stdout, result.stdout_truncated],
    ['stderr', result.stderr, result.stderr_truncated],
  ] as const) {
    if (text) {
      lines.push(`${name}${cut ? ' (truncated)' : ''}:`);
      lines.push(...text.replace(/\n$/, '').split('\n').map((line) => `  ${line}`));
    }
  }
  if (typeof result.duration_ms === 'number') {
    lines.push(`time: ${result.duration_ms.toFixed(result.duration_ms < 10 ? 2 : 0)} ms`);
  }
  return lines.join('\n') + '\n';
}
