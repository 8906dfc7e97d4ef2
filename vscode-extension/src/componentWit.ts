// "WIT: Show WIT of Component": the WIT a built `.wasm` component embeds, from the server's
// `wit/componentWit` request, as a read-only WIT document.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ComponentWitParams, readComponentWitResult } from './protocol';

export const COMPONENT_SCHEME = 'wit-component';

export class ComponentWitProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly client: () => LanguageClient | undefined) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const client = this.client();
    const path = uri.query;
    if (!client) {
      return '// The wit-lsp server is not running.\n';
    }
    try {
      const params: ComponentWitParams = { path };
      return readComponentWitResult(await client.sendRequest<unknown>('wit/componentWit', params)).wit;
    } catch (error) {
      return `// ${path}: ${error instanceof Error ? error.message : String(error)}\n`;
    }
  }
}

export async function showComponentWit(resource?: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  let file = resource;
  if (!file) {
    const active = vscode.window.activeTextEditor?.document.uri;
    if (active && active.fsPath.endsWith('.wasm')) {
      file = active;
    }
  }
  if (!file) {
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      filters: { 'WebAssembly component': ['wasm'] },
      openLabel: 'Show WIT',
    });
    file = picked?.[0];
  }
  if (!file) {
    return undefined;
  }
  const name = file.path.split('/').pop() ?? 'component.wasm';
  const uri = vscode.Uri.from({ scheme: COMPONENT_SCHEME, path: `/${name}.wit`, query: file.fsPath });
  let doc = await vscode.workspace.openTextDocument(uri);
  if (doc.languageId !== 'wit') {
    doc = await vscode.languages.setTextDocumentLanguage(doc, 'wit');
  }
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}
