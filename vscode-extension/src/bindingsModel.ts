// Binding previews without VS Code: the languages the server generates, the virtual
// document URI that names one preview, and how a `wit/bindings` answer becomes one
// read-only document (several generated files joined with file headers).

import type { BindingsResult } from './protocol';

export interface BindingLanguage {
  /** The `language` of the `wit/bindings` request. */
  id: string;
  label: string;
  /** The VS Code language mode of the preview. */
  languageId: string;
  extension: string;
  /** How a line comment starts in that language, for file headers. */
  comment: string;
}

export const BINDING_LANGUAGES: BindingLanguage[] = [
  { id: 'rust', label: 'Rust (guest, wit-bindgen)', languageId: 'rust', extension: 'rs', comment: '//' },
  { id: 'host-rust', label: 'Rust (host, wasmtime bindgen!)', languageId: 'rust', extension: 'rs', comment: '//' },
  { id: 'c', label: 'C (guest)', languageId: 'c', extension: 'c', comment: '//' },
  { id: 'cpp', label: 'C++ (guest)', languageId: 'cpp', extension: 'cpp', comment: '//' },
  { id: 'csharp', label: 'C# (guest)', languageId: 'csharp', extension: 'cs', comment: '//' },
  { id: 'go', label: 'Go (guest)', languageId: 'go', extension: 'go', comment: '//' },
  { id: 'moonbit', label: 'MoonBit (guest)', languageId: 'moonbit', extension: 'mbt', comment: '//' },
];

export function bindingLanguage(id: string): BindingLanguage | undefined {
  return BINDING_LANGUAGES.find((language) => language.id === id);
}

/** The generator options of `wit/bindings`, from the `wit-lsp.bindings.*` settings. */
export interface BindingsOptions {
  rust: { generateAll: boolean; ownership: string; stdFeature: boolean };
  hostRust: { async: boolean; trappableImports: boolean; ownership: string };
  c: { noObjectFile: boolean };
}

const OWNERSHIP = ['owning', 'borrowing', 'borrowing-duplicate-if-necessary'];

export function bindingsOptions(get: <T>(key: string, fallback: T) => T): BindingsOptions {
  const flag = (key: string) => get<unknown>(key, false) === true;
  const ownership = (key: string) => {
    const value = get<unknown>(key, 'owning');
    return typeof value === 'string' && OWNERSHIP.includes(value) ? value : 'owning';
  };
  return {
    rust: {
      generateAll: flag('bindings.rust.generateAll'),
      ownership: ownership('bindings.rust.ownership'),
      stdFeature: flag('bindings.rust.stdFeature'),
    },
    hostRust: {
      async: flag('bindings.hostRust.async'),
      trappableImports: flag('bindings.hostRust.trappableImports'),
      ownership: ownership('bindings.hostRust.ownership'),
    },
    c: { noObjectFile: flag('bindings.c.noObjectFile') },
  };
}

/** What one preview document shows. */
export interface PreviewKey {
  /** The WIT document's URI. */
  source: string;
  language: string;
  world?: string;
  /** With the picker layout: the one generated file shown. */
  file?: string;
  /** The cursor when the preview was asked for, to pick the world under it. */
  position?: { line: number; character: number };
}

export const BINDINGS_SCHEME = 'wit-bindings';

/** The path and query of a preview URI (the scheme is added by the caller). */
export function previewUriParts(key: PreviewKey): { path: string; query: string } {
  const language = bindingLanguage(key.language);
  const base = (key.source.split('/').pop() ?? 'bindings').replace(/\.wit$/, '');
  const shown = key.file ?? `${base}${key.world ? '-' + key.world : ''}.${language?.extension ?? 'txt'}`;
  return {
    path: `/${key.language}/${shown}`,
    query: JSON.stringify(key),
  };
}

export function parsePreviewQuery(query: string): PreviewKey {
  const value: unknown = JSON.parse(query);
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof (value as PreviewKey).source !== 'string' ||
    typeof (value as PreviewKey).language !== 'string'
  ) {
    throw new Error(`not a binding preview: ${query}`);
  }
  return value as PreviewKey;
}

export interface RenderedPreview {
  text: string;
  languageId: string;
}

/**
 * One document for a preview. A single file is shown as is; several are joined, each after a
 * `// file: NAME` header. A stale answer (the WIT has errors; this is the last good version)
 * starts with a comment saying so.
 */
export function renderPreview(result: Pick<BindingsResult, 'files' | 'stale'>, key: PreviewKey): RenderedPreview {
  const language = bindingLanguage(key.language);
  const comment = language?.comment ?? '//';
  const fallbackLanguage = language?.languageId ?? 'plaintext';
  const stale = result.stale
    ? `${comment} STALE: the WIT has errors; these bindings are from the last version that resolved.\n\n`
    : '';
  let files = result.files;
  if (key.file !== undefined) {
    files = files.filter((file) => file.name === key.file);
    if (files.length === 0) {
      return {
        text: `${stale}${comment} ${key.file} is no longer generated for this world.\n`,
        languageId: fallbackLanguage,
      };
    }
  }
  if (files.length === 0) {
    return { text: `${stale}${comment} The generator produced no files.\n`, languageId: fallbackLanguage };
  }
  if (files.length === 1) {
    return { text: stale + files[0].text, languageId: files[0].languageId || fallbackLanguage };
  }
  const parts = files.map((file) => {
    const body = file.text.endsWith('\n') ? file.text : file.text + '\n';
    return `${comment} file: ${file.name}\n${body}`;
  });
  return { text: stale + parts.join('\n'), languageId: fallbackLanguage };
}
