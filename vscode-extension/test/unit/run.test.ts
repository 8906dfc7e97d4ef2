import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { callProblems, handlesIn, inlineText, normalizeRunResult, parseRunTarget, rememberKey, reportText, templateText, validationMessage } from '../../src/runModel';

test('lens arguments: an object with uri/world/function, extra fields kept', () => {
  const t = parseRunTarget([{ uri: 'file:///a.wit', world: 'adder', function: 'add', line: 4 }]);
  assert.deepEqual(t, { uri: 'file:///a.wit', world: 'adder', function: 'add', extra: { line: 4 } });
});

test('lens arguments: positional, and `name` for the function', () => {
  assert.deepEqual(parseRunTarget(['file:///a.wit', 'w', 'f']), { uri: 'file:///a.wit', world: 'w', function: 'f', extra: {} });
  assert.deepEqual(parseRunTarget([{ uri: 'u', name: 'f' }]), { uri: 'u', world: undefined, function: 'f', extra: {} });
  assert.equal(parseRunTarget([]), undefined);
  assert.equal(parseRunTarget([{ world: 'w' }]), undefined);
  assert.equal(parseRunTarget(undefined), undefined);
});

test('the last call is remembered per function', () => {
  const a = rememberKey({ uri: 'u', world: 'w', function: 'add', extra: {} });
  const b = rememberKey({ uri: 'u', world: 'w', function: 'sub', extra: {} });
  assert.notEqual(a, b);
});

test('templates: a string or an object', () => {
  assert.equal(templateText('add(0, 0)'), 'add(0, 0)');
  assert.equal(templateText({ call: 'f("")' }), 'f("")');
  assert.equal(templateText({ template: 'g()' }), 'g()');
  assert.equal(templateText(42), undefined);
});

test('validation problems from the shapes a server may send', () => {
  assert.deepEqual(callProblems({ diagnostics: [] }), []);
  assert.deepEqual(callProblems({ diagnostics: [{ message: 'expected s32', range: { start: 4, end: 5 } }] }), [
    { message: 'expected s32', start: 4, end: 5 },
  ]);
  assert.deepEqual(callProblems([{ message: 'x' }, 'y']), [{ message: 'x', start: undefined, end: undefined }, { message: 'y' }]);
  assert.deepEqual(callProblems({ error: { message: 'bad', span: { start: 0, end: 1 } } }), [{ message: 'bad', start: 0, end: 1 }]);
  // wit-lsp's own shape: offsets at the top level of each diagnostic.
  assert.deepEqual(callProblems({ diagnostics: [{ start: 4, end: 6, message: 'expected s32' }] }), [
    { message: 'expected s32', start: 4, end: 6 },
  ]);
  assert.equal(validationMessage([]), undefined);
  assert.equal(validationMessage([{ message: 'expected s32', start: 4 }, { message: 'z' }]), 'expected s32 (at 5) (+1 more)');
});

test('inline text: value, unit, trap, truncation', () => {
  assert.equal(inlineText({ result_wave: '3' }), '→ 3');
  assert.equal(inlineText({ result_wave: null }), '→ ()');
  assert.equal(inlineText({ trap: { message: 'unreachable\nmore' } }), '→ trap: unreachable');
  const long = inlineText({ result_wave: 'x'.repeat(200) }, 20);
  assert.equal(long.length, 20);
  assert.ok(long.endsWith('…'));
});

test('the report has result, imports, output and time', () => {
  const text = reportText({ uri: 'u', world: 'kv', function: 'replace-value', extra: {} }, 'replace-value("a", "b")', {
    result_wave: 'some("old")',
    import_calls: [{ function: 'kvdb.[method]connection.get', args: ['"a"'], result: 'some("old")' }],
    stdout: 'hi\n',
    stderr: '',
    duration_ms: 3.5,
  });
  assert.equal(
    text,
    [
      '▶ kv replace-value("a", "b")',
      'result: some("old")',
      'import calls (1):',
      '  kvdb.[method]connection.get("a") -> some("old")',
      'stdout:',
      '  hi',
      'time: 3.50 ms',
      '',
    ].join('\n'),
  );
  const trap = reportText({ uri: 'u', function: 'f', extra: {} }, 'f()', { trap: { message: 'boom', backtrace: ['0: f', '1: g'] } });
  assert.match(trap, /trap: boom\nbacktrace:\n  0: f\n  1: g/);
});

test('run results in camelCase are read like snake_case ones', () => {
  const r = normalizeRunResult({
    resultWave: '3',
    resultJson: 3,
    importCalls: [{ name: 'log', arguments: ['"x"'] }],
    durationMs: 1.5,
    trap: null,
  });
  assert.equal(r.result_wave, '3');
  assert.equal(r.result_json, 3);
  assert.equal(r.duration_ms, 1.5);
  assert.deepEqual(r.import_calls, [{ name: 'log', arguments: ['"x"'], function: 'log', args: ['"x"'], result: undefined }]);
  assert.equal(normalizeRunResult({ result_wave: '7' }).result_wave, '7');
  assert.equal(normalizeRunResult('8').result_wave, '8');
});

test('resource handles are found in results', () => {
  assert.deepEqual(handlesIn('ok(connection#1)'), ['connection#1']);
  assert.deepEqual(handlesIn('(a#2, a#2, b-c#10)'), ['a#2', 'b-c#10']);
  assert.deepEqual(handlesIn('"no handles"'), []);
  assert.deepEqual(handlesIn(null), []);
});
