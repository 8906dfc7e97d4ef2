// Finding the wit-lsp binary: the `wit-lsp.server.path` setting, then a binary bundled in
// the extension (`server/wit-lsp`), then `wit-lsp` on PATH. Pure logic over an injected
// file check, so the order and the error messages are unit-tested without VS Code.

import * as path from 'node:path';

export type ServerSource = 'setting' | 'bundled' | 'path';

export interface FoundServer {
  command: string;
  source: ServerSource;
}

export interface NotFound {
  error: string;
  /** True when the setting names a file that does not exist (the user must fix it). */
  badSetting: boolean;
}

export interface DiscoveryInput {
  /** The `wit-lsp.server.path` setting, possibly empty. */
  configured: string;
  /** The extension's install directory. */
  extensionPath: string;
  /** The first workspace folder, for `${workspaceFolder}` in the setting. */
  workspaceFolder?: string;
  platform: NodeJS.Platform;
  /** The PATH environment variable. */
  envPath: string;
  home: string;
  /** True when `file` exists and is executable (a regular file). */
  isExecutable: (file: string) => boolean;
}

export function executableName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'wit-lsp.exe' : 'wit-lsp';
}

/** Expands `~`, `${userHome}` and `${workspaceFolder}` in a configured path. */
export function expandPath(value: string, home: string, workspaceFolder?: string): string {
  let out = value.trim();
  if (out === '~') {
    out = home;
  } else if (out.startsWith('~/')) {
    out = path.join(home, out.slice(2));
  }
  out = out.split('${userHome}').join(home);
  if (workspaceFolder !== undefined) {
    out = out.split('${workspaceFolder}').join(workspaceFolder);
  }
  return out;
}

export function findServer(input: DiscoveryInput): FoundServer | NotFound {
  const exe = executableName(input.platform);
  if (input.configured.trim() !== '') {
    const configured = expandPath(input.configured, input.home, input.workspaceFolder);
    const resolved =
      path.isAbsolute(configured) || input.workspaceFolder === undefined
        ? configured
        : path.join(input.workspaceFolder, configured);
    if (input.isExecutable(resolved)) {
      return { command: resolved, source: 'setting' };
    }
    return {
      error: `The wit-lsp.server.path setting names ${resolved}, which is not an executable file.`,
      badSetting: true,
    };
  }
  const bundled = path.join(input.extensionPath, 'server', exe);
  if (input.isExecutable(bundled)) {
    return { command: bundled, source: 'bundled' };
  }
  const separator = input.platform === 'win32' ? ';' : ':';
  for (const dir of input.envPath.split(separator)) {
    if (dir === '') {
      continue;
    }
    const candidate = path.join(dir, exe);
    if (input.isExecutable(candidate)) {
      return { command: candidate, source: 'path' };
    }
  }
  return {
    error:
      'The wit-lsp language server was not found: it is not bundled with this extension and ' +
      `\`${exe}\` is not on PATH. Install it (\`cargo install --path server/crates/wit-lsp\`) ` +
      'or set wit-lsp.server.path.',
    badSetting: false,
  };
}
