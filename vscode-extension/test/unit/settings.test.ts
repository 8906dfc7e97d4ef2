import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ConfigReader, serverSettings } from '../../src/settings';

function reader(values: Record<string, unknown>): ConfigReader {
  return <T>(key: string, fallback: T) => (key in values ? (values[key] as T) : fallback);
}

test('defaults match the runner defaults', () => {
  const s = serverSettings(reader({}));
  assert.deepEqual(s, {
    features: [],
    allFeatures: false,
    format: { indentWidth: null, maxWidth: null },
    runner: { timeoutMs: 5000, maxMemoryBytes: 256 * 1024 * 1024, mockFile: null, component: null },
    bindings: { warmUp: true },
    baseline: null,
  });
});

test('the baseline is off unless set to a non-empty string', () => {
  assert.equal(serverSettings(reader({ baseline: ' git:HEAD ' })).baseline, 'git:HEAD');
  assert.equal(serverSettings(reader({ baseline: '  ' })).baseline, null);
  assert.equal(serverSettings(reader({ baseline: 3 })).baseline, null);
});

test('the preview warm-up is on unless set to false', () => {
  assert.equal(serverSettings(reader({ 'bindings.warmUp': false })).bindings.warmUp, false);
  assert.equal(serverSettings(reader({ 'bindings.warmUp': 'no' })).bindings.warmUp, true);
});

test('features are trimmed and non-strings dropped; allFeatures only when true', () => {
  const s = serverSettings(reader({ features: [' a ', '', 3, 'b'], allFeatures: 'yes' }));
  assert.deepEqual(s.features, ['a', 'b']);
  assert.equal(s.allFeatures, false);
  assert.equal(serverSettings(reader({ allFeatures: true })).allFeatures, true);
});

test('runner limits convert to milliseconds and bytes; bad values fall back', () => {
  const s = serverSettings(reader({ 'runner.timeoutSeconds': 0.25, 'runner.maxMemoryMiB': 64, 'runner.mockFile': ' mocks.toml ' }));
  assert.equal(s.runner.timeoutMs, 250);
  assert.equal(s.runner.maxMemoryBytes, 64 * 1024 * 1024);
  assert.equal(s.runner.mockFile, 'mocks.toml');
  const bad = serverSettings(reader({ 'runner.timeoutSeconds': -1, 'runner.maxMemoryMiB': 'x' }));
  assert.equal(bad.runner.timeoutMs, 5000);
  assert.equal(bad.runner.maxMemoryBytes, 256 * 1024 * 1024);
});

test('format widths: positive integers or null', () => {
  assert.deepEqual(serverSettings(reader({ 'format.indentWidth': 2, 'format.maxWidth': 100.7 })).format, { indentWidth: 2, maxWidth: 100 });
  assert.deepEqual(serverSettings(reader({ 'format.indentWidth': 0, 'format.maxWidth': 'x' })).format, { indentWidth: null, maxWidth: null });
});
