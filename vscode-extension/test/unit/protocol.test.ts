import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  ProtocolError,
  readBindingsChangedParams,
  readBindingsResult,
  readComponentWitResult,
  readRunExportResult,
  readTemplateResult,
  readValidateCallResult,
} from '../../src/protocol';

// Answers as the server serialises them (every field present; absent values are null).
const returned = {
  function: 'add',
  component: '/w/adder/target/wasm32-wasip2/release/adder.wasm',
  resultWave: '3',
  resultJson: 3,
  stdout: '',
  stdoutTruncated: false,
  stderr: '',
  stderrTruncated: false,
  importCalls: [{ function: 'log', args: ['"x"'], result: null, outcome: 'logged', provider: null }],
  durationMs: 0.042,
  trap: null,
  session: null,
};

const trapped = {
  ...returned,
  resultWave: null,
  resultJson: null,
  importCalls: [],
  trap: { status: 'trapped', kind: 'unreachable', message: 'wasm trap: unreachable', backtrace: ['0: adder.wasm!add'] },
  session: 2,
};

function protocolError(read: () => unknown, message: string): void {
  assert.throws(read, (error: unknown) => {
    assert.ok(error instanceof ProtocolError, `not a ProtocolError: ${String(error)}`);
    assert.equal(error.message, message);
    return true;
  });
}

/** The message of the protocol error `read` throws. */
function readError(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    assert.ok(error instanceof ProtocolError, `not a ProtocolError: ${String(error)}`);
    return error.message;
  }
  assert.fail('no protocol error');
}

test('a wit/runExport answer is read field by field', () => {
  assert.deepEqual(readRunExportResult(returned), returned);
  assert.deepEqual(readRunExportResult(trapped), trapped);
});

test('a wit/runExport answer that is not an object is a protocol error', () => {
  protocolError(() => readRunExportResult('3'), 'wit/runExport: the server sent "3" as the result, which is not an object');
  protocolError(() => readRunExportResult(null), 'wit/runExport: the server sent null as the result, which is not an object');
  assert.match(readError(() => readRunExportResult([returned])), /^wit\/runExport: the server sent \[\{"function":"add",.*… as the result, which is not an object$/);
});

test('snake_case fields are not read: the missing camelCase field is named', () => {
  const snake = { function: 'add', component: null, result_wave: '3', result_json: 3 };
  protocolError(
    () => readRunExportResult(snake),
    'wit/runExport: the result the server sent has no `resultWave` (a string or null): {"function":"add","component":null,"result_wave":"3","result_json":3}',
  );
});

test('a field of the wrong type, inside a list or the trap, is named with its place', () => {
  protocolError(
    () => readRunExportResult({ ...returned, importCalls: [{ function: 'log', args: '"x"', result: null, outcome: 'logged' }] }),
    'wit/runExport: `importCalls[0]` the server sent has `args` = "\\"x\\"", not a list: {"function":"log","args":"\\"x\\"","result":null,"outcome":"logged"}',
  );
  protocolError(
    () => readRunExportResult({ ...trapped, trap: 'boom' }),
    'wit/runExport: the result the server sent has `trap` = "boom", not an object or null: ' +
      JSON.stringify({ ...trapped, trap: 'boom' }).slice(0, 119) +
      '…',
  );
  protocolError(
    () => readRunExportResult({ ...trapped, trap: { ...trapped.trap, backtrace: [1] } }),
    'wit/runExport: `trap` the server sent has `backtrace` = [1], not a list of strings: {"status":"trapped","kind":"unreachable","message":"wasm trap: unreachable","backtrace":[1]}',
  );
  assert.match(readError(() => readRunExportResult({ ...returned, session: '1' })), /has `session` = "1", not a number or null: /);
});

test('wit/runTemplate and wit/validateCall answers', () => {
  const template = { call: 'add(0, 0)', function: 'add', signature: 'func(a: s32, b: s32) -> s32', component: null };
  assert.deepEqual(readTemplateResult(template), template);
  protocolError(() => readTemplateResult('add(0, 0)'), 'wit/runTemplate: the server sent "add(0, 0)" as the result, which is not an object');
  const validation = { diagnostics: [{ start: 7, end: 12, message: 'expected s32' }] };
  assert.deepEqual(readValidateCallResult(validation), validation);
  assert.deepEqual(readValidateCallResult({ diagnostics: [] }), { diagnostics: [] });
  protocolError(
    () => readValidateCallResult({ diagnostics: [{ message: 'x', range: { start: 0, end: 1 } }] }),
    'wit/validateCall: `diagnostics[0]` the server sent has no `start` (a number): {"message":"x","range":{"start":0,"end":1}}',
  );
});

test('wit/bindings and wit/componentWit answers, wit/bindingsChanged params', () => {
  const bindings = {
    world: 'docs:adder/adder',
    language: 'c',
    files: [{ name: 'adder.h', languageId: 'c', text: '#pragma once\n', binary: false, size: 13 }],
    stale: false,
  };
  assert.deepEqual(readBindingsResult(bindings), bindings);
  protocolError(
    () => readBindingsResult({ ...bindings, files: [{ name: 'adder.h', language_id: 'c', text: '', binary: false, size: 0 }] }),
    'wit/bindings: `files[0]` the server sent has no `languageId` (a string): {"name":"adder.h","language_id":"c","text":"","binary":false,"size":0}',
  );
  assert.deepEqual(readComponentWitResult({ wit: 'package a:b;\n' }), { wit: 'package a:b;\n' });
  protocolError(() => readComponentWitResult({}), 'wit/componentWit: the result the server sent has no `wit` (a string): {}');
  assert.deepEqual(readBindingsChangedParams({ uris: ['file:///a.wit'], stale: true }), { uris: ['file:///a.wit'], stale: true });
  protocolError(() => readBindingsChangedParams(undefined), 'wit/bindingsChanged: the server sent undefined as the params, which is not an object');
});
