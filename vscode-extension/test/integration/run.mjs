#!/usr/bin/env node
// Runs test/integration/suite.ts inside real VS Code: code-server 4.100.3 (VS Code 1.100.3)
// with this extension in development mode, driven by Debian's Chromium through
// playwright-core, against the real wit-lsp binary and a copy of wit-samples/.
//
// Env: WIT_LSP_SERVER (default ~/.cache/wit-lsp-target/debug/wit-lsp),
//      WIT_LSP_CODE_SERVER (default: scripts/install-code-server.sh's install),
//      WIT_SAMPLES_TARGET_DIR (built samples, default ~/.cache/wit-samples-target, then
//      wit-samples/target), WIT_LSP_TEST_RESULTS (screenshots, default test-results/),
//      CHROMIUM (default /usr/bin/chromium), WIT_LSP_TEST_TIMEOUT (seconds, default 300),
//      WIT_LSP_TEST_VSIX (a .vsix with a bundled server: install it into VS Code and run the
//      suite against it, with no server path setting, instead of the development mode).
// Exit status: VS Code's (0 when every check passed), 1 on any failure or timeout.

import { spawn, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const extensionDir = path.resolve(here, '..', '..');
const repo = path.resolve(extensionDir, '..');
const home = os.homedir();
const server = process.env.WIT_LSP_SERVER ?? path.join(home, '.cache/wit-lsp-target/debug/wit-lsp');
const codeServer =
  process.env.WIT_LSP_CODE_SERVER ??
  path.join(home, '.cache/wit-lsp-editors/code-server-4.100.3/node_modules/.bin/code-server');
const results = path.resolve(process.env.WIT_LSP_TEST_RESULTS ?? path.join(extensionDir, 'test-results'));
const browserPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const timeoutMs = Number(process.env.WIT_LSP_TEST_TIMEOUT ?? 300) * 1000;
const suite = path.resolve(process.env.WIT_LSP_TEST_SUITE_DIR ?? path.join(extensionDir, 'out', 'integration'));
const vsix = process.env.WIT_LSP_TEST_VSIX ? path.resolve(process.env.WIT_LSP_TEST_VSIX) : undefined;

function fail(message) {
  console.error(`error: ${message}`);
  process.exit(1);
}

for (const [what, file] of [
  ['the wit-lsp server (set WIT_LSP_SERVER)', server],
  ['code-server (run scripts/install-code-server.sh or set WIT_LSP_CODE_SERVER)', codeServer],
  ['Chromium (set CHROMIUM)', browserPath],
  vsix
    ? ['the .vsix (WIT_LSP_TEST_VSIX)', vsix]
    : ['the bundled extension (npm run build)', path.join(extensionDir, 'dist', 'extension.js')],
  ['the bundled suite (node esbuild.mjs --integration)', path.join(suite, 'index.js')],
]) {
  if (!fs.existsSync(file)) {
    fail(`${what} is missing: ${file}`);
  }
}

// The workspace: a throwaway copy of the samples' WIT (never the sources in the clone),
// the built adder component where the server's discovery looks, and a few files of our own.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wit-lsp-vscode-'));
const ws = path.join(tmp, 'workspace');
const state = path.join(tmp, 'state');
fs.mkdirSync(ws, { recursive: true });
for (const sample of ['adder', 'interfaced-adder', 'kv-store', 'greeter', 'calculator']) {
  // calculator/wit/deps/calculator is a relative link to interfaced-adder/wit: copied as a link.
  fs.cpSync(path.join(repo, 'wit-samples', sample, 'wit'), path.join(ws, sample, 'wit'), { recursive: true, verbatimSymlinks: true });
}
fs.cpSync(path.join(repo, 'wit-samples', 'adder', 'wit'), path.join(ws, 'bindings', 'wit'), { recursive: true });
const samplesTargets = [
  process.env.WIT_SAMPLES_TARGET_DIR,
  path.join(home, '.cache/wit-samples-target'),
  path.join(repo, 'wit-samples', 'target'),
].filter(Boolean);
// The components the Run checks call, where the server's discovery looks for them.
for (const [sample, file, flat] of [
  ['adder', 'adder.wasm'],
  ['kv-store', 'kv_store.wasm'],
  // The calculator and its plug, next to the wit-lsp.toml written below.
  ['calculator', 'calculator.wasm', true],
  ['calculator', 'interfaced_adder.wasm', true],
]) {
  const built = samplesTargets
    .map((dir) => path.join(dir, 'wasm32-wasip2', 'release', file))
    .find((candidate) => fs.existsSync(candidate));
  if (built) {
    const dest = flat ? path.join(ws, sample) : path.join(ws, sample, 'target', 'wasm32-wasip2', 'release');
    fs.mkdirSync(dest, { recursive: true });
    fs.copyFileSync(built, path.join(dest, file));
    console.log(`${sample} component: ${built}`);
  } else {
    console.log(`${sample} component: not built (looked in ${samplesTargets.join(', ')}); its Run check will fail`);
  }
}
fs.writeFileSync(
  path.join(ws, 'calculator', 'wit-lsp.toml'),
  '[[component]]\nworld = "docs:calculator-app/app"\npath = "calculator.wasm"\nplugs = ["interfaced_adder.wasm"]\n',
);
// kv-store's mocks, from the sample's own wit-lsp.toml, as a mock file the run names.
const kvConfig = fs.readFileSync(path.join(repo, 'wit-samples', 'kv-store', 'wit-lsp.toml'), 'utf8');
if (!kvConfig.includes('\n[mocks]\n')) {
  fail('wit-samples/kv-store/wit-lsp.toml has no [mocks] table for the kv-store Run check');
}
fs.writeFileSync(path.join(ws, 'kv-store', 'kv-mocks.toml'), kvConfig.slice(kvConfig.indexOf('\n[mocks]\n') + 1));
fs.mkdirSync(path.join(ws, 'broken'), { recursive: true });
fs.writeFileSync(
  path.join(ws, 'broken', 'broken.wit'),
  'package demo:broken;\n\ninterface shapes {\n    /// Uses a type that does not exist.\n    area: func(s: missing-type) -> f64;\n}\n',
);
fs.mkdirSync(path.join(ws, 'intel', 'wit'), { recursive: true });
fs.writeFileSync(
  path.join(ws, 'intel', 'wit', 'intel.wit'),
  'package demo:intel;\n\ninterface geometry {\n    /// A point in the plane.\n    record point {\n        x: s32,\n        y: s32,\n    }\n\n    distance: func(a: point, b: point) -> f64;\n}\n',
);
const unformatted = 'package demo:fmt;\n\ninterface   tools{\n  ping:func( a:u32 )->u32;\n      record r{x:u8,y:string}\n}\n';
fs.mkdirSync(path.join(ws, 'fmt'), { recursive: true });
fs.writeFileSync(path.join(ws, 'fmt', 'fmt.wit'), unformatted);
const expectedFormat = execFileSync(server, ['fmt', '-'], { input: unformatted, cwd: path.join(ws, 'fmt') }).toString();

fs.mkdirSync(path.join(ws, '.vscode'), { recursive: true });
// From a .vsix the extension must find its bundled server by itself.
fs.writeFileSync(path.join(ws, '.vscode', 'settings.json'), JSON.stringify(vsix ? {} : { 'wit-lsp.server.path': server }, null, 2));
fs.mkdirSync(path.join(state, 'data', 'User'), { recursive: true });
fs.writeFileSync(
  path.join(state, 'data', 'User', 'settings.json'),
  JSON.stringify(
    {
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'workbench.enableExperiments': false,
      'telemetry.telemetryLevel': 'off',
      'security.workspace.trust.enabled': false,
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'update.mode': 'none',
      'editor.codeLens': true,
      'window.zoomLevel': 0,
    },
    null,
    2,
  ),
);
fs.writeFileSync(path.join(state, 'config.yaml'), 'auth: none\ncert: false\n');

// The control channel: the suite posts log lines and asks for screenshots.
fs.rmSync(results, { recursive: true, force: true });
fs.mkdirSync(results, { recursive: true });
const screenshots = [];
let inputs = 0;
let page;
const log = fs.createWriteStream(path.join(results, 'integration.log'));
function say(line) {
  console.log(line);
  log.write(line + '\n');
}
const controlServer = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', async () => {
    if (req.url === '/log') {
      say(body);
    } else if (req.url === '/quickinput' && page) {
      // Answer VS Code's input box as a user would: read what it offers, type, press Enter.
      const { type, probe } = JSON.parse(body);
      try {
        const input = page.locator('.quick-input-widget .quick-input-box input');
        await input.waitFor({ state: 'visible', timeout: 15000 });
        await page.waitForTimeout(500);
        const before = await input.inputValue();
        // Optionally type a probe first and read the validation message the box shows for it.
        let validation;
        if (probe !== undefined) {
          await input.press('Control+A');
          await input.pressSequentially(probe, { delay: 20 });
          const message = page.locator('.quick-input-widget .quick-input-message');
          const deadline = Date.now() + 10000;
          while (Date.now() < deadline) {
            validation = ((await message.textContent().catch(() => '')) ?? '').trim();
            if (validation !== '') {
              break;
            }
            await page.waitForTimeout(100);
          }
          const file = path.join(results, 'run-validation.png');
          await page.screenshot({ path: file });
          screenshots.push(file);
          say(`screenshot: ${file}`);
        }
        const file = path.join(results, `run-input-${++inputs}.png`);
        await page.screenshot({ path: file });
        screenshots.push(file);
        say(`screenshot: ${file}`);
        await input.press('Control+A');
        await input.pressSequentially(type, { delay: 20 });
        await page.waitForTimeout(300);
        await input.press('Enter');
        res.end(JSON.stringify({ before, validation }));
      } catch (error) {
        res.end(JSON.stringify({ error: String(error) }));
      }
      return;
    } else if (req.url === '/screenshot' && page) {
      const file = path.join(results, `${body.replace(/[^a-z0-9-]/gi, '_')}.png`);
      try {
        await page.screenshot({ path: file });
        screenshots.push(file);
        say(`screenshot: ${file}`);
      } catch (error) {
        say(`screenshot ${file} failed: ${error}`);
      }
    }
    res.end('ok');
  });
});
await new Promise((resolve) => controlServer.listen(0, '127.0.0.1', resolve));
fs.mkdirSync(path.join(ws, '.wit-lsp-test'), { recursive: true });
fs.writeFileSync(
  path.join(ws, '.wit-lsp-test', 'control.json'),
  JSON.stringify({ port: controlServer.address().port, expectedFormat, serverSource: vsix ? 'bundled' : 'setting' }),
);

async function freePort() {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

if (vsix) {
  say(`installing ${vsix}`);
  execFileSync(codeServer, ['--config', path.join(state, 'config.yaml'), '--extensions-dir', path.join(state, 'ext'),
    '--user-data-dir', path.join(state, 'data'), '--install-extension', vsix], { stdio: ['ignore', 'inherit', 'inherit'] });
}
// VS Code runs extension tests only in development mode: with a .vsix, develop an empty
// extension so the installed one is what the suite exercises.
const harness = path.join(tmp, 'harness');
fs.mkdirSync(harness, { recursive: true });
fs.writeFileSync(
  path.join(harness, 'package.json'),
  JSON.stringify({ name: 'wit-lsp-test-harness', publisher: 'wit-lsp', version: '0.0.0', engines: { vscode: '^1.90.0' } }),
);
const port = await freePort();
const host = `127.0.0.1:${port}`;
const csLog = fs.createWriteStream(path.join(results, 'code-server.log'));
const cs = spawn(
  codeServer,
  [
    '--bind-addr', host, '--auth', 'none', '--config', path.join(state, 'config.yaml'),
    '--user-data-dir', path.join(state, 'data'), '--extensions-dir', path.join(state, 'ext'),
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', ws,
  ],
  { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env, VSCODE_PROXY_URI: '' } },
);
cs.stdout.pipe(csLog);
cs.stderr.pipe(csLog);

let browser;
let finished = false;
async function cleanup() {
  if (browser) {
    await browser.close().catch(() => undefined);
  }
  try {
    process.kill(-cs.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  controlServer.close();
  log.end();
}

async function finish(code, why) {
  if (finished) {
    return;
  }
  finished = true;
  if (why) {
    say(why);
  }
  if (page && code !== 0) {
    const file = path.join(results, 'at-exit.png');
    await page.screenshot({ path: file }).then(() => {
      screenshots.push(file);
      say(`screenshot: ${file}`);
    }, () => undefined);
  }
  say(`screenshots (${screenshots.length}): ${screenshots.join(' ') || 'none'}`);
  say(`logs: ${path.join(results, 'integration.log')} ${path.join(results, 'code-server.log')}`);
  say(code === 0 ? 'integration: PASS' : `integration: FAIL (exit ${code})`);
  await cleanup();
  if (code === 0) {
    fs.rmSync(tmp, { recursive: true, force: true });
  } else {
    say(`workspace kept for inspection: ${ws}`);
  }
  process.exit(code);
}

const overall = setTimeout(() => void finish(1, `timed out after ${timeoutMs / 1000} s`), timeoutMs);
cs.on('exit', (code) => void finish(1, `code-server exited early (${code}); see ${path.join(results, 'code-server.log')}`));

const healthDeadline = Date.now() + 60000;
for (;;) {
  const healthy = await fetch(`http://${host}/healthz`).then((r) => r.ok, () => false);
  if (healthy) {
    break;
  }
  if (Date.now() > healthDeadline) {
    await finish(1, 'code-server did not answer /healthz within 60 s');
  }
  await new Promise((r) => setTimeout(r, 250));
}
say(`code-server on http://${host}, workspace ${ws}`);

browser = await chromium.launch({
  executablePath: browserPath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const pageLog = fs.createWriteStream(path.join(results, 'browser-console.log'));
page.on('console', (message) => pageLog.write(`[${message.type()}] ${message.text()}\n`));
page.on('pageerror', (error) => pageLog.write(`[pageerror] ${error}\n`));
await page.exposeFunction('codeAutomationExit', (code) => {
  clearTimeout(overall);
  void finish(Number(code) === 0 ? 0 : 1, `VS Code exited the test run with ${code}`);
});
const payload = [
  ['extensionDevelopmentPath', `vscode-remote://${host}${vsix ? harness : extensionDir}`],
  ['extensionTestsPath', `vscode-remote://${host}${suite}`],
];
const url = `http://${host}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
await page.goto(url);
say('VS Code loaded; running the suite');
