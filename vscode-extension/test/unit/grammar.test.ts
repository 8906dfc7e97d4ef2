// The TextMate grammar, tokenized with the same engine VS Code uses (vscode-textmate +
// Oniguruma), over WIT that uses every construct.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';

const root = path.join(__dirname, '..', '..');

async function loadGrammar(): Promise<vsctm.IGrammar> {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async () =>
      vsctm.parseRawGrammar(fs.readFileSync(path.join(root, 'syntaxes', 'wit.tmLanguage.json'), 'utf8'), 'wit.tmLanguage.json'),
  });
  const grammar = await registry.loadGrammar('source.wit');
  assert.ok(grammar);
  return grammar;
}

/** Every token as `text => innermost scope`, over all lines. */
async function tokens(source: string): Promise<Array<[string, string[]]>> {
  const grammar = await loadGrammar();
  let stack = vsctm.INITIAL;
  const out: Array<[string, string[]]> = [];
  for (const line of source.split('\n')) {
    const result = grammar.tokenizeLine(line, stack);
    for (const token of result.tokens) {
      const text = line.slice(token.startIndex, token.endIndex);
      if (text.trim() !== '') {
        out.push([text.trim(), token.scopes]);
      }
    }
    stack = result.ruleStack;
  }
  return out;
}

function scopeOf(all: Array<[string, string[]]>, text: string, nth = 0): string[] {
  const found = all.filter(([t]) => t === text);
  assert.ok(found.length > nth, `no token ${JSON.stringify(text)} (#${nth}) in ${JSON.stringify(all.map(([t]) => t))}`);
  return found[nth][1];
}

function has(all: Array<[string, string[]]>, text: string, scope: string, nth = 0): void {
  const scopes = scopeOf(all, text, nth);
  assert.ok(scopes.some((s) => s.startsWith(scope)), `${JSON.stringify(text)} has ${scopes.join(' ')}, expected ${scope}`);
}

const sample = `// a line comment
/// A doc comment.
package wasi:http@0.2.0-rc.1+build;

/** Block doc */
@since(version = 0.2.0)
interface types {
    use wasi:io/streams@0.2.0.{input-stream as in-stream, output-stream};
    use other.{thing};
    /* nested /* block */ comment */
    type fields = list<tuple<string, list<u8>>>;
    record request {
        method: %method,
        body: option<borrow<in-stream>>,
    }
    variant error { timeout, protocol(string) }
    enum method { get, post }
    flags perms { read, write }
    resource conn {
        constructor(addr: string);
        send: func(data: list<u8, 4>) -> result<u32, error>;
        open: static func() -> own<conn>;
        wait: async func() -> future<stream<u8>>;
    }
    @unstable(feature = fancy)
    @deprecated(version = 0.1.0)
    poll: func() -> result<_, error-context>;
}

world proxy {
    import wasi:clocks/wall-clock@0.2.0;
    export handler;
    import log: func(msg: string);
    export run: interface { go: func() -> f64; }
    include wasi:cli/imports@0.2.0 with { run as run2 }
}

package local:nested { interface i { f: func(); } }
`;

test('comments: line, doc line, block doc, nested block', async () => {
  const all = await tokens(sample);
  has(all, 'a line comment', 'comment.line.double-slash.wit');
  has(all, '//', 'punctuation.definition.comment.wit');
  has(all, 'A doc comment.', 'comment.line.documentation.wit');
  has(all, 'Block doc', 'comment.block.documentation.wit');
  // After the inner `*/` the outer comment continues.
  has(all, 'comment', 'comment.block.wit');
});

test('package names with nested versions and build metadata', async () => {
  const all = await tokens(sample);
  has(all, 'package', 'keyword.other.package.wit');
  has(all, 'wasi', 'entity.name.namespace.wit');
  has(all, '0.2.0-rc.1+build', 'constant.numeric.version.wit');
  has(all, 'local', 'entity.name.namespace.wit');
});

test('gates and their arguments', async () => {
  const all = await tokens(sample);
  has(all, 'since', 'storage.type.annotation.wit');
  has(all, 'unstable', 'storage.type.annotation.wit');
  has(all, 'deprecated', 'storage.type.annotation.wit');
  has(all, 'feature', 'variable.parameter.annotation.wit');
  has(all, 'fancy', 'string.unquoted.feature.wit');
  has(all, '0.1.0', 'constant.numeric.version.wit');
});

test('use paths, renames and items', async () => {
  const all = await tokens(sample);
  has(all, 'use', 'keyword.other.use.wit');
  has(all, 'streams', 'entity.name.type.interface.wit');
  has(all, 'as', 'keyword.other.as.wit');
  has(all, 'output-stream', 'entity.name.type.wit');
});

test('type definitions and type expressions', async () => {
  const all = await tokens(sample);
  has(all, 'interface', 'storage.type.interface.wit');
  has(all, 'types', 'entity.name.type.interface.wit');
  has(all, 'record', 'storage.type.record.wit');
  has(all, 'request', 'entity.name.type.record.wit');
  has(all, 'variant', 'storage.type.variant.wit');
  has(all, 'enum', 'storage.type.enum.wit');
  has(all, 'flags', 'storage.type.flags.wit');
  has(all, 'resource', 'storage.type.resource.wit');
  has(all, 'list', 'support.type.builtin.wit');
  has(all, 'u8', 'support.type.primitive.wit');
  has(all, 'borrow', 'support.type.builtin.wit');
  has(all, 'error-context', 'support.type.primitive.wit');
  has(all, '_', 'keyword.other.placeholder.wit');
  has(all, '4', 'constant.numeric.wit');
  has(all, 'in-stream', 'entity.name.type.wit', 1);
});

test('%-escaped identifiers and fields', async () => {
  const all = await tokens(sample);
  has(all, '%method', 'entity.name.type.wit');
  has(all, 'body', 'variable.other.member.wit');
  has(all, 'timeout', 'variable.other.enummember.wit');
});

test('functions: static, async, constructor, params, arrow', async () => {
  const all = await tokens(sample);
  has(all, 'constructor', 'entity.name.function.constructor.wit');
  has(all, 'send', 'entity.name.function.wit');
  has(all, 'static', 'storage.modifier.static.wit');
  has(all, 'async', 'storage.modifier.async.wit');
  has(all, 'func', 'storage.type.function.wit');
  has(all, 'data', 'variable.parameter.wit');
  has(all, '->', 'keyword.operator.arrow.wit');
});

test('worlds: import/export of interfaces, functions, inline interfaces, include with', async () => {
  const all = await tokens(sample);
  has(all, 'world', 'storage.type.world.wit');
  has(all, 'proxy', 'entity.name.type.world.wit');
  has(all, 'import', 'keyword.other.import.wit');
  has(all, 'export', 'keyword.other.export.wit');
  has(all, 'wall-clock', 'entity.name.type.interface.wit');
  has(all, 'handler', 'entity.name.type.interface.wit');
  has(all, 'log', 'entity.name.function.wit');
  has(all, 'go', 'entity.name.function.wit');
  has(all, 'include', 'keyword.other.include.wit');
  has(all, 'with', 'keyword.other.with.wit');
  has(all, 'run2', 'entity.name.function.wit');
});

test('the sample packages tokenize without leaving any token unscoped', async () => {
  const samples = path.join(root, '..', 'wit-samples');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'target' && entry.name !== 'src') {
        walk(p);
      } else if (entry.name.endsWith('.wit')) {
        files.push(p);
      }
    }
  };
  walk(samples);
  assert.ok(files.length >= 4, `found ${files.length} sample files`);
  for (const file of files) {
    const all = await tokens(fs.readFileSync(file, 'utf8'));
    const bare = all.filter(([text, scopes]) => scopes.length === 1 && !/^[;{}(),:<>=./@-]+$/.test(text));
    assert.deepEqual(bare, [], `${file}: tokens with only the root scope`);
  }
});
