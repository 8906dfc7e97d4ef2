import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { RunExportResult } from '../../src/protocol';
import {
  handlesIn,
  inlineText,
  parseRunTarget,
  rememberKey,
  reportText,
  runExportParams,
  targetParams,
  validationMessage,
} from '../../src/runModel';

const runner = { timeoutMs: 5000, maxMemoryBytes: 256 * 1024 * 1024, mockFile: null, component: null };

/** A `wit/runExport` answer as the server sends it, with `fields` changed. */
function answer(fields: Partial<RunExportResult>): RunExportResult {
  return {
    function: 'add',
    component: '/w/adder/target/wasm32-wasip2/release/adder.wasm',
    resultWave: '3',
    resultJson: 3,
    stdout: '',
    stdoutTruncated: false,
    stderr: '',
    stderrTruncated: false,
    importCalls: [],
    durationMs: 0.5,
    trap: null,
    session: null,
    ...fields,
  };
}

test("lens arguments: the server's export target, null world and component dropped", () => {
  assert.deepEqual(parseRunTarget([{ uri: 'file:///a.wit', world: 'docs:adder/adder', function: 'add', component: null }]), {
    uri: 'file:///a.wit',
    world: 'docs:adder/adder',
    function: 'add',
  });
  assert.deepEqual(parseRunTarget([{ uri: 'u', function: 'f', world: null, component: 'x.wasm' }]), {
    uri: 'u',
    function: 'f',
    component: 'x.wasm',
  });
});

test('lens arguments of another shape name no target', () => {
  assert.equal(parseRunTarget([]), undefined);
  assert.equal(parseRunTarget(undefined), undefined);
  assert.equal(parseRunTarget([{ world: 'w' }]), undefined);
  assert.equal(parseRunTarget([{ uri: 'u', name: 'f' }]), undefined);
  assert.equal(parseRunTarget(['file:///a.wit', 'w', 'f']), undefined);
});

test('the last call is remembered per function', () => {
  const a = rememberKey({ uri: 'u', world: 'w', function: 'add' });
  const b = rememberKey({ uri: 'u', world: 'w', function: 'sub' });
  assert.notEqual(a, b);
});

test("template and validation params: the target, with the lens's component or else the setting's", () => {
  const target = { uri: 'u', world: 'w', function: 'add' };
  assert.deepEqual(targetParams(target, runner), { uri: 'u', world: 'w', function: 'add' });
  assert.deepEqual(targetParams(target, { ...runner, component: 'set.wasm' }), {
    uri: 'u',
    world: 'w',
    function: 'add',
    component: 'set.wasm',
  });
  assert.deepEqual(targetParams({ ...target, component: 'lens.wasm' }, { ...runner, component: 'set.wasm' }).component, 'lens.wasm');
  assert.deepEqual(targetParams({ uri: 'u', function: 'f' }, runner), { uri: 'u', function: 'f' });
});

test('run params are the camelCase fields wit/runExport documents', () => {
  const target = { uri: 'file:///a.wit', world: 'docs:adder/adder', function: 'add' };
  assert.deepEqual(runExportParams(target, 'add(1, 2)', {}, { ...runner, mockFile: 'mocks.toml' }), {
    uri: 'file:///a.wit',
    world: 'docs:adder/adder',
    function: 'add',
    call: 'add(1, 2)',
    timeoutMs: 5000,
    maxMemoryBytes: 268435456,
    mockFile: 'mocks.toml',
  });
  assert.deepEqual(runExportParams(target, 'add(1, 2)', { keepSession: true }, runner), {
    ...target,
    call: 'add(1, 2)',
    keepSession: true,
    timeoutMs: 5000,
    maxMemoryBytes: 268435456,
  });
  assert.equal(runExportParams(target, 'f()', { session: 4 }, runner).session, 4);
});

test('the validation message names the first problem and where it is', () => {
  assert.equal(validationMessage([]), undefined);
  assert.equal(validationMessage([{ message: 'expected s32', start: 4, end: 5 }]), 'expected s32 (at 5)');
  assert.equal(
    validationMessage([
      { message: 'expected s32', start: 4, end: 5 },
      { message: 'z', start: 0, end: 1 },
    ]),
    'expected s32 (at 5) (+1 more)',
  );
});

test('inline text: value, unit, trap, truncation', () => {
  assert.equal(inlineText(answer({ resultWave: '3' })), '→ 3');
  assert.equal(inlineText(answer({ resultWave: null, resultJson: null })), '→ ()');
  const trap = { status: 'trapped', kind: 'unreachable', message: 'unreachable\nmore', backtrace: [] };
  assert.equal(inlineText(answer({ resultWave: null, trap })), '→ trap: unreachable');
  const long = inlineText(answer({ resultWave: 'x'.repeat(200) }), 20);
  assert.equal(long.length, 20);
  assert.ok(long.endsWith('…'));
});

test('the report has result, imports, output and time', () => {
  const text = reportText(
    { uri: 'u', world: 'kv', function: 'replace-value' },
    'replace-value("a", "b")',
    answer({
      resultWave: 'some("old")',
      resultJson: { some: 'old' },
      importCalls: [
        { function: 'log', args: ['"a"'], result: null, outcome: 'logged', provider: null },
        { function: 'kvdb.[method]connection.get', args: ['connection#1', '"a"'], result: 'some("old")', outcome: 'mocked', provider: null },
        { function: 'calc/adder.add', args: ['40', '2'], result: '42', outcome: 'plugged', provider: 'adder.wasm' },
      ],
      stdout: 'hi\n',
      stderrTruncated: false,
      durationMs: 3.5,
    }),
  );
  assert.equal(
    text,
    [
      '▶ kv replace-value("a", "b")',
      'result: some("old")',
      'json: {"some":"old"}',
      'import calls (3):',
      '  log("a") [logged]',
      '  kvdb.[method]connection.get(connection#1, "a") -> some("old")',
      '  calc/adder.add(40, 2) -> 42 [adder.wasm]',
      'stdout:',
      '  hi',
      'time: 3.50 ms',
      '',
    ].join('\n'),
  );
});

test('the report of a trap has its kind and backtrace; a session lists its handles', () => {
  const trap = reportText(
    { uri: 'u', function: 'f' },
    'f()',
    answer({
      resultWave: null,
      resultJson: null,
      trap: { status: 'trapped', kind: 'unreachable', message: 'boom', backtrace: ['0: f', '1: g'] },
      stderr: 'panicked\n',
      stderrTruncated: true,
      durationMs: 12.4,
    }),
  );
  assert.equal(
    trap,
    ['▶ f()', 'trap (unreachable): boom', 'backtrace:', '  0: f', '  1: g', 'stderr (truncated):', '  panicked', 'time: 12 ms', ''].join('\n'),
  );
  const session = reportText({ uri: 'u', function: 'open' }, 'open()', answer({ resultWave: 'connection#1', session: 1 }), ['connection#1']);
  assert.match(session, /\nsession: 1 \(handles: connection#1\)\n/);
});

test('resource handles are found in results', () => {
  assert.deepEqual(handlesIn('ok(connection#1)'), ['connection#1']);
  assert.deepEqual(handlesIn('(a#2, a#2, b-c#10)'), ['a#2', 'b-c#10']);
  assert.deepEqual(handlesIn('"no handles"'), []);
  assert.deepEqual(handlesIn(null), []);
});
