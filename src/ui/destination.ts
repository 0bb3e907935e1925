// Where a run's files go: the `gumloop.downloadFolder` setting, `${runId}` substituted, relative to
// the workspace folder. A relative setting may not climb out of the workspace folder.
// fs.promises loads on first use; node:fs/promises would be loaded by every activation (activationLoads.test.ts).
import { promises as fsp } from 'node:fs';
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

/**
 * A destination meant to lie inside the workspace folder must really be there: a committed
 * symbolic link (say `gumloop -> ~/elsewhere`) would otherwise carry the files out of it. Checks
 * the nearest existing folder on the way, after resolving links; what is still to be created
 * cannot be a link.
 */
export async function checkInsideFolder(destination: string, folder: string): Promise<Parsed<string>> {
  const lexical = path.relative(folder, destination);
  if (lexical.startsWith('..') || path.isAbsolute(lexical)) return { ok: true, value: destination };
  const realFolder = await fsp.realpath(folder);
  let existing = destination;
  while (!(await exists(existing)) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  const realExisting = await fsp.realpath(existing).catch(() => undefined);
  const relative = realExisting === undefined ? '..' : path.relative(realFolder, realExisting);
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    return { ok: false, reason: `“${path.relative(folder, existing) || '.'}” in the workspace is a link to a folder outside it, so the files would not land in the workspace. Remove the link, or set gumloop.downloadFolder to another path` };
  }
  return { ok: true, value: destination };
}

async function exists(file: string): Promise<boolean> {
  return fsp.lstat(file).then(
    () => true,
    () => false,
  );
}

/** How a destination is named in messages: relative when inside the workspace folder, else in full. */
export function destinationLabel(destination: string, workspaceFolder: string | undefined): string {
  if (workspaceFolder) {
    const relative = path.relative(workspaceFolder, destination);
    if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) return relative.split(path.sep).join('/');
  }
  return destination;
}

export type RevealStrategy = 'reveal-in-explorer' | 'open-folder-here' | 'reveal-in-os' | 'open-folder-in-new-window';

/**
 * How "Reveal in Explorer" can show a folder. The Explorer only shows workspace folders: with none
 * open (an empty window) the folder is opened in this window, which loses nothing; outside the open
 * workspace the system file manager is used where VS Code has one (desktop, local files), else a new
 * window.
 */
export function revealStrategy(where: { insideWorkspace: boolean; workspaceOpen: boolean; canRevealInOS: boolean }): RevealStrategy {
  if (where.insideWorkspace) return 'reveal-in-explorer';
  if (!where.workspaceOpen) return 'open-folder-here';
  return where.canRevealInOS ? 'reveal-in-os' : 'open-folder-in-new-window';
}
