// "WIT: Show Bindings": a read-only virtual document beside the WIT, produced by the
// server's `wit/bindings` request and refreshed as the WIT changes.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  bindingsOptions,
  BINDINGS_SCHEME,
  BINDING_LANGUAGES,
  PreviewKey,
  parsePreviewQuery,
  previewUriParts,
  renderPreview,
} from './bindingsModel';
import { BindingsParams, BindingsResult, readBindingsResult } from './protocol';

export class BindingsProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly open = new Set<string>();
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** The language mode of each rendered preview, applied after it opens. */
  readonly languages = new Map<string, string>();

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document.languageId === 'wit' && event.contentChanges.length > 0) {
          this.scheduleRefresh();
        }
      }),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (doc.languageId === 'wit') {
          this.scheduleRefresh();
        }
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('wit-lsp.bindings')) {
          this.scheduleRefresh(0);
        }
      }),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.scheme === BINDINGS_SCHEME) {
          this.open.delete(doc.uri.toString());
        }
      }),
    );
  }

  /** The server re-analysed `uris` (`wit/bindingsChanged`): refresh their previews now. */
  sourcesChanged(uris: string[]): void {
    const wanted = new Set(uris.map((u) => vscode.Uri.parse(u).toString()));
    for (const uri of this.open) {
      try {
        const key = parsePreviewQuery(vscode.Uri.parse(uri).query);
        if (wanted.has(vscode.Uri.parse(key.source).toString())) {
          this.changed.fire(vscode.Uri.parse(uri));
        }
      } catch {
        // Not one of ours.
      }
    }
  }

  /** Asks for every open preview again, shortly after the last edit. */
  scheduleRefresh(delayMs = 300): void {
    if (this.refreshTimer) {
      clearTimeout(this.refreshTimer);
    }
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      for (const uri of this.open) {
        this.changed.fire(vscode.Uri.parse(uri));
      }
    }, delayMs);
  }

  async request(key: PreviewKey): Promise<BindingsResult> {
    const client = this.client();
    if (!client) {
      throw new Error('the wit-lsp server is not running');
    }
    const config = vscode.workspace.getConfiguration('wit-lsp');
    const params: BindingsParams = {
      uri: key.source,
      language: key.language,
      options: bindingsOptions((name, fallback) => config.get(name, fallback)),
    };
    if (key.world) {
      params.world = key.world;
    } else if (key.position) {
      params.position = key.position;
    }
    return readBindingsResult(await client.sendRequest<unknown>('wit/bindings', params));
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    this.open.add(uri.toString());
    const key = parsePreviewQuery(uri.query);
    try {
      const rendered = renderPreview(await this.request(key), key);
      this.languages.set(uri.toString(), rendered.languageId);
      return rendered.text;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return `// Bindings are not available: ${message}\n`;
    }
  }

  dispose(): void {
    this.changed.dispose();
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}

export function previewUri(key: PreviewKey): vscode.Uri {
  const { path, query } = previewUriParts(key);
  return vscode.Uri.from({ scheme: BINDINGS_SCHEME, path, query });
}

/**
 * The command. `args` (for tests and keybindings) may give `{ language, world, uri }` to skip
 * the pickers. Returns the preview document.
 */
export async function showBindings(
  provider: BindingsProvider,
  args?: { language?: string; world?: string; uri?: string; file?: string },
): Promise<vscode.TextDocument | undefined> {
  const editor = vscode.window.activeTextEditor;
  const source = args?.uri ?? (editor?.document.languageId === 'wit' ? editor.document.uri.toString() : undefined);
  if (!source) {
    void vscode.window.showErrorMessage('WIT: Show Bindings needs a WIT file open in the editor.');
    return undefined;
  }
  const config = vscode.workspace.getConfiguration('wit-lsp');
  let language = args?.language ?? config.get<string>('bindings.defaultLanguage', '');
  if (!language) {
    const picked = await vscode.window.showQuickPick(
      BINDING_LANGUAGES.map((l) => ({ label: l.label, description: l.id, id: l.id })),
      { placeHolder: 'Generate bindings for which language?' },
    );
    if (!picked) {
      return undefined;
    }
    language = picked.id;
  }
  const key: PreviewKey = { source, language, world: args?.world };
  if (!key.world && editor && editor.document.uri.toString() === source) {
    const at = editor.selection.active;
    key.position = { line: at.line, character: at.character };
  }
  if (args?.file) {
    key.file = args.file;
  } else if (!args && config.get<string>('bindings.layout', 'single') === 'picker') {
    let files: string[] = [];
    try {
      files = (await provider.request(key)).files.map((f) => f.name);
    } catch (error) {
      void vscode.window.showErrorMessage(`WIT bindings: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    if (files.length > 1) {
      const file = await vscode.window.showQuickPick(files, { placeHolder: 'Which generated file?' });
      if (!file) {
        return undefined;
      }
      key.file = file;
    }
  }
  const uri = previewUri(key);
  let doc = await vscode.workspace.openTextDocument(uri);
  const languageId = provider.languages.get(uri.toString());
  if (languageId && doc.languageId !== languageId) {
    try {
      doc = await vscode.languages.setTextDocumentLanguage(doc, languageId);
    } catch {
      // The language mode is not installed: the preview stays plain text.
    }
  }
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: false });
  return doc;
}
