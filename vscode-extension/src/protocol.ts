// The custom part of the wit-lsp protocol (the `wit/*` requests and notifications the
// README's "Custom protocol" table documents): the params the extension sends and readers
// for the answers it gets back. Every field is camelCase, as the server's structs declare.
// A reader checks the shape it is given and throws a `ProtocolError` naming the method and
// the field, so an answer of another shape is reported instead of being guessed at.

import type { BindingsOptions } from './bindingsModel';

/** An answer that does not have the shape the protocol documents. */
export class ProtocolError extends Error {
  constructor(
    readonly method: string,
    detail: string,
  ) {
    super(`${method}: ${detail}`);
    this.name = 'ProtocolError';
  }
}

/**
 * The export a run targets: the params of `wit/runTemplate`, the base of `wit/validateCall`
 * and `wit/runExport`, and the argument of the server's `wit.runExport` lens command.
 */
export interface ExportTarget {
  /** A WIT document of the package. */
  uri: string;
  /** `add`, or `ns:pkg/iface@1.0.0#add` for a function of an exported interface. */
  function: string;
  /** `ns:pkg/world`, to choose among configured components. */
  world?: string;
  /** A component file to run instead of the one the server finds. */
  component?: string;
}

export interface ValidateCallParams extends ExportTarget {
  call: string;
}

export interface RunExportParams extends ExportTarget {
  call: string;
  /** Call inside this live session. */
  session?: number;
  /** Keep the instance alive after the call and answer its session id. */
  keepSession?: boolean;
  timeoutMs?: number;
  maxMemoryBytes?: number;
  /** A TOML file with a `[mocks]` table. */
  mockFile?: string;
}

export interface EndSessionParams {
  session: number;
}

export interface TemplateResult {
  call: string;
  function: string;
  signature: string;
  component: string | null;
}

/** A problem in the call text; offsets count UTF-16 code units of the call. */
export interface CallDiagnostic {
  start: number;
  end: number;
  message: string;
}

export interface ValidateCallResult {
  diagnostics: CallDiagnostic[];
}

/** One call the guest made to a non-WASI import. */
export interface ImportCall {
  function: string;
  /** The arguments as WAVE. */
  args: string[];
  result: string | null;
  /** `mocked`, `logged`, `not-mocked`, `mock-exhausted` or `plugged`. */
  outcome: string;
  /** The plug (another component) that answered, for `plugged`. */
  provider: string | null;
}

export interface Trap {
  status: string;
  /** `deadline`, `memory-limit`, `stack-overflow`, `unreachable`, ... */
  kind: string;
  message: string;
  /** Innermost frame first. */
  backtrace: string[];
}

export interface RunExportResult {
  /** The export that was called (its full name). */
  function: string;
  component: string | null;
  /** `null` for a function without a result, and after a trap. */
  resultWave: string | null;
  resultJson: unknown;
  stdout: string;
  stdoutTruncated: boolean;
  stderr: string;
  stderrTruncated: boolean;
  importCalls: ImportCall[];
  durationMs: number;
  trap: Trap | null;
  /** The live session the call ran in, if any. */
  session: number | null;
}

export interface BindingsParams {
  uri: string;
  world?: string;
  language: string;
  options: BindingsOptions;
  position?: { line: number; character: number };
}

export interface GeneratedFile {
  name: string;
  /** The VS Code language mode of the file. */
  languageId: string;
  text: string;
  binary: boolean;
  size: number;
}

export interface BindingsResult {
  /** The world the files were generated for (`ns:pkg/name`). */
  world: string;
  language: string;
  files: GeneratedFile[];
  /** The WIT has errors: these are the files of the last version that resolved. */
  stale: boolean;
}

export interface BindingsChangedParams {
  uris: string[];
  stale: boolean;
}

export interface ComponentWitParams {
  path: string;
}

export interface ComponentWitResult {
  wit: string;
}

/** `wit/compose`: plugs omitted means the consumer's `plugs` in `wit-lsp.toml`. */
export interface ComposeParams {
  consumer: string;
  plugs?: string[];
  output?: string;
}

export interface ComposeLink {
  importer: string;
  import: string;
  provider: string;
  export: string;
}

export interface ComposeRefusal {
  /** `signature-differs`, `missing-function`, `missing-resource`, `incompatible-version`, ... */
  kind: string;
  item: string;
  message: string;
  /** Index of the plug it is about. */
  plug: number | null;
}

export interface ComposeResult {
  composed: boolean;
  output: string | null;
  size: number;
  links: ComposeLink[];
  openImports: string[];
  refusals: ComposeRefusal[];
}

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) {
    return String(value);
  }
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

/** Reads the fields of one JSON object of an answer, each with the type the protocol gives it. */
class Fields {
  private constructor(
    private readonly method: string,
    private readonly what: string,
    private readonly record: Record<string, unknown>,
  ) {}

  static of(method: string, what: string, value: unknown): Fields {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ProtocolError(method, `the server sent ${describe(value)} as ${what}, which is not an object`);
    }
    return new Fields(method, what, value as Record<string, unknown>);
  }

  private wrong(name: string, expected: string): never {
    const found =
      name in this.record ? `\`${name}\` = ${describe(this.record[name])}, not ${expected}` : `no \`${name}\` (${expected})`;
    throw new ProtocolError(this.method, `${this.what} the server sent has ${found}: ${describe(this.record)}`);
  }

  present(name: string): unknown {
    if (!(name in this.record)) {
      this.wrong(name, 'a value');
    }
    return this.record[name];
  }

  string(name: string): string {
    const value = this.record[name];
    return typeof value === 'string' ? value : this.wrong(name, 'a string');
  }

  stringOrNull(name: string): string | null {
    const value = this.record[name];
    return typeof value === 'string' || value === null ? value : this.wrong(name, 'a string or null');
  }

  number(name: string): number {
    const value = this.record[name];
    return typeof value === 'number' && Number.isFinite(value) ? value : this.wrong(name, 'a number');
  }

  numberOrNull(name: string): number | null {
    const value = this.record[name];
    return (typeof value === 'number' && Number.isFinite(value)) || value === null ? value : this.wrong(name, 'a number or null');
  }

  boolean(name: string): boolean {
    const value = this.record[name];
    return typeof value === 'boolean' ? value : this.wrong(name, 'true or false');
  }

  array(name: string): unknown[] {
    const value = this.record[name];
    return Array.isArray(value) ? value : this.wrong(name, 'a list');
  }

  strings(name: string): string[] {
    const list = this.array(name);
    return list.every((item) => typeof item === 'string') ? (list as string[]) : this.wrong(name, 'a list of strings');
  }

  /** A nested object, read by `read`, or null. */
  objectOrNull<T>(name: string, read: (fields: Fields) => T): T | null {
    const value = this.record[name];
    if (value === null) {
      return null;
    }
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.wrong(name, 'an object or null');
    }
    return read(Fields.of(this.method, `\`${name}\``, value));
  }

  /** A list of objects, each read by `read`. */
  objects<T>(name: string, read: (fields: Fields) => T): T[] {
    return this.array(name).map((item, index) => read(Fields.of(this.method, `\`${name}[${index}]\``, item)));
  }
}

export function readTemplateResult(answer: unknown): TemplateResult {
  const fields = Fields.of('wit/runTemplate', 'the result', answer);
  return {
    call: fields.string('call'),
    function: fields.string('function'),
    signature: fields.string('signature'),
    component: fields.stringOrNull('component'),
  };
}

export function readValidateCallResult(answer: unknown): ValidateCallResult {
  const fields = Fields.of('wit/validateCall', 'the result', answer);
  return {
    diagnostics: fields.objects('diagnostics', (diagnostic) => ({
      start: diagnostic.number('start'),
      end: diagnostic.number('end'),
      message: diagnostic.string('message'),
    })),
  };
}

export function readRunExportResult(answer: unknown): RunExportResult {
  const fields = Fields.of('wit/runExport', 'the result', answer);
  return {
    function: fields.string('function'),
    component: fields.stringOrNull('component'),
    resultWave: fields.stringOrNull('resultWave'),
    resultJson: fields.present('resultJson'),
    stdout: fields.string('stdout'),
    stdoutTruncated: fields.boolean('stdoutTruncated'),
    stderr: fields.string('stderr'),
    stderrTruncated: fields.boolean('stderrTruncated'),
    importCalls: fields.objects('importCalls', (call) => ({
      function: call.string('function'),
      args: call.strings('args'),
      result: call.stringOrNull('result'),
      outcome: call.string('outcome'),
      provider: call.stringOrNull('provider'),
    })),
    durationMs: fields.number('durationMs'),
    trap: fields.objectOrNull('trap', (trap) => ({
      status: trap.string('status'),
      kind: trap.string('kind'),
      message: trap.string('message'),
      backtrace: trap.strings('backtrace'),
    })),
    session: fields.numberOrNull('session'),
  };
}

export function readBindingsResult(answer: unknown): BindingsResult {
  const fields = Fields.of('wit/bindings', 'the result', answer);
  return {
    world: fields.string('world'),
    language: fields.string('language'),
    files: fields.objects('files', (file) => ({
      name: file.string('name'),
      languageId: file.string('languageId'),
      text: file.string('text'),
      binary: file.boolean('binary'),
      size: file.number('size'),
    })),
    stale: fields.boolean('stale'),
  };
}

export function readComponentWitResult(answer: unknown): ComponentWitResult {
  return { wit: Fields.of('wit/componentWit', 'the result', answer).string('wit') };
}

export function readComposeResult(answer: unknown): ComposeResult {
  const fields = Fields.of('wit/compose', 'the result', answer);
  return {
    composed: fields.boolean('composed'),
    output: fields.stringOrNull('output'),
    size: fields.number('size'),
    links: fields.objects('links', (link) => ({
      importer: link.string('importer'),
      import: link.string('import'),
      provider: link.string('provider'),
      export: link.string('export'),
    })),
    openImports: fields.strings('openImports'),
    refusals: fields.objects('refusals', (refusal) => ({
      kind: refusal.string('kind'),
      item: refusal.string('item'),
      message: refusal.string('message'),
      plug: refusal.numberOrNull('plug'),
    })),
  };
}

export function readBindingsChangedParams(params: unknown): BindingsChangedParams {
  const fields = Fields.of('wit/bindingsChanged', 'the params', params);
  return { uris: fields.strings('uris'), stale: fields.boolean('stale') };
}
