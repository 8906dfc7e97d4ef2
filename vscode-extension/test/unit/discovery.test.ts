import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DiscoveryInput, expandPath, findServer } from '../../src/discovery';

function input(files: string[], overrides: Partial<DiscoveryInput> = {}): DiscoveryInput {
  return {
    configured: '',
    extensionPath: '/ext',
    workspaceFolder: '/ws',
    platform: 'linux',
    envPath: '/usr/local/bin:/usr/bin',
    home: '/home/u',
    isExecutable: (file) => files.includes(file),
    ...overrides,
  };
}

test('the setting wins over the bundled binary and PATH', () => {
  const found = findServer(input(['/opt/wit-lsp', '/ext/server/wit-lsp', '/usr/bin/wit-lsp'], { configured: '/opt/wit-lsp' }));
  assert.deepEqual(found, { command: '/opt/wit-lsp', source: 'setting' });
});

test('a setting naming a missing file is an error, not a silent fallback', () => {
  const found = findServer(input(['/ext/server/wit-lsp'], { configured: '~/bin/wit-lsp' }));
  assert.ok('error' in found);
  assert.equal(found.badSetting, true);
  assert.match(found.error, /\/home\/u\/bin\/wit-lsp/);
});

test('relative settings resolve against the workspace folder', () => {
  const found = findServer(input(['/ws/target/debug/wit-lsp'], { configured: 'target/debug/wit-lsp' }));
  assert.deepEqual(found, { command: '/ws/target/debug/wit-lsp', source: 'setting' });
});

test('the bundled binary comes before PATH', () => {
  const found = findServer(input(['/ext/server/wit-lsp', '/usr/bin/wit-lsp']));
  assert.deepEqual(found, { command: '/ext/server/wit-lsp', source: 'bundled' });
});

test('PATH is searched in order, skipping empty entries', () => {
  const found = findServer(input(['/usr/bin/wit-lsp', '/b/wit-lsp'], { envPath: ':/a:/b:/usr/bin' }));
  assert.deepEqual(found, { command: '/b/wit-lsp', source: 'path' });
});

test('windows looks for wit-lsp.exe with ; separators', () => {
  const found = findServer(input(['C:\\tools/wit-lsp.exe'], { platform: 'win32', envPath: 'C:\\x;C:\\tools' }));
  assert.ok('command' in found);
  assert.equal(found.source, 'path');
});

test('nothing found gives an error that says what to do', () => {
  const found = findServer(input([]));
  assert.ok('error' in found);
  assert.equal(found.badSetting, false);
  assert.match(found.error, /wit-lsp\.server\.path/);
  assert.match(found.error, /PATH/);
});

test('expandPath handles ~, ${userHome} and ${workspaceFolder}', () => {
  assert.equal(expandPath('~/x', '/h'), '/h/x');
  assert.equal(expandPath('~', '/h'), '/h');
  assert.equal(expandPath('${userHome}/y', '/h'), '/h/y');
  assert.equal(expandPath('${workspaceFolder}/t/wit-lsp', '/h', '/w'), '/w/t/wit-lsp');
  assert.equal(expandPath('  /a/b ', '/h'), '/a/b');
});
