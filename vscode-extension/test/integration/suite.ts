// The integration suite, run inside real VS Code (code-server) by run.mjs through
// `extensionTestsPath`. Every check talks to the real wit-lsp binary over the extension's
// language client, on a copy of wit-samples/ that run.mjs prepared as the workspace.
// Each check runs even when an earlier one failed; `run()` rejects if any failed, which
// makes VS Code exit with status 1.

import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { WitLspApi } from '../../src/extension';
import type { ComposeResult } from '../../src/protocol';
import type { RunOutcome } from '../../src/run';

interface Control {
  port: number;
  expectedFormat: string;
  /** How the extension must have found the server: `setting` or `bundled`. */
  serverSource: string;
}

function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    throw new Error('no workspace folder is open');
  }
  return folder.uri.fsPath;
}

function control(): Control {
  return JSON.parse(fs.readFileSync(path.join(workspaceDir(), '.wit-lsp-test', 'control.json'), 'utf8')) as Control;
}

/** Asks the driver (run.mjs) for something: a log line, a screenshot, typing. Returns its answer. */
function tell(what: string, body: string): Promise<string> {
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port: control().port, path: `/${what}`, method: 'POST' },
      (res) => {
        let answer = '';
        res.on('data', (chunk) => (answer += chunk));
        res.on('end', () => resolve(answer));
      },
    );
    req.on('error', () => resolve(''));
    req.end(body);
  });
}

async function log(line: string): Promise<void> {
  console.log(line);
  await tell('log', line);
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) {
        return value as T;
      }
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) {
    throw new Error(message);
  }
}

function uriOf(relative: string): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceDir(), relative));
}

async function open(relative: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uriOf(relative));
  return vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: false });
}

/** The position of the `nth` occurrence of `needle` in a document, plus `offset` characters. */
function positionOf(doc: vscode.TextDocument, needle: string, nth = 0, offset = 0): vscode.Position {
  const text = doc.getText();
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = text.indexOf(needle, index + 1);
    assert(index >= 0, `${needle} (#${nth}) is not in ${doc.uri.fsPath}`);
  }
  return doc.positionAt(index + offset);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

let api: WitLspApi;

const checks: Array<[string, () => Promise<void>]> = [
  [
    'activation on a .wit file starts the server',
    async () => {
      const editor = await open('adder/wit/world.wit');
      assert(editor.document.languageId === 'wit', `language is ${editor.document.languageId}, not wit`);
      const extension = vscode.extensions.getExtension<WitLspApi>('wit-lsp.wit-lsp');
      assert(extension, 'the extension wit-lsp.wit-lsp is not installed');
      api = await waitFor('the extension to activate', 20000, async () => (extension.isActive ? extension.exports : undefined));
      await api.ready();
      const info = api.client()?.initializeResult?.serverInfo;
      assert(info?.name === 'wit-lsp', `server info: ${JSON.stringify(info)}`);
      const version = await vscode.commands.executeCommand<string>('wit-lsp.showVersion');
      assert(typeof version === 'string' && version.includes(info.version ?? '?'), `version command said ${version}`);
      await log(`  server ${info.name} ${info.version} at ${api.server()?.command} (${api.server()?.source})`);
      assert(api.server()?.source === control().serverSource, `server found by ${api.server()?.source}, expected ${control().serverSource}`);
    },
  ],
  [
    'WIT: Restart Server starts a new server process (the later checks use it)',
    async () => {
      const before = api.client();
      await vscode.commands.executeCommand('wit-lsp.restartServer');
      const after = api.client();
      assert(after && after !== before, 'no new client after the restart');
      assert(after.isRunning(), 'the restarted client is not running');
      assert(before && !before.isRunning(), 'the old client still runs');
    },
  ],
  [
    'diagnostics appear for a broken sample and clear when fixed',
    async () => {
      const editor = await open('broken/broken.wit');
      const uri = editor.document.uri;
      const diagnostics = await waitFor('diagnostics on broken.wit', 20000, () => {
        const list = vscode.languages.getDiagnostics(uri);
        return list.length > 0 ? list : undefined;
      });
      const missing = diagnostics.find((d) => editor.document.getText(d.range).includes('missing-type'));
      assert(missing, `no diagnostic on missing-type: ${JSON.stringify(diagnostics.map((d) => [d.message, d.range.start.line]))}`);
      assert(missing.severity === vscode.DiagnosticSeverity.Error, `severity ${missing.severity}`);
      assert(/missing-type/.test(missing.message), `message: ${missing.message}`);
      await log(`  diagnostic: ${missing.message.split('\n')[0]} [${String(typeof missing.code === 'object' ? missing.code.value : missing.code)}]`);
      await vscode.commands.executeCommand('workbench.actions.view.problems');
      await vscode.window.showTextDocument(editor.document, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
      await new Promise((r) => setTimeout(r, 1500));
      await tell('screenshot', 'diagnostics');
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, missing.range, 'string');
      assert(await vscode.workspace.applyEdit(edit), 'the fix was not applied');
      await waitFor('diagnostics to clear', 20000, () => vscode.languages.getDiagnostics(uri).length === 0);
    },
  ],
  [
    'completion offers the types in scope',
    async () => {
      const editor = await open('intel/wit/intel.wit');
      const at = positionOf(editor.document, 'a: point', 0, 3);
      const list = await waitFor('completion items', 15000, async () => {
        const result = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, at);
        return result && result.items.length > 0 ? result : undefined;
      });
      const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      assert(labels.includes('point'), `no \`point\` among ${labels.slice(0, 40).join(', ')}`);
      assert(labels.includes('s32'), `no \`s32\` among ${labels.slice(0, 40).join(', ')}`);
    },
  ],
  [
    'hover shows the signature and the doc comment',
    async () => {
      const editor = await open('intel/wit/intel.wit');
      const at = positionOf(editor.document, 'a: point', 0, 4);
      const text = await waitFor('a hover', 15000, async () => {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, at);
        return hovers && hovers.length > 0 ? hoverText(hovers) : undefined;
      });
      assert(text.includes('record point'), `hover: ${text}`);
      assert(text.includes('A point in the plane'), `hover has no doc comment: ${text}`);
    },
  ],
  [
    'semantic tokens refine the grammar',
    async () => {
      const editor = await open('intel/wit/intel.wit');
      const legend = await waitFor('a semantic tokens legend', 15000, async () =>
        vscode.commands.executeCommand<vscode.SemanticTokensLegend | undefined>('vscode.provideDocumentSemanticTokensLegend', editor.document.uri),
      );
      const tokens = await waitFor('semantic tokens', 15000, async () => {
        const result = await vscode.commands.executeCommand<vscode.SemanticTokens | undefined>(
          'vscode.provideDocumentSemanticTokens',
          editor.document.uri,
        );
        return result && result.data.length > 0 ? result : undefined;
      });
      // Decode (line delta, start delta, length, type, modifiers) and find the use of `point`.
      const use = positionOf(editor.document, 'a: point', 0, 3);
      let line = 0;
      let start = 0;
      let found: string | undefined;
      for (let i = 0; i + 4 < tokens.data.length; i += 5) {
        line += tokens.data[i];
        start = tokens.data[i] === 0 ? start + tokens.data[i + 1] : tokens.data[i + 1];
        if (line === use.line && start === use.character) {
          found = legend.tokenTypes[tokens.data[i + 3]];
        }
      }
      assert(found !== undefined, 'no semantic token on the use of `point`');
      assert(/type|struct|class/.test(found), `the use of \`point\` is a ${found} token`);
    },
  ],
  [
    'go to definition finds the record',
    async () => {
      const editor = await open('intel/wit/intel.wit');
      const at = positionOf(editor.document, 'b: point', 0, 4);
      const targets = await waitFor('a definition', 15000, async () => {
        const result = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>(
          'vscode.executeDefinitionProvider',
          editor.document.uri,
          at,
        );
        return result && result.length > 0 ? result : undefined;
      });
      const first = targets[0];
      const range = 'targetRange' in first ? (first.targetSelectionRange ?? first.targetRange) : first.range;
      const uri = 'targetUri' in first ? first.targetUri : first.uri;
      const expected = positionOf(editor.document, 'record point');
      assert(uri.fsPath === editor.document.uri.fsPath, `definition in ${uri.fsPath}`);
      assert(range.start.line === expected.line, `definition on line ${range.start.line + 1}, expected ${expected.line + 1}`);
    },
  ],
  [
    'formatting gives what `wit-lsp fmt` gives',
    async () => {
      const editor = await open('fmt/fmt.wit');
      const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>(
        'vscode.executeFormatDocumentProvider',
        editor.document.uri,
        { tabSize: 4, insertSpaces: true },
      );
      assert(edits && edits.length > 0, 'no formatting edits');
      const edit = new vscode.WorkspaceEdit();
      edit.set(editor.document.uri, edits);
      assert(await vscode.workspace.applyEdit(edit), 'edits not applied');
      const expected = control().expectedFormat;
      assert(editor.document.getText() === expected, `formatted:\n${editor.document.getText()}\nexpected:\n${expected}`);
    },
  ],
  [
    'a binding preview opens and follows an edit',
    async () => {
      const editor = await open('bindings/wit/world.wit');
      const preview = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('wit-lsp.showBindings', {
        language: 'rust',
        uri: editor.document.uri.toString(),
      });
      assert(preview, 'no preview document');
      assert(preview.uri.scheme === 'wit-bindings', `preview scheme ${preview.uri.scheme}`);
      assert(/fn add\(/.test(preview.getText()), `preview has no fn add:\n${preview.getText().slice(0, 400)}`);
      assert(preview.languageId === 'rust', `preview language ${preview.languageId}`);
      const end = positionOf(editor.document, 'export add');
      const edit = new vscode.WorkspaceEdit();
      edit.insert(editor.document.uri, end, 'export triple: func(a: s32) -> s32;\n    ');
      assert(await vscode.workspace.applyEdit(edit), 'edit not applied');
      await waitFor('the preview to show fn triple', 15000, () => /fn triple\(/.test(preview.getText()));
      // While the WIT has errors the preview keeps the last good bindings, marked stale.
      const broken = new vscode.WorkspaceEdit();
      broken.insert(editor.document.uri, positionOf(editor.document, 'export triple'), 'export broken: func() -> no-such-type;\n    ');
      assert(await vscode.workspace.applyEdit(broken), 'edit not applied');
      await waitFor('the preview to be marked stale', 15000, () => /^\/\/ STALE/.test(preview.getText()));
      assert(/fn triple\(/.test(preview.getText()), 'the stale preview lost the last good bindings');
    },
  ],
  [
    'WIT of a built component',
    async () => {
      const wasm = uriOf('adder/target/wasm32-wasip2/release/adder.wasm');
      assert(fs.existsSync(wasm.fsPath), `${wasm.fsPath} is missing (build wit-samples)`);
      const doc = await vscode.commands.executeCommand<vscode.TextDocument | undefined>('wit-lsp.showComponentWit', wasm);
      assert(doc, 'no document');
      assert(doc.languageId === 'wit', `language ${doc.languageId}`);
      assert(/export add: func\(a: s32, b: s32\) -> s32;/.test(doc.getText()), `component WIT:\n${doc.getText()}`);
    },
  ],
  [
    'the Run lens on adder returns 3 for add(1, 2)',
    async () => {
      // One wide editor, so the inline result is on screen for the screenshot.
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('notifications.clearAll');
      const editor = await open('adder/wit/world.wit');
      const uri = editor.document.uri;
      const lens = await waitFor('a Run lens on add', 20000, async () => {
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
        return lenses?.find((l) => l.command?.command === 'wit-lsp.runExport' && /Run/.test(l.command.title));
      });
      const addLine = positionOf(editor.document, 'export add').line;
      assert(lens.range.start.line === addLine, `lens on line ${lens.range.start.line + 1}, add is on ${addLine + 1}`);
      // Click the lens as a user does: its command opens the input box, prefilled with the
      // template; the driver reads it, types the call and presses Enter in the browser.
      const running = vscode.commands.executeCommand<RunOutcome | undefined>(lens.command!.command, ...(lens.command!.arguments ?? []));
      const typed = JSON.parse(await tell('quickinput', JSON.stringify({ type: 'add(1, 2)' }))) as { before?: string; error?: string };
      assert(!typed.error, `the input box: ${typed.error}`);
      await log(`  input box offered: ${typed.before}`);
      assert(typed.before?.startsWith('add('), `the input box was prefilled with ${JSON.stringify(typed.before)}, not a call of add`);
      const outcome = await running;
      assert(outcome?.call === 'add(1, 2)', `ran ${JSON.stringify(outcome?.call)}`);
      assert(outcome, 'the run command returned nothing');
      assert(!outcome.error, `run failed: ${outcome.error}`);
      // The answer the extension read, camelCase as wit/runExport documents it.
      const result = outcome.result;
      assert(result?.resultWave === '3', `result: ${JSON.stringify(result)}`);
      assert(result.resultJson === 3, `resultJson: ${JSON.stringify(result.resultJson)}`);
      assert(result.function === 'add' && result.trap === null && result.session === null, `result: ${JSON.stringify(result)}`);
      assert(result.importCalls.length === 0 && result.durationMs >= 0, `result: ${JSON.stringify(result)}`);
      assert(result.component?.endsWith('adder.wasm'), `component: ${result.component}`);
      assert(api.inlineResult(uri.toString(), addLine) === '→ 3', `inline: ${api.inlineResult(uri.toString(), addLine)}`);
      await vscode.window.showTextDocument(editor.document, { viewColumn: vscode.ViewColumn.One });
      await new Promise((r) => setTimeout(r, 1500));
      await tell('screenshot', 'run-result');
      // The last call is remembered: the next run offers it.
      const again = vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
      // The call is checked as it is typed (wit/validateCall): a string where an s32 goes.
      const offered = JSON.parse(await tell('quickinput', JSON.stringify({ probe: 'add(1, "two")', type: 'add(40, 2)' }))) as {
        before?: string;
        validation?: string;
      };
      assert(offered.before === 'add(1, 2)', `second run offered ${JSON.stringify(offered.before)}`);
      await log(`  validation of add(1, "two"): ${offered.validation}`);
      assert(offered.validation && offered.validation !== '', 'no validation message for add(1, "two")');
      const second = (await again) as RunOutcome | undefined;
      assert(second?.result?.resultWave === '42', `add(40, 2) gave ${JSON.stringify(second?.result ?? second?.error)}`);
    },
  ],
  [
    'a kv-store run reads its import calls, mocked through wit-lsp.runner.mockFile',
    async () => {
      const wasm = uriOf('kv-store/target/wasm32-wasip2/release/kv_store.wasm');
      assert(fs.existsSync(wasm.fsPath), `${wasm.fsPath} is missing (build wit-samples)`);
      const config = vscode.workspace.getConfiguration('wit-lsp');
      await config.update('runner.mockFile', 'kv-store/kv-mocks.toml', vscode.ConfigurationTarget.Workspace);
      try {
        const editor = await open('kv-store/wit/world.wit');
        const lens = await waitFor('a Run lens on replace-value', 20000, async () => {
          const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 100);
          return lenses?.find((l) => l.command?.command === 'wit-lsp.runExport' && /^▶ Run$/.test(l.command.title));
        });
        const [target, options] = lens.command!.arguments as [unknown[], { line: number }];
        const outcome = await vscode.commands.executeCommand<RunOutcome | undefined>('wit-lsp.runExport', target, {
          ...options,
          call: 'replace-value("hello", "world")',
        });
        assert(outcome && !outcome.error, `run failed: ${outcome?.error}`);
        const result = outcome.result;
        assert(result?.resultWave === 'some("old value")', `result: ${JSON.stringify(result)}`);
        const calls = result.importCalls.map((c) => `${c.function}(${c.args.join(', ')}) -> ${c.result ?? '()'} [${c.outcome}]`);
        await log(`  import calls: ${calls.join('; ')}`);
        const get = result.importCalls.find((c) => c.function.endsWith('kvdb.[method]connection.get'));
        assert(get?.outcome === 'mocked' && get.result === 'some("old value")', `import calls: ${calls.join('; ')}`);
        assert(get.args.includes('"hello"'), `get was called with ${get.args.join(', ')}`);
        assert(result.importCalls.some((c) => c.function === 'log' && c.outcome === 'logged'), `import calls: ${calls.join('; ')}`);
        const inline = api.inlineResult(editor.document.uri.toString(), options.line);
        assert(inline === '→ some("old value")', `inline: ${inline}`);
      } finally {
        await config.update('runner.mockFile', undefined, vscode.ConfigurationTarget.Workspace);
      }
    },
  ],
  [
    'the Run lens on the calculator runs it with its plug from wit-lsp.toml',
    async () => {
      const editor = await open('calculator/wit/world.wit');
      const lens = await waitFor('a Run lens on eval-expression', 20000, async () => {
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 100);
        return lenses?.find((l) => l.command?.command === 'wit-lsp.runExport' && /^▶ Run$/.test(l.command.title));
      });
      const [target, options] = lens.command!.arguments as [unknown[], { line: number }];
      const outcome = await vscode.commands.executeCommand<RunOutcome | undefined>('wit-lsp.runExport', target, {
        ...options,
        call: 'eval-expression("40 + 2")',
      });
      assert(outcome && !outcome.error, `run failed: ${outcome?.error}`);
      const result = outcome.result;
      assert(result?.resultWave === 'ok(42)', `result: ${JSON.stringify(result)}`);
      const calls = result.importCalls.map((c) => `${c.function}(${c.args.join(', ')}) -> ${c.result} [${c.outcome} ${c.provider}]`);
      await log(`  import calls: ${calls.join('; ')}`);
      assert(
        calls.join('; ') ===
          'calculator/add.add(0, 40) -> 40 [plugged interfaced_adder.wasm]; calculator/add.add(40, 2) -> 42 [plugged interfaced_adder.wasm]',
        `import calls: ${calls.join('; ')}`,
      );
    },
  ],
  [
    'a plug that does not fit is a diagnostic on its wit-lsp.toml entry',
    async () => {
      const toml = uriOf('calculator/wit-lsp.toml');
      const good = fs.readFileSync(toml.fsPath, 'utf8');
      // The calculator as its own plug: it exports no interface, so it plugs nothing.
      fs.writeFileSync(toml.fsPath, good.replace('plugs = ["interfaced_adder.wasm"]', 'plugs = [\n  "calculator.wasm",\n]'));
      try {
        const diagnostic = await waitFor('a plug-mismatch diagnostic on wit-lsp.toml', 20000, () =>
          vscode.languages.getDiagnostics(toml).find((d) => d.code === 'plug-mismatch'),
        );
        assert(diagnostic.severity === vscode.DiagnosticSeverity.Error, `severity ${diagnostic.severity}`);
        assert(diagnostic.range.start.line === 4, `on line ${diagnostic.range.start.line + 1}`);
        assert(diagnostic.message === 'calculator.wasm: plugs nothing: it exports no interface', diagnostic.message);
      } finally {
        fs.writeFileSync(toml.fsPath, good);
      }
      await waitFor('the diagnostic to clear when the entry is fixed', 20000, () =>
        vscode.languages.getDiagnostics(toml).every((d) => d.code !== 'plug-mismatch'),
      );
    },
  ],
  [
    'WIT: Compose Component writes the calculator composed with its plug',
    async () => {
      const output = path.join(workspaceDir(), 'calculator', 'app.composed.wasm');
      const result = await vscode.commands.executeCommand<ComposeResult | undefined>('wit-lsp.composeComponent', {
        consumer: uriOf('calculator/calculator.wasm').fsPath,
        output,
      });
      assert(result?.composed, `compose: ${JSON.stringify(result)}`);
      assert(result.links.length === 1 && result.links[0].provider === 'interfaced_adder.wasm', `links: ${JSON.stringify(result.links)}`);
      assert(fs.existsSync(output) && fs.statSync(output).size === result.size, `${output} is not the composition`);
      // A plug that does not fit: refused, nothing written.
      const refusedOutput = path.join(workspaceDir(), 'calculator', 'refused.wasm');
      const refused = await vscode.commands.executeCommand<ComposeResult | undefined>('wit-lsp.composeComponent', {
        consumer: uriOf('calculator/calculator.wasm').fsPath,
        plugs: [uriOf('kv-store/target/wasm32-wasip2/release/kv_store.wasm').fsPath],
        output: refusedOutput,
      });
      assert(refused && !refused.composed && refused.refusals[0]?.kind === 'unused-plug', `refused: ${JSON.stringify(refused)}`);
      assert(!fs.existsSync(refusedOutput), 'a refused composition was written');
    },
  ],
];

export async function run(): Promise<void> {
  const failed: string[] = [];
  for (const [name, check] of checks) {
    const started = Date.now();
    try {
      await check();
      await log(`ok    ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed.push(name);
      const message = error instanceof Error ? error.message : String(error);
      await log(`FAIL  ${name} (${Date.now() - started} ms)\n      ${message.split('\n').join('\n      ')}`);
      await tell('screenshot', `fail-${failed.length}`);
    }
  }
  await tell('screenshot', 'final');
  await log(`${checks.length - failed.length} passed, ${failed.length} failed`);
  if (failed.length > 0) {
    throw new Error(`${failed.length} integration checks failed: ${failed.join('; ')}`);
  }
}
