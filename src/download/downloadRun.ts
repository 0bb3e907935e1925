// The whole job, shared by the extension and the CLI: download the run's zip into a private
// scratch folder beside the destination, extract it safely, and clean up whatever happens.
import { lstat, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { GumloopError, throwIfAborted } from '../errors';
import type { ConflictPolicy, ConflictResolver } from '../archive/conflicts';
import { extractArchive, type ExtractProgress, type ExtractResult } from '../archive/extract';
import type { ArchiveLimits } from '../archive/limits';
import type { DownloadProgress, DownloadRequest } from '../gumloop/types';

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
}

export interface DownloadRunResult extends ExtractResult {
  destination: string;
  archiveBytes: number;
  /** Requested names the archive did not contain. */
  missing: string[];
}

/** Prefix of the scratch folders; a leftover one (after a crash) is safe to delete. */
export const SCRATCH_PREFIX = '.gumloop-download-';

export async function downloadRun(options: DownloadRunOptions): Promise<DownloadRunResult> {
  const destination = path.resolve(options.destination);
  const anchor = await nearestExistingFolder(destination);
  throwIfAborted(options.signal);
  await removeStaleScratch(anchor);
  const workDir = await mkdtemp(path.join(anchor, SCRATCH_PREFIX)).catch((cause: unknown) => {
    throw new GumloopError('filesystem', `Cannot write into “${anchor}” (${(cause as NodeJS.ErrnoException).code ?? 'error'}). Choose another folder or fix its permissions.`, { cause });
  });
  let keepWorkDir = false;
  try {
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
      onPlan: (files) => {
        if (files.length === 0) {
          throw new GumloopError('missing-files', `Run “${options.request.runId}” returned none of the requested files (${options.request.fileNames.join(', ')}). Check the file names in the run's outputs.`);
        }
      },
      onProgress: (progress) => options.onProgress?.({ phase: 'extract', ...progress }),
    });
    return { ...result, destination, archiveBytes: bytes, missing: missingNames(options.request.fileNames, result.archiveFiles) };
  } catch (error) {
    if (error instanceof GumloopError && error.preserve === workDir) keepWorkDir = true;
    throw error;
  } finally {
    // A leftover scratch folder is harmless (and named so it is recognisable); a failure to
    // remove it must not turn a finished download into an error.
    if (!keepWorkDir) await rm(workDir, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
  }
}

/** Scratch folders a day old were left by a crash or a killed window: their downloads are over. */
async function removeStaleScratch(folder: string): Promise<void> {
  const dayAgo = Date.now() - 24 * 3600_000;
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.startsWith(SCRATCH_PREFIX))) {
    const full = path.join(folder, name);
    const stats = await lstat(full).catch(() => undefined);
    if (stats?.isDirectory() && stats.mtimeMs < dayAgo) await rm(full, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** A requested name counts as found when an archive path equals it, ends with it, or lies under it. */
export function missingNames(requested: readonly string[], archiveFiles: readonly string[]): string[] {
  return requested.filter((name) => {
    const wanted = name.replace(/\\/g, '/').replace(/^\/+|\/+$/g, '');
    return !archiveFiles.some((file) => file === wanted || file.endsWith(`/${wanted}`) || file.startsWith(`${wanted}/`));
  });
}

async function nearestExistingFolder(target: string): Promise<string> {
  for (let current = target; ; current = path.dirname(current)) {
    try {
      const stats = await stat(current);
      if (stats.isDirectory()) return current;
      throw new GumloopError('filesystem', `“${current}” is a file, not a folder. Choose another download folder.`);
    } catch (error) {
      if (error instanceof GumloopError) throw error;
      if (path.dirname(current) === current) throw error;
    }
  }
}
