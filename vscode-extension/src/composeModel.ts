// What the Compose command shows, without VS Code: testable in plain Node.

import type { ComposeResult } from './protocol';

/** One line per plugged import, then what stays imported. */
export function composeSummary(result: ComposeResult): string {
  if (!result.composed) {
    return result.refusals.map((refusal) => refusal.message).join('\n');
  }
  const links = result.links.map((link) => `${link.import} ← ${link.provider}`);
  const open = result.openImports.length > 0 ? `; still imported: ${result.openImports.join(', ')}` : '';
  return `${links.join(', ')}${open}`;
}
