// Run-export logic without VS Code: reading the arguments of a server `▶ Run` lens, the
// key under which the last call is remembered, the params of the run requests, and how a
// `wit/runExport` answer is shown (the one-line inline decoration and the full report for
// the output channel).

import type { CallDiagnostic, ExportTarget, RunExportParams, RunExportResult } from './protocol';
import type { ServerSettings } from './settings';

/**
 * Reads the arguments of the server's `wit.runExport` lens command: `[{ uri, function,
 * world, component }]` (world and component may be null). Returns undefined for anything else.
 */
export function parseRunTarget(args: unknown[] | undefined): ExportTarget | undefined {
  const first = args?.[0];
  if (typeof first !== 'object' || first === null || Array.isArray(first)) {
    return undefined;
  }
  const { uri, function: fn, world, component } = first as Record<string, unknown>;
  if (typeof uri !== 'string' || typeof fn !== 'string') {
    return undefined;
  }
  const target: ExportTarget = { uri, function: fn };
  if (typeof world === 'string') {
    target.world = world;
  }
  if (typeof component === 'string') {
    target.component = component;
  }
  return target;
}

export function rememberKey(target: ExportTarget): string {
  return `wit-lsp.lastCall:${target.uri}#${target.world ?? ''}#${target.function}`;
}

/**
 * The target as `wit/runTemplate` and `wit/validateCall` take it: the lens's component, else
 * the `wit-lsp.runner.component` setting.
 */
export function targetParams(target: ExportTarget, runner: ServerSettings['runner']): ExportTarget {
  const params: ExportTarget = { uri: target.uri, function: target.function };
  if (target.world !== undefined) {
    params.world = target.world;
  }
  const component = target.component ?? runner.component;
  if (component) {
    params.component = component;
  }
  return params;
}

/** How a run relates to sessions: inside a live one, starting one, or neither. */
export type SessionChoice = { session: number } | { keepSession: true } | Record<string, never>;

/** The params of `wit/runExport`, with the runner limits and mock file of the settings. */
export function runExportParams(
  target: ExportTarget,
  call: string,
  session: SessionChoice,
  runner: ServerSettings['runner'],
): RunExportParams {
  return {
    ...targetParams(target, runner),
    call,
    ...session,
    timeoutMs: runner.timeoutMs,
    maxMemoryBytes: runner.maxMemoryBytes,
    ...(runner.mockFile ? { mockFile: runner.mockFile } : {}),
  };
}

/** One line for the input box: the first problem, with its position in the call text. */
export function validationMessage(problems: CallDiagnostic[]): string | undefined {
  if (problems.length === 0) {
    return undefined;
  }
  const first = problems[0];
  const at = ` (at ${first.start + 1})`;
  const more = problems.length > 1 ? ` (+${problems.length - 1} more)` : '';
  return `${first.message}${at}${more}`;
}

/** Resource handles named in a WAVE result (`connection#1`), for the sessions view. */
export function handlesIn(wave: string | null | undefined): string[] {
  return [...new Set((wave ?? '').match(/%?[a-z][a-z0-9-]*#[0-9]+/g) ?? [])];
}

/** The decoration after the function line: `→ 3`, `→ ()`, or `→ trap: …`, kept short. */
export function inlineText(result: RunExportResult, max = 80): string {
  let text: string;
  if (result.trap) {
    text = `→ trap: ${result.trap.message.split('\n')[0]}`;
  } else if (result.resultWave === null || result.resultWave === '') {
    text = '→ ()';
  } else {
    text = `→ ${result.resultWave.replace(/\s+/g, ' ')}`;
  }
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

/** The full report for the output channel. `handles` are the session's known handles. */
export function reportText(target: ExportTarget, call: string, result: RunExportResult, handles: string[] = []): string {
  const lines: string[] = [];
  const where = target.world ? `${target.world} ` : '';
  lines.push(`▶ ${where}${call}`);
  if (result.trap) {
    lines.push(`trap (${result.trap.kind}): ${result.trap.message}`);
    const frames = result.trap.backtrace.filter((frame) => frame.trim() !== '');
    if (frames.length > 0) {
      lines.push('backtrace:');
      lines.push(...frames.map((frame) => `  ${frame}`));
    }
  } else {
    lines.push(`result: ${result.resultWave ?? '()'}`);
    if (result.resultJson !== undefined && result.resultJson !== null) {
      lines.push(`json: ${JSON.stringify(result.resultJson)}`);
    }
  }
  if (result.session !== null) {
    lines.push(`session: ${result.session}${handles.length > 0 ? ` (handles: ${handles.join(', ')})` : ''}`);
  }
  const calls = result.importCalls;
  if (calls.length > 0) {
    lines.push(`import calls (${calls.length}):`);
    for (const c of calls) {
      const returned = c.result === null ? '' : ` -> ${c.result}`;
      const outcome =
        c.outcome === 'mocked' ? '' : c.outcome === 'plugged' && c.provider !== null ? ` [${c.provider}]` : ` [${c.outcome}]`;
      lines.push(`  ${c.function}(${c.args.join(', ')})${returned}${outcome}`);
    }
  }
  for (const [name, text, cut] of [
    ['stdout', result.stdout, result.stdoutTruncated],
    ['stderr', result.stderr, result.stderrTruncated],
  ] as const) {
    if (text) {
      lines.push(`${name}${cut ? ' (truncated)' : ''}:`);
      lines.push(...text.replace(/\n$/, '').split('\n').map((line) => `  ${line}`));
    }
  }
  lines.push(`time: ${result.durationMs.toFixed(result.durationMs < 10 ? 2 : 0)} ms`);
  return lines.join('\n') + '\n';
}
