// The wit-lsp client for VS Code: finds and starts the server, keeps a status bar item in
// step with it, passes settings, and wires the commands (restart, output, version,
// bindings, component WIT, run).

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  CloseAction,
  DidChangeConfigurationNotification,
  ErrorAction,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';
import { BindingsProvider, showBindings } from './bindings';
import { BINDINGS_SCHEME } from './bindingsModel';
import { COMPONENT_SCHEME, ComponentWitProvider, showComponentWit } from './componentWit';
import { ComposeArgs, composeComponent } from './compose';
import { FoundServer, executableName, findServer } from './discovery';
import { readBindingsChangedParams } from './protocol';
import { RunController, RunOutcome } from './run';
import { RESTART_KEYS, ServerSettings, serverSettings } from './settings';

/** The server's lens command that the client turns into its own Run UI. */
const SERVER_RUN_COMMAND = 'wit.runExport';

let client: LanguageClient | undefined;
let server: FoundServer | undefined;
let outputChannel: vscode.OutputChannel;
let traceChannel: vscode.OutputChannel;
let statusItem: vscode.StatusBarItem;
let runController: RunController;
let bindingsProvider: BindingsProvider;

/** What `activate` returns: used by the integration tests. */
export interface WitLspApi {
  client(): LanguageClient | undefined;
  server(): FoundServer | undefined;
  lastRun(): RunOutcome | undefined;
  inlineResult(uri: string, line: number): string | undefined;
  /** Resolves once the server is running (rejects if it cannot start). */
  ready(): Promise<void>;
}

function currentSettings(): ServerSettings {
  const config = vscode.workspace.getConfiguration('wit-lsp');
  return serverSettings((key, fallback) => config.get(key, fallback));
}

function setStatus(state: 'starting' | 'running' | 'stopped' | 'missing', detail?: string): void {
  const version = client?.initializeResult?.serverInfo?.version;
  switch (state) {
    case 'starting':
      statusItem.text = '$(sync~spin) WIT';
      statusItem.tooltip = 'wit-lsp is starting';
      statusItem.backgroundColor = undefined;
      break;
    case 'running':
      statusItem.text = '$(check) WIT';
      statusItem.tooltip = `wit-lsp ${version ?? ''} is running (${server?.command ?? ''}). Click for the server output.`;
      statusItem.backgroundColor = undefined;
      break;
    case 'stopped':
      statusItem.text = '$(error) WIT';
      statusItem.tooltip = `wit-lsp stopped${detail ? ': ' + detail : ''}. Click for the server output.`;
      statusItem.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
      break;
    case 'missing':
      statusItem.text = '$(warning) WIT';
      statusItem.tooltip = detail ?? 'wit-lsp was not found';
      statusItem.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
      break;
  }
  statusItem.show();
}

function isExecutable(file: string): boolean {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) {
      return false;
    }
    if (process.platform !== 'win32') {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

function discover(context: vscode.ExtensionContext): FoundServer | { error: string; badSetting: boolean } {
  const config = vscode.workspace.getConfiguration('wit-lsp');
  // A .vsix may lose the executable bit of the bundled server on the way: restore it.
  const bundled = path.join(context.extensionPath, 'server', executableName(process.platform));
  if (process.platform !== 'win32' && fs.existsSync(bundled) && !isExecutable(bundled)) {
    try {
      fs.chmodSync(bundled, 0o755);
    } catch (error) {
      outputChannel.appendLine(`cannot make ${bundled} executable: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return findServer({
    configured: config.get<string>('server.path', ''),
    extensionPath: context.extensionPath,
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    platform: process.platform,
    envPath: process.env.PATH ?? '',
    home: os.homedir(),
    isExecutable,
  });
}

/** Turns the server's Run lenses into the client's Run UI (input box, inline result). */
function rewriteLens(lens: vscode.CodeLens): vscode.CodeLens {
  const command = lens.command;
  if (command && command.command === SERVER_RUN_COMMAND) {
    lens.command = {
      title: command.title,
      tooltip: command.tooltip ?? 'Run this export of the built component',
      command: 'wit-lsp.runExport',
      arguments: [command.arguments ?? [], { line: lens.range.start.line }],
    };
  }
  return lens;
}

function clientOptions(): LanguageClientOptions {
  return {
    documentSelector: [
      { scheme: 'file', language: 'wit' },
      { scheme: 'untitled', language: 'wit' },
    ],
    synchronize: {
      fileEvents: [
        vscode.workspace.createFileSystemWatcher('**/*.wit'),
        vscode.workspace.createFileSystemWatcher('**/*.{wasm,wat}'),
      ],
    },
    initializationOptions: currentSettings(),
    outputChannel,
    traceOutputChannel: traceChannel,
    errorHandler: {
      error: () => ({ action: ErrorAction.Continue }),
      closed: () => {
        setStatus('stopped', 'the server process exited');
        return { action: CloseAction.DoNotRestart, message: 'wit-lsp exited. Run "WIT: Restart Server" to start it again.' };
      },
    },
    middleware: {
      provideCodeLenses: async (document, token, next) => {
        if (!vscode.workspace.getConfiguration('wit-lsp').get<boolean>('codeLens.run', true)) {
          return [];
        }
        const lenses = await next(document, token);
        return lenses?.map(rewriteLens);
      },
      resolveCodeLens: async (lens, token, next) => {
        const resolved = await next(lens, token);
        return resolved ? rewriteLens(resolved) : resolved;
      },
      provideDocumentFormattingEdits: async (document, options, token, next) => {
        const config = vscode.workspace.getConfiguration('wit-lsp', document);
        if (!config.get<boolean>('format.enable', true)) {
          return [];
        }
        const width = currentSettings().format.indentWidth;
        return next(document, width ? { ...options, tabSize: width, insertSpaces: true } : options, token);
      },
      provideDocumentRangeFormattingEdits: async (document, range, options, token, next) => {
        const config = vscode.workspace.getConfiguration('wit-lsp', document);
        if (!config.get<boolean>('format.enable', true)) {
          return [];
        }
        const width = currentSettings().format.indentWidth;
        return next(document, range, width ? { ...options, tabSize: width, insertSpaces: true } : options, token);
      },
    },
  };
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const found = discover(context);
  if ('error' in found) {
    server = undefined;
    setStatus('missing', found.error);
    outputChannel.appendLine(found.error);
    void vscode.window.showErrorMessage(found.error, 'Configure path', 'Show output').then((choice) => {
      if (choice === 'Configure path') {
        void vscode.commands.executeCommand('wit-lsp.configureServerPath');
      } else if (choice === 'Show output') {
        outputChannel.show();
      }
    });
    throw new Error(found.error);
  }
  server = found;
  outputChannel.appendLine(`Starting ${found.command} (${found.source})`);
  const extraEnv = vscode.workspace.getConfiguration('wit-lsp').get<Record<string, string>>('server.extraEnv', {});
  const run = {
    command: found.command,
    transport: TransportKind.stdio,
    options: { env: { ...process.env, ...extraEnv } },
  };
  const serverOptions: ServerOptions = { run, debug: run };
  const created = new LanguageClient('wit-lsp', 'wit-lsp', serverOptions, clientOptions());
  client = created;
  created.onNotification('wit/bindingsChanged', (params: unknown) => {
    try {
      bindingsProvider.sourcesChanged(readBindingsChangedParams(params).uris);
    } catch (error) {
      outputChannel.appendLine(error instanceof Error ? error.message : String(error));
    }
  });
  created.onDidChangeState((event) => {
    if (event.newState === State.Running) {
      setStatus('running');
    } else if (event.newState === State.Starting) {
      setStatus('starting');
    } else if (client === created) {
      setStatus('stopped');
    }
  });
  setStatus('starting');
  try {
    await created.start();
    setStatus('running');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    setStatus('stopped', message);
    void vscode.window.showErrorMessage(`wit-lsp failed to start: ${message}`, 'Configure path', 'Show output').then((choice) => {
      if (choice === 'Configure path') {
        void vscode.commands.executeCommand('wit-lsp.configureServerPath');
      } else if (choice === 'Show output') {
        outputChannel.show();
      }
    });
    throw error;
  }
}

async function stopClient(): Promise<void> {
  const old = client;
  client = undefined;
  if (old) {
    try {
      await old.stop(2000);
    } catch (error) {
      outputChannel.appendLine(`stopping the server: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<WitLspApi> {
  outputChannel = vscode.window.createOutputChannel('wit-lsp');
  traceChannel = vscode.window.createOutputChannel('wit-lsp trace');
  statusItem = vscode.window.createStatusBarItem('wit-lsp.status', vscode.StatusBarAlignment.Left, 0);
  statusItem.name = 'wit-lsp';
  statusItem.command = 'wit-lsp.showOutput';
  context.subscriptions.push(outputChannel, traceChannel, statusItem);

  const bindings = new BindingsProvider(() => client);
  bindingsProvider = bindings;
  runController = new RunController(() => client, context.workspaceState, currentSettings);
  context.subscriptions.push(
    bindings,
    runController,
    vscode.workspace.registerTextDocumentContentProvider(BINDINGS_SCHEME, bindings),
    vscode.workspace.registerTextDocumentContentProvider(COMPONENT_SCHEME, new ComponentWitProvider(() => client)),
  );

  let starting: Promise<void> = startClient(context);
  starting.catch(() => undefined);

  context.subscriptions.push(
    vscode.commands.registerCommand('wit-lsp.restartServer', async () => {
      await stopClient();
      starting = startClient(context);
      await starting.catch(() => undefined);
    }),
    vscode.commands.registerCommand('wit-lsp.showOutput', () => outputChannel.show()),
    vscode.commands.registerCommand('wit-lsp.showVersion', async () => {
      const info = client?.initializeResult?.serverInfo;
      const text = info
        ? `${info.name} ${info.version ?? '(no version)'} — ${server?.command ?? ''} (${server?.source ?? ''})`
        : 'wit-lsp is not running.';
      void vscode.window.showInformationMessage(text);
      return text;
    }),
    vscode.commands.registerCommand('wit-lsp.configureServerPath', () =>
      vscode.commands.executeCommand('workbench.action.openSettings', 'wit-lsp.server.path'),
    ),
    vscode.commands.registerCommand('wit-lsp.showBindings', (args?: { language?: string; world?: string; uri?: string; file?: string }) =>
      showBindings(bindings, args),
    ),
    vscode.commands.registerCommand('wit-lsp.showComponentWit', (resource?: vscode.Uri) => showComponentWit(resource)),
    vscode.commands.registerCommand('wit-lsp.composeComponent', (args?: ComposeArgs | vscode.Uri) =>
      composeComponent(client, args instanceof vscode.Uri ? { consumer: args.fsPath } : args),
    ),
    vscode.commands.registerCommand('wit-lsp.runExport', (args: unknown[], options?: { call?: string; line?: number }) =>
      runController.run(Array.isArray(args) ? args : [args], options),
    ),
    vscode.commands.registerCommand('wit-lsp.endSession', (id?: string) => runController.endSession(id)),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (!event.affectsConfiguration('wit-lsp')) {
        return;
      }
      if (RESTART_KEYS.some((key) => event.affectsConfiguration(key))) {
        await vscode.commands.executeCommand('wit-lsp.restartServer');
        return;
      }
      if (client?.isRunning()) {
        await client.sendNotification(DidChangeConfigurationNotification.type, {
          settings: { 'wit-lsp': currentSettings() },
        });
      }
    }),
  );

  return {
    client: () => client,
    server: () => server,
    lastRun: () => runController.lastOutcome,
    inlineResult: (uri, line) => runController.inlineAt(uri, line),
    ready: () => starting,
  };
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
