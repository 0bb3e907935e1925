// The whole job, shared by the extension and the CLI: lock the destination, recover what a killed
// earlier run left, download the run's zip into a private scratch folder beside the destination,
// extract it safely, and clean up whatever happens.
import { mkdir, realpath, rmdir, stat, utimes } from 'node:fs/promises';
import * as path from 'node:path';
import { GumloopError, filesystemError, throwIfAborted } from '../errors';
import type { RecoveryOutcome } from '../archive/commit';
import { pathKind } from '../archive/pathKind';
import { shortName } from '../text';
import { acquireDestinationLock, lockFolderFor, type DestinationLock } from './destinationLock';
import { cleanUpScratch, createScratch, removeScratch, scratchParent } from './scratch';
import type { ConflictPolicy, ConflictResolver } from '../archive/conflicts';
import { extractArchive, type ExtractProgress, type ExtractResult } from '../archive/extract';
import type { ArchiveLimits } from '../archive/limits';
import { notRequestedMessage } from '../archive/requested';
import type { DownloadProgress, DownloadRequest } from '../gumloop/types';
import { cleanLine } from '../sanitize';

/** The part of GumloopClient this needs; tests and the CLI pass the real client. */
export interface FileDownloader {
  downloadFiles(request: DownloadRequest, destinationFile: string, options: { signal?: AbortSignal; onProgress?: (progress: DownloadProgress) => void }): Promise<{ bytes: number }>;
}

export type DownloadEvent =
  | ({ phase: 'download' } & DownloadProgress)
  | ({ phase: 'extract' } & ExtractProgress);

export interface DownloadRunOptions {
  client: FileDownloader;
  request: DownloadRequest;
  destination: string;
  onConflict: ConflictPolicy | ConflictResolver;
  limits?: Partial<ArchiveLimits>;
  signal?: AbortSignal;
  onProgress?: (event: DownloadEvent) => void;
  /** Told once when files start moving one by one into an existing destination. */
  onCommit?: () => void;
  /** One line per interrupted earlier download into this destination that was finished or undone. */
  onRecovery?: (message: string) => void;
  /** Who is downloading, for the lock: shown to a second download into the same folder. */
  owner?: string;
  /** Remembers the destination while the download runs, so a later start can recover it. */
  inFlight?: { add(destination: string): Promise<void>; remove(destination: string): Promise<void> };
}

export interface DownloadRunResult extends ExtractResult {
  destination: string;
  archiveBytes: number;
}

/** A run's files: its zip fetched into scratch, checked, extracted and committed (see withLockedDestination). */
export async function downloadRun(options: DownloadRunOptions): Promise<DownloadRunResult> {
  return withLockedDestination(options, async (destination, workDir) => {
    const archivePath = path.join(workDir, 'download.zip');
    const { bytes } = await options.client.downloadFiles(options.request, archivePath, {
      signal: options.signal,
      onProgress: (progress) => options.onProgress?.({ phase: 'download', ...progress }),
    });
    throwIfAborted(options.signal);
    const result = await extractArchive({
      archivePath,
      destination,
      workDir,
      onConflict: options.onConflict,
      limits: options.limits,
      signal: options.signal,
      // Only the requested names are written, whatever else the archive holds (see archive/requested.ts).
      requested: options.request.fileNames,
      onPlan: (files, notRequested) => {
        if (files.length === 0) {
          const others = notRequested.length ? ` ${notRequestedMessage(notRequested)}` : '';
          throw new GumloopError('missing-files', `Run “${options.request.runId}” returned none of the requested files (${shortName(cleanLine(options.request.fileNames.join(', ')))}).${others} Check the file names in the run's outputs.`);
        }
      },
      onProgress: (progress) => options.onProgress?.({ phase: 'extract', ...progress }),
      onCommit: options.onCommit,
    });
    return { ...result, destination, archiveBytes: bytes };
  });
}

/** What every download into a folder shares (runs' zips and agents' artifacts alike). */
export interface LockedDestinationOptions {
  destination: string;
  signal?: AbortSignal;
  onRecovery?: (message: string) => void;
  owner?: string;
  inFlight?: DownloadRunOptions['inFlight'];
}

/**
 * The frame of every download, whatever it fetches. Order matters: resolve the destination, take
 * its lock, finish or undo whatever an earlier, killed download into it left (before anything
 * else), clean up abandoned scratch folders, and only then let `work` fetch into its private
 * scratch folder and commit (archive/commit.ts). The lock is released last, after the scratch
 * folder is gone.
 */
export async function withLockedDestination<T>(options: LockedDestinationOptions, work: (destination: string, workDir: string) => Promise<T>): Promise<T> {
  const destination = await resolveDestination(options.destination);
  throwIfAborted(options.signal);
  // When the lock and scratch must go inside the destination (its parent is read-only), a failed
  // download would still change the folder's modification time: remember it to put it back.
  const before = lockFolderFor(destination) === destination ? await stat(destination).catch(() => undefined) : undefined;
  const { lock, createdParents } = await lockDestination(destination, options.owner ?? 'gumloop-files');
  let workDir: string | undefined;
  let keepWorkDir = false;
  let succeeded = false;
  try {
    await options.inFlight?.add(destination);
    await recoverDestination(destination, options.onRecovery);
    workDir = createScratch(await scratchParent(destination), destination);
    const result = await work(destination, workDir);
    succeeded = true;
    return result;
  } catch (error) {
    if (error instanceof GumloopError && error.preserve === workDir) keepWorkDir = true;
    throw filesystemError(error, `write into “${shortName(path.basename(destination))}”`);
  } finally {
    // A failure to remove scratch must not turn a finished download into an error: it carries its
    // marker, and the next run into this folder removes it.
    if (workDir && !keepWorkDir) await removeScratch(workDir);
    // Kept scratch holds originals and a journal: the next start must still know of it.
    if (!keepWorkDir) await options.inFlight?.remove(destination).catch(() => undefined);
    lock.release();
    if (!succeeded && before && !keepWorkDir) await utimes(destination, before.atime, before.mtime).catch(() => undefined);
    // After the lock is gone, or the folder holding it would not be empty; one another download
    // has meanwhile locked in is not empty either, and stays.
    if (!succeeded) for (const folder of createdParents.reverse()) await rmdir(folder).catch(() => undefined);
  }
}

/**
 * With the lock held: finishes or undoes an interrupted commit into `destination` and removes
 * abandoned scratch folders beside it. Says what it did through `onRecovery`, one line each.
 */
export async function recoverDestination(destination: string, onRecovery?: (message: string) => void): Promise<void> {
  const parents = new Set([path.dirname(destination), await scratchParent(destination)]);
  for (const parent of parents) {
    for (const outcome of await cleanUpScratch(parent, destination)) {
      if (outcome) onRecovery?.(recoveryMessage(outcome));
    }
  }
}

export function recoveryMessage(outcome: NonNullable<RecoveryOutcome>): string {
  const name = shortName(outcome.destination);
  const files = `${outcome.files.toLocaleString('en-US')} file${outcome.files === 1 ? '' : 's'}`;
  return outcome.outcome === 'finished'
    ? `Finished an interrupted download into “${name}” (${files} moved into place).`
    : `Undid an interrupted download into “${name}”: its ${files} were put back as they were (${outcome.reason ?? 'the folder changed'}).`;
}

/** Takes the lock beside `destination`, creating its missing parent folders first (so two new-folder downloads meet at one lock). */
async function lockDestination(destination: string, owner: string): Promise<{ lock: DestinationLock; createdParents: string[] }> {
  const createdParents: string[] = [];
  for (let attempt = 0; ; attempt++) {
    try {
      await makeParents(path.dirname(destination), createdParents);
      return { lock: acquireDestinationLock(destination, owner), createdParents };
    } catch (error) {
      // Another download removed a parent it had created, between our mkdir and our lock.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && attempt < 3) continue;
      for (const folder of createdParents.reverse()) await rmdir(folder).catch(() => undefined);
      if (error instanceof GumloopError) throw error;
      throw new GumloopError('filesystem', `Cannot write into “${shortName(path.dirname(destination))}” (${(error as NodeJS.ErrnoException).code ?? 'error'}). Choose another folder or fix its permissions.`, { cause: error });
    }
  }
}

async function makeParents(folder: string, created: string[]): Promise<void> {
  const missing: string[] = [];
  for (let current = folder; ; current = path.dirname(current)) {
    const stats = await stat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (stats?.isDirectory()) break;
    if (stats) throw new GumloopError('filesystem', `“${shortName(current)}” is a file, not a folder. Choose another download folder.`);
    if (path.dirname(current) === current) break;
    missing.unshift(current);
  }
  for (const dir of missing) {
    await mkdir(dir).then(
      () => created.push(dir),
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      },
    );
  }
}

/** A destination that is a link to a folder is followed, once: the link itself is never replaced. */
async function resolveDestination(destination: string): Promise<string> {
  const absolute = path.resolve(destination);
  const kind = await pathKind(absolute);
  if (kind === 'missing') return absolute;
  if (kind === 'file') throw new GumloopError('filesystem', `“${shortName(absolute)}” is a file, not a folder. Choose another download folder.`);
  if (kind === 'folder') return absolute;
  const target = await realpath(absolute).catch(() => undefined);
  if (!target) throw new GumloopError('filesystem', `“${shortName(absolute)}” is a link to something that does not exist. Remove the link or choose another folder.`);
  if (!(await stat(target)).isDirectory()) throw new GumloopError('filesystem', `“${shortName(absolute)}” is a link to a file, not a folder. Choose another download folder.`);
  return target;
}
