// Run export UI: the `▶ Run` lens opens an input box prefilled with the call template
// (or the last call of that function), validated as you type with `wit/validateCall`;
// `wit/runExport` runs it; the result appears after the function line (`→ 3`) and in full in
// the "WIT Run" output channel. Resource sessions are listed in a view with "end session".

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ServerSettings } from './settings';
import {
  ExportTarget,
  EndSessionParams,
  ProtocolError,
  RunExportResult,
  readRunExportResult,
  readTemplateResult,
  readValidateCallResult,
} from './protocol';
import {
  SessionChoice,
  handlesIn,
  inlineText,
  parseRunTarget,
  rememberKey,
  reportText,
  runExportParams,
  targetParams,
  validationMessage,
} from './runModel';

export interface RunOutcome {
  target: ExportTarget;
  call: string;
  result?: RunExportResult;
  error?: string;
}

class SessionsView implements vscode.TreeDataProvider<string> {
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly sessions = new Map<string, { label: string; handles: string[] }>();

  set(id: string, label: string, handles: string[]): void {
    this.sessions.set(id, { label, handles });
    this.update();
  }

  delete(id: string): void {
    this.sessions.delete(id);
    this.update();
  }

  private update(): void {
    void vscode.commands.executeCommand('setContext', 'wit-lsp.hasSessions', this.sessions.size > 0);
    this.changed.fire(undefined);
  }

  getTreeItem(id: string): vscode.TreeItem {
    const session = this.sessions.get(id);
    const item = new vscode.TreeItem(session?.label ?? id);
    item.description = session?.handles.join(', ');
    item.contextValue = 'wit-lsp.session';
    item.command = { command: 'wit-lsp.endSession', title: 'End Session', arguments: [id] };
    item.tooltip = 'Click to end this session';
    return item;
  }

  getChildren(): string[] {
    return [...this.sessions.keys()];
  }
}

export class RunController implements vscode.Disposable {
  private readonly output = vscode.window.createOutputChannel('WIT Run');
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorCodeLens.foreground'), fontStyle: 'italic' },
  });
  /** Inline results per document: line -> text. */
  private readonly inline = new Map<string, Map<number, string>>();
  private readonly sessions = new SessionsView();
  private readonly disposables: vscode.Disposable[] = [];
  /** The last finished run, for tests and the status bar. */
  lastOutcome: RunOutcome | undefined;
  /** Live sessions per target package/world (`uri#world`): later runs call into them. */
  private readonly sessionFor = new Map<string, number>();

  constructor(
    private readonly client: () => LanguageClient | undefined,
    private readonly state: vscode.Memento,
    private readonly settings: () => ServerSettings,
  ) {
    this.disposables.push(
      this.output,
      this.decoration,
      vscode.window.registerTreeDataProvider('wit-lsp.sessions', this.sessions),
      vscode.window.onDidChangeVisibleTextEditors(() => this.redraw()),
      vscode.workspace.onDidChangeTextDocument((event) => {
        // A result is about the code as it was: drop it once the document changes.
        if (event.contentChanges.length > 0 && this.inline.delete(event.document.uri.toString())) {
          this.redraw();
        }
      }),
    );
  }

  private redraw(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const lines = this.inline.get(editor.document.uri.toString());
      const options: vscode.DecorationOptions[] = [];
      for (const [line, text] of lines ?? []) {
        if (line < editor.document.lineCount) {
          const end = editor.document.lineAt(line).range.end;
          options.push({ range: new vscode.Range(end, end), renderOptions: { after: { contentText: text } } });
        }
      }
      editor.setDecorations(this.decoration, options);
    }
  }

  private async template(client: LanguageClient, target: ExportTarget): Promise<string> {
    const remembered = this.state.get<string>(rememberKey(target));
    if (remembered) {
      return remembered;
    }
    try {
      const answer = await client.sendRequest<unknown>('wit/runTemplate', targetParams(target, this.settings().runner));
      return readTemplateResult(answer).call;
    } catch (error) {
      // No component to read a template from yet: the run itself will say so.
      if (error instanceof ProtocolError) {
        this.output.appendLine(error.message);
      }
      return `${target.function}()`;
    }
  }

  private sessionKey(target: ExportTarget): string {
    return `${target.uri}#${target.world ?? ''}`;
  }

  private async askCall(
    client: LanguageClient,
    target: ExportTarget,
  ): Promise<{ call: string; keepSession: boolean } | undefined> {
    const box = vscode.window.createInputBox();
    const session = this.sessionFor.get(this.sessionKey(target));
    let keepSession = vscode.workspace.getConfiguration('wit-lsp').get<boolean>('runner.keepSession', false);
    const sessionButton = (): vscode.QuickInputButton => ({
      iconPath: new vscode.ThemeIcon(keepSession ? 'pinned' : 'pin'),
      tooltip: keepSession
        ? 'Runs in a session (the instance and its resource handles stay alive): click for a one-off run'
        : 'One-off run: click to keep the instance alive in a session',
    });
    const setTitle = () => {
      const where = session !== undefined ? ` (session ${session})` : keepSession ? ' (new session)' : '';
      box.title = `Run ${target.world ? target.world + ' · ' : ''}${target.function}${where}`;
      box.buttons = session !== undefined ? [] : [sessionButton()];
    };
    setTitle();
    box.onDidTriggerButton(() => {
      keepSession = !keepSession;
      setTitle();
    });
    box.prompt = 'A call with WAVE arguments, e.g. add(1, 2)';
    box.value = await this.template(client, target);
    box.ignoreFocusOut = true;
    let generation = 0;
    const validate = async (call: string) => {
      const mine = ++generation;
      try {
        const answer = await client.sendRequest<unknown>('wit/validateCall', { ...targetParams(target, this.settings().runner), call });
        if (mine === generation) {
          box.validationMessage = validationMessage(readValidateCallResult(answer).diagnostics);
        }
      } catch (error) {
        // No component to validate against (the run itself reports that), or an answer of
        // another shape, which is shown.
        if (mine === generation) {
          box.validationMessage = error instanceof ProtocolError ? error.message : undefined;
        }
      }
    };
    return new Promise<{ call: string; keepSession: boolean } | undefined>((resolve) => {
      let done = false;
      box.onDidChangeValue((value) => void validate(value));
      box.onDidAccept(() => {
        done = true;
        resolve({ call: box.value, keepSession });
        box.hide();
      });
      box.onDidHide(() => {
        if (!done) {
          resolve(undefined);
        }
        box.dispose();
      });
      box.show();
      void validate(box.value);
    });
  }

  /**
   * The lens command. `args` are the server's lens arguments; `options.call` runs that call
   * without asking (keybindings, tests). Returns what happened.
   */
  async run(args: unknown[], options?: { call?: string; line?: number }): Promise<RunOutcome | undefined> {
    const client = this.client();
    const target = parseRunTarget(args);
    if (!client || !target) {
      void vscode.window.showErrorMessage(
        client ? 'WIT Run: this lens does not name a function to run.' : 'WIT Run: the wit-lsp server is not running.',
      );
      return undefined;
    }
    const asked = options?.call !== undefined ? { call: options.call, keepSession: false } : await this.askCall(client, target);
    if (asked === undefined) {
      return undefined;
    }
    const call = asked.call;
    await this.state.update(rememberKey(target), call);
    const session = this.sessionFor.get(this.sessionKey(target));
    const choice: SessionChoice = session !== undefined ? { session } : asked.keepSession ? { keepSession: true } : {};
    const params = runExportParams(target, call, choice, this.settings().runner);
    let outcome: RunOutcome;
    try {
      const answer = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `Running ${target.function}` },
        () => client.sendRequest<unknown>('wit/runExport', params),
      );
      const result = readRunExportResult(answer);
      outcome = { target, call, result };
      let handles: string[] = [];
      if (result.session !== null) {
        const id = String(result.session);
        this.sessionFor.set(this.sessionKey(target), result.session);
        const known = this.sessions.sessions.get(id)?.handles ?? [];
        handles = [...new Set([...known, ...handlesIn(result.resultWave)])];
        this.sessions.set(id, `${target.world ?? target.uri.split('/').pop()} · session ${id}`, handles);
      }
      this.output.append(reportText(target, call, result, handles));
      this.output.show(true);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      outcome = { target, call, error: message };
      this.output.appendLine(`▶ ${call}\nerror: ${message}`);
      this.output.show(true);
      void vscode.window.showErrorMessage(`WIT Run: ${message}`);
    }
    const line = options?.line;
    if (line !== undefined) {
      const text = outcome.result ? inlineText(outcome.result) : `→ error: ${outcome.error ?? ''}`.slice(0, 80);
      const lines = this.inline.get(target.uri) ?? new Map<number, string>();
      lines.set(line, text);
      this.inline.set(target.uri, lines);
      this.redraw();
    }
    this.lastOutcome = outcome;
    return outcome;
  }

  /** The inline result shown on a line of a document, if any (for tests). */
  inlineAt(uri: string, line: number): string | undefined {
    return this.inline.get(uri)?.get(line);
  }

  async endSession(id?: string): Promise<void> {
    const chosen = id ?? (await vscode.window.showQuickPick([...this.sessions.sessions.keys()], { placeHolder: 'End which session?' }));
    if (!chosen) {
      return;
    }
    for (const [key, id] of this.sessionFor) {
      if (String(id) === chosen) {
        this.sessionFor.delete(key);
      }
    }
    const params: EndSessionParams = { session: Number(chosen) };
    try {
      await this.client()?.sendRequest('wit/endSession', params);
    } catch (error) {
      this.output.appendLine(`end session ${chosen}: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.sessions.delete(chosen);
  }

  showOutput(): void {
    this.output.show(true);
  }

  dispose(): void {
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}
