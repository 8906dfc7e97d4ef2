// "WIT: Compose Component": plug a component's imports with other components' exports
// through the server's `wit/compose` request, and write the composed component.

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { composeSummary } from './composeModel';
import { ComposeParams, ComposeResult, readComposeResult } from './protocol';

/** What the command was given, or asks for: the consumer, the plugs (none: the consumer's
 * `plugs` in `wit-lsp.toml`), and where to write the result. */
export interface ComposeArgs {
  consumer?: string;
  plugs?: string[];
  output?: string;
}

function defaultOutput(consumer: string): string {
  return consumer.endsWith('.wasm') ? `${consumer.slice(0, -'.wasm'.length)}.composed.wasm` : `${consumer}.composed.wasm`;
}

async function pickComponents(openLabel: string, many: boolean): Promise<string[] | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: many,
    filters: { 'WebAssembly component': ['wasm', 'wat'] },
    openLabel,
  });
  return picked?.map((uri) => uri.fsPath);
}

/** Runs the command; returns the server's answer (undefined when cancelled or failed). */
export async function composeComponent(
  client: LanguageClient | undefined,
  args: ComposeArgs = {},
): Promise<ComposeResult | undefined> {
  if (!client) {
    void vscode.window.showErrorMessage('wit-lsp is not running.');
    return undefined;
  }
  let consumer = args.consumer;
  if (!consumer) {
    const active = vscode.window.activeTextEditor?.document.uri;
    consumer = active?.fsPath.endsWith('.wasm') ? active.fsPath : (await pickComponents('Compose this component', false))?.[0];
  }
  if (!consumer) {
    return undefined;
  }
  let plugs = args.plugs;
  if (!plugs && !args.consumer) {
    const choice = await vscode.window.showQuickPick(['Plugs from wit-lsp.toml', 'Choose plug components…'], {
      placeHolder: 'Which components plug its imports?',
    });
    if (!choice) {
      return undefined;
    }
    if (choice !== 'Plugs from wit-lsp.toml') {
      plugs = await pickComponents('Plug into its imports', true);
      if (!plugs || plugs.length === 0) {
        return undefined;
      }
    }
  }
  let output = args.output;
  if (!output) {
    const saved = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(defaultOutput(consumer)),
      filters: { 'WebAssembly component': ['wasm'] },
      saveLabel: 'Write composed component',
    });
    output = saved?.fsPath;
  }
  if (!output) {
    return undefined;
  }
  const params: ComposeParams = { consumer, output, ...(plugs ? { plugs } : {}) };
  let result: ComposeResult;
  try {
    result = readComposeResult(await client.sendRequest<unknown>('wit/compose', params));
  } catch (error) {
    void vscode.window.showErrorMessage(`Compose: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  if (result.composed) {
    void vscode.window.showInformationMessage(`Composed ${output} (${result.size} bytes): ${composeSummary(result)}`);
  } else {
    void vscode.window.showErrorMessage(`Compose refused, nothing written: ${composeSummary(result)}`);
  }
  return result;
}
