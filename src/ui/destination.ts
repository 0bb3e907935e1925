// Where a run's files go: the `gumloop.downloadFolder` setting, `${runId}` substituted, relative to
// the workspace folder. A relative setting may not climb out of the workspace folder.
import * as path from 'node:path';
import type { Parsed } from '../validation';

export const DEFAULT_DOWNLOAD_FOLDER = 'gumloop/${runId}';

export function resolveDestination(template: string, runId: string, workspaceFolder: string, now = new Date()): Parsed<string> {
  const text = (template.trim() || DEFAULT_DOWNLOAD_FOLDER)
    .replace(/\$\{runId\}/g, runId)
    .replace(/\$\{date\}/g, now.toISOString().slice(0, 10));
  if (/\$\{[^}]*\}/.test(text)) return { ok: false, reason: `gumloop.downloadFolder uses an unknown variable in “${template}”; only \${runId} and \${date} are supported` };
  if (path.isAbsolute(text)) return { ok: true, value: path.normalize(text) };
  const resolved = path.resolve(workspaceFolder, text);
  const relative = path.relative(workspaceFolder, resolved);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    return { ok: false, reason: `gumloop.downloadFolder “${template}” points outside the workspace folder; use a path inside it, or an absolute path` };
  }
  return { ok: true, value: resolved };
}
