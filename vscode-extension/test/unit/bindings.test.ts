import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { BINDING_LANGUAGES, bindingsOptions, parsePreviewQuery, previewUriParts, renderPreview } from '../../src/bindingsModel';
import type { GeneratedFile } from '../../src/protocol';

/** A generated file as `wit/bindings` sends it. */
function file(name: string, languageId: string, text: string): GeneratedFile {
  return { name, languageId, text, binary: false, size: text.length };
}

const key = { source: 'file:///w/adder/wit/world.wit', language: 'c' };

test('every language the CLI generates is offered, once', () => {
  const ids = BINDING_LANGUAGES.map((l) => l.id).sort();
  assert.deepEqual(ids, ['c', 'cpp', 'csharp', 'go', 'host-rust', 'moonbit', 'rust']);
});

test('a single file is shown as it is, in its language', () => {
  const r = renderPreview({ stale: false, files: [file('adder.rs', 'rust', 'fn x() {}\n')] }, { ...key, language: 'rust' });
  assert.deepEqual(r, { text: 'fn x() {}\n', languageId: 'rust' });
});

test('several files are joined with file headers, each ending in a newline', () => {
  const r = renderPreview(
    { stale: false, files: [file('adder.h', 'c', '#pragma once'), file('adder.c', 'c', 'int x;\n')] },
    key,
  );
  assert.equal(r.text, '// file: adder.h\n#pragma once\n\n// file: adder.c\nint x;\n');
  assert.equal(r.languageId, 'c');
});

test('a stale answer says so first', () => {
  const r = renderPreview({ stale: true, files: [file('a.go', 'go', 'package a\n')] }, { ...key, language: 'go' });
  assert.match(r.text, /^\/\/ STALE: the WIT has errors/);
  assert.ok(r.text.endsWith('package a\n'));
  assert.equal(r.languageId, 'go');
});

test('the picker layout shows only the chosen file', () => {
  const result = { stale: false, files: [file('a.h', 'c', 'H'), file('a.c', 'c', 'C')] };
  assert.equal(renderPreview(result, { ...key, file: 'a.c' }).text, 'C');
  assert.match(renderPreview(result, { ...key, file: 'gone.c' }).text, /no longer generated/);
});

test('no files is explained, not an empty document', () => {
  assert.match(renderPreview({ stale: false, files: [] }, key).text, /no files/);
});

test("a file's language mode is the server's languageId, else the preview language's", () => {
  assert.equal(renderPreview({ stale: false, files: [file('x.h', 'cpp', '')] }, key).languageId, 'cpp');
  assert.equal(renderPreview({ stale: false, files: [file('x.o', '', '')] }, key).languageId, 'c');
});

test('preview URIs round-trip their key and name a file with the right extension', () => {
  const full = { source: 'file:///w/adder/wit/world.wit', language: 'host-rust', world: 'adder' };
  const parts = previewUriParts(full);
  assert.equal(parts.path, '/host-rust/world-adder.rs');
  assert.deepEqual(parsePreviewQuery(parts.query), full);
  assert.throws(() => parsePreviewQuery('{"language":"c"}'));
});

test('generator options come from the settings; bad ownership falls back to owning', () => {
  const values: Record<string, unknown> = {
    'bindings.rust.generateAll': true,
    'bindings.rust.ownership': 'borrowing',
    'bindings.hostRust.async': true,
    'bindings.hostRust.ownership': 'lent',
    'bindings.c.noObjectFile': 'yes',
  };
  const options = bindingsOptions(<T>(key: string, fallback: T) => (key in values ? (values[key] as T) : fallback));
  assert.deepEqual(options, {
    rust: { generateAll: true, ownership: 'borrowing', stdFeature: false },
    hostRust: { async: true, trappableImports: false, ownership: 'owning' },
    c: { noObjectFile: false },
  });
});
