import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { composeSummary } from '../../src/composeModel';
import { readComposeResult } from '../../src/protocol';

const composed = {
  composed: true,
  output: '/p/app.wasm',
  size: 1234,
  links: [{ importer: 'calculator.wasm', import: 'bars:calc/adder@0.1.0', provider: 'adder.wasm', export: 'bars:calc/adder@0.1.0' }],
  openImports: ['wasi:cli/stdout@0.2.0'],
  refusals: [],
};

test('a composition reads and summarises its links and open imports', () => {
  const result = readComposeResult(composed);
  assert.equal(result.size, 1234);
  assert.equal(composeSummary(result), 'bars:calc/adder@0.1.0 ← adder.wasm; still imported: wasi:cli/stdout@0.2.0');
});

test('a refusal summarises as its messages', () => {
  const result = readComposeResult({
    composed: false,
    output: null,
    size: 0,
    links: [],
    openImports: [],
    refusals: [
      { kind: 'signature-differs', item: 'bars:calc/adder.add', message: 'bars:calc/adder.add: a, b', plug: 0 },
      { kind: 'unused-plug', item: 'x.wasm', message: 'x.wasm: plugs nothing', plug: 1 },
    ],
  });
  assert.equal(composeSummary(result), 'bars:calc/adder.add: a, b\nx.wasm: plugs nothing');
});

test('a malformed compose answer is a protocol error naming the field', () => {
  assert.throws(() => readComposeResult({ ...composed, size: '12' }), /size/);
  assert.throws(() => readComposeResult({ ...composed, links: [{ importer: 'a' }] }), /import/);
});
