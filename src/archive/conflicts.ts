// What happens when an archive's file already exists in the destination.
import * as path from 'node:path';
import { GumloopError } from '../errors';
import { shortName } from '../text';
import { pathKind, pathKindSync, type PathKind } from './pathKind';
import { TimeSlices } from './slices';

export type ConflictPolicy = 'fail' | 'overwrite' | 'skip' | 'keep-both';
export type ConflictChoice = 'overwrite' | 'skip' | 'keep-both' | 'cancel';
/** Asks (e.g. the user) what to do with one existing file. */
export type ConflictResolver = (relativePath: string) => Promise<ConflictChoice>;

export const CONFLICT_POLICIES: readonly ConflictPolicy[] = ['fail', 'overwrite', 'skip', 'keep-both'];

export type Resolution = { action: 'write'; target: string } | { action: 'overwrite'; target: string } | { action: 'skip' };

/** `report.csv` → `report (1).csv`; `.env` → `.env (1)`; `Makefile` → `Makefile (1)`. */
export function keepBothName(relativePath: string, attempt: number): string {
  const dir = path.posix.dirname(relativePath);
  const base = path.posix.basename(relativePath);
  const dot = base.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [base.slice(0, dot), base.slice(dot)] : [base, ''];
  const name = `${stem} (${attempt})${ext}`;
  return dir === '.' ? name : `${dir}/${name}`;
}

/** What is at `relative` in the destination; a name the disk cannot hold is said plainly, and short. */
function kindIn(destination: string, relative: string): PathKind {
  try {
    return pathKindSync(path.join(destination, relative));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENAMETOOLONG') throw error;
    throw new GumloopError('filesystem', `“${shortName(relative)}” is too long a name or path for this system. Nothing was written. Choose a folder with a shorter path, or ask the flow's owner for shorter names.`, { cause: error, entry: relative });
  }
}

/**
 * Checks the destination for every planned file before anything is written, and decides per file.
 * Paths that would pass through a symbolic link or replace a folder are refused outright.
 * Nothing can exist under a folder that does not exist, so those paths are not looked up one by
 * one: a new destination (the usual case) costs one lstat, not one per file. The lookups are
 * synchronous, in time slices: one thread-pool round trip per file cost more than the lstat itself.
 */
export async function resolveConflicts(
  destination: string,
  files: readonly string[],
  folders: readonly string[],
  policy: ConflictPolicy | ConflictResolver,
): Promise<Resolution[]> {
  // A new destination (the usual case): every file is written where the archive puts it.
  if ((await pathKind(destination)) === 'missing') return files.map((file) => ({ action: 'write', target: file }));
  const missingFolders = new Set<string>();
  const isUnderMissingFolder = (relative: string) => missingFolders.has(path.posix.dirname(relative));
  // Parents before children, so a missing parent answers for all that lies below it.
  for (const folder of [...folders].sort((a, b) => a.split('/').length - b.split('/').length)) {
    const kind = isUnderMissingFolder(folder) ? 'missing' : kindIn(destination, folder);
    if (kind === 'missing') missingFolders.add(folder);
    if (kind === 'file') {
      throw new GumloopError('conflict', `“${shortName(folder)}” already exists as a file in the destination, but the download needs a folder there. Move or rename it, then try again.`, { paths: [folder] });
    }
    if (kind === 'link') {
      throw new GumloopError('conflict', `“${shortName(folder)}” in the destination is a symbolic link; files are never written through links. Remove the link or choose another folder.`, { paths: [folder] });
    }
  }
  // Names a keep-both copy must not take; made on the first such copy (most downloads make none).
  let taken: Set<string> | undefined;
  const conflicts: string[] = [];
  const resolutions: Resolution[] = [];
  const slices = new TimeSlices();
  for (const file of files) {
    if (slices.due()) await slices.next();
    const kind = isUnderMissingFolder(file) ? 'missing' : kindIn(destination, file);
    if (kind === 'missing') {
      resolutions.push({ action: 'write', target: file });
      continue;
    }
    if (kind === 'folder') {
      throw new GumloopError('conflict', `“${shortName(file)}” already exists as a folder in the destination. Move or rename it, then try again.`, { paths: [file] });
    }
    const choice = typeof policy === 'function' ? await policy(file) : policy;
    if (choice === 'cancel') throw new GumloopError('cancelled', 'The download was cancelled. Nothing was written.');
    if (choice === 'fail') {
      conflicts.push(file);
      continue;
    }
    if (choice === 'skip') resolutions.push({ action: 'skip' });
    else if (choice === 'overwrite') resolutions.push({ action: 'overwrite', target: file });
    else resolutions.push({ action: 'write', target: await freeName(destination, file, (taken ??= new Set(files))) });
  }
  if (conflicts.length > 0) {
    const shown = conflicts.slice(0, 5).map((p) => `“${shortName(p)}”`).join(', ') + (conflicts.length > 5 ? ` and ${conflicts.length - 5} more` : '');
    throw new GumloopError('conflict', `${conflicts.length === 1 ? 'A file already exists' : `${conflicts.length} files already exist`} in the destination: ${shown}. Nothing was written. Choose overwrite, skip or keep-both, or download into another folder.`, { paths: conflicts });
  }
  return resolutions;
}

async function freeName(destination: string, file: string, taken: Set<string>): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const candidate = keepBothName(file, attempt);
    if (!taken.has(candidate) && (await pathKind(path.join(destination, candidate))) === 'missing') {
      taken.add(candidate);
      return candidate;
    }
  }
}
