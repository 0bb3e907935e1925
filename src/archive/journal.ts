// The commit journal: every change the final move will make to the destination, written and
// flushed to disk before the first of them. With it, a run killed at any moment of the move can be
// finished or undone by the next run, file by file, from what is on disk.
//
// Layout of a scratch folder that commits (all on the destination's file system):
//   files/<target>    the new file, until it is moved into place
//   backup/<target>   a hard link to (or copy of) the original a replaced file had
//   journal.json      this plan
//   committed         present once every step is done; only cleanup is left
import { open, readFile, rm } from 'node:fs/promises';
import * as path from 'node:path';

export interface Journal {
  version: 1;
  /** Absolute destination folder (links already resolved). */
  destination: string;
  /** Folders to create, relative, `/`-separated, parents before children. */
  folders: string[];
  /** Relative targets that replace an existing file. */
  replace: string[];
  /** Relative targets that are new. */
  add: string[];
}

export const STAGING_FOLDER = 'files';
export const BACKUP_FOLDER = 'backup';
const JOURNAL_FILE = 'journal.json';
const COMMITTED_FILE = 'committed';

export function stagedPath(scratch: string, target: string): string {
  return path.join(scratch, STAGING_FOLDER, target);
}

export function backupPath(scratch: string, target: string): string {
  return path.join(scratch, BACKUP_FOLDER, target);
}

/** Writes the pieces to `file` and flushes it, then flushes the folder so the name is durable too. */
async function writeDurably(file: string, pieces: Iterable<string>): Promise<void> {
  const handle = await open(file, 'w');
  try {
    for (const piece of pieces) await handle.writeFile(piece);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await syncFolder(path.dirname(file));
}

async function syncFolder(folder: string): Promise<void> {
  // Not every platform can open a folder for fsync (Windows cannot); the file itself is flushed.
  const handle = await open(folder, 'r').catch(() => undefined);
  try {
    await handle?.sync();
  } catch {
    // Best effort, as above.
  } finally {
    await handle?.close();
  }
}

export async function writeJournal(scratch: string, journal: Journal): Promise<void> {
  await writeDurably(path.join(scratch, JOURNAL_FILE), journalPieces(journal));
}

/** Characters per write of the journal. */
const JOURNAL_PIECE = 64 * 1024;

/**
 * `JSON.stringify(journal)`, in pieces of about JOURNAL_PIECE characters: at 100,000 files the
 * whole text (and its UTF-8 copy for the write) was several MB more at the commit's start, where
 * an overwrite's memory peaks.
 */
export function* journalPieces(journal: Journal): Generator<string> {
  let piece = `{"version":${JSON.stringify(journal.version)},"destination":${JSON.stringify(journal.destination)}`;
  for (const key of ['folders', 'replace', 'add'] as const) {
    piece += `,${JSON.stringify(key)}:[`;
    const names = journal[key];
    for (let index = 0; index < names.length; index++) {
      piece += `${index === 0 ? '' : ','}${JSON.stringify(names[index])}`;
      if (piece.length >= JOURNAL_PIECE) {
        yield piece;
        piece = '';
      }
    }
    piece += ']';
  }
  yield `${piece}}`;
}

export async function markCommitted(scratch: string): Promise<void> {
  await writeDurably(path.join(scratch, COMMITTED_FILE), []);
}

export type JournalState = { state: 'none' } | { state: 'committed'; journal?: Journal } | { state: 'in-progress'; journal: Journal };

/** What a scratch folder says about its commit; an unreadable journal counts as none (never started). */
export async function readJournal(scratch: string): Promise<JournalState> {
  let journal: Journal | undefined;
  try {
    const parsed = JSON.parse(await readFile(path.join(scratch, JOURNAL_FILE), 'utf8')) as Journal;
    if (parsed?.version === 1 && typeof parsed.destination === 'string' && Array.isArray(parsed.replace) && Array.isArray(parsed.add) && Array.isArray(parsed.folders)) journal = parsed;
  } catch {
    // Missing, or cut short by a kill while it was written: no change was made after it.
  }
  const committed = await readFile(path.join(scratch, COMMITTED_FILE)).then(() => true, () => false);
  if (committed) return { state: 'committed', journal };
  return journal ? { state: 'in-progress', journal } : { state: 'none' };
}

/** The journal goes before the rest of the scratch folder: without it the leftovers mean nothing. */
export async function removeJournal(scratch: string): Promise<void> {
  await rm(path.join(scratch, JOURNAL_FILE), { force: true });
  await rm(path.join(scratch, COMMITTED_FILE), { force: true });
}
