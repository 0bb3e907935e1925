// Agents' artifacts into a folder: the same job as downloadRun (one lock, recovery, a private
// scratch folder, the conflict policies, one journaled commit), with another fetch. Each
// artifact gets one safe, unique file name (artifactNames.ts); conflicts with files already in
// the folder are decided for all before anything is fetched; each file is fetched from a fresh
// signed URL (gumloop/signedUrl.ts: no Gumloop credential, size checked) into scratch; only when
// every one is complete are they moved into place together (archive/commit.ts).
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { GumloopError, throwIfAborted } from '../errors';
import { commitStaged, type StagedFile } from '../archive/commit';
import { runPool } from '../archive/extract';
import { resolveConflicts, type ConflictPolicy, type ConflictResolver } from '../archive/conflicts';
import { stagedPath, STAGING_FOLDER } from '../archive/journal';
import { DEFAULT_LIMITS, formatBytes, type ArchiveLimits } from '../archive/limits';
import { getArtifactDownload, type AgentsApi, type Artifact } from '../gumloop/agents';
import type { SignedFetchOptions } from '../gumloop/signedUrl';
import { shortName } from '../text';
import { artifactFileNames, type NamedArtifact } from './artifactNames';
import { withLockedDestination, type LockedDestinationOptions } from './downloadRun';

/** The part of GumloopClient this needs; tests and the CLI pass the real client. */
export interface ArtifactFetcher extends AgentsApi {
  downloadSignedUrl(url: string, destinationFile: string, options: SignedFetchOptions): Promise<number>;
}

export interface ArtifactProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  /** The sum of the declared sizes, when every artifact declared one. */
  bytesTotal?: number;
}

export interface DownloadArtifactsOptions extends LockedDestinationOptions {
  client: ArtifactFetcher;
  /** As listed (listArtifacts); `versionId` is downloaded when set (only ids the API listed). */
  artifacts: readonly Pick<Artifact, 'id' | 'filename' | 'size' | 'versionId' | 'majorVersion'>[];
  onConflict: ConflictPolicy | ConflictResolver;
  /** maxEntries bounds the number of artifacts, maxTotalBytes their sum. */
  limits?: Partial<ArchiveLimits>;
  onProgress?: (progress: ArtifactProgress) => void;
  /** Told once when files start moving one by one into an existing destination. */
  onCommit?: () => void;
}

export interface WrittenArtifact {
  artifactId: string;
  versionId?: string;
  majorVersion?: number;
  /** Relative to the destination, `/`-separated. */
  path: string;
  bytes: number;
}

export interface DownloadArtifactsResult {
  destination: string;
  written: WrittenArtifact[];
  /** Relative paths that already existed and were skipped (policy skip). */
  skipped: string[];
  overwritten: string[];
  /** Artifacts whose name was changed: made safe, or made unique (`name (2).ext`). Say these. */
  renamed: { artifactId: string; from: string; to: string; why: string }[];
}

/** Artifacts fetched at once: the storage host is fast, but the machine is shared. */
const FETCH_CONCURRENCY = 3;

export async function downloadArtifacts(options: DownloadArtifactsOptions): Promise<DownloadArtifactsResult> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  if (options.artifacts.length === 0) throw new GumloopError('missing-files', 'There are no artifacts to download. Check the agent and session IDs, or the artifact IDs.');
  if (options.artifacts.length > limits.maxEntries) {
    throw new GumloopError('archive-limit', `${options.artifacts.length.toLocaleString('en-US')} artifacts are more than the limit of ${limits.maxEntries.toLocaleString('en-US')}. Download one session at a time.`);
  }
  const declaredTotal = options.artifacts.reduce((sum, artifact) => sum + (artifact.size ?? 0), 0);
  if (declaredTotal > limits.maxTotalBytes) {
    throw new GumloopError('archive-limit', `The artifacts add up to ${formatBytes(declaredTotal)}, more than the size limit of ${formatBytes(limits.maxTotalBytes)}. Nothing was written. Download fewer at a time, or raise the size limit.`);
  }
  const named = artifactFileNames(options.artifacts);
  const renamed = named.filter((item) => item.changed || item.clashedWith).map((item) => renamedEntry(item, options.artifacts.find((artifact) => artifact.id === item.id)?.filename));

  return withLockedDestination(options, async (destination, workDir) => {
    const resolutions = await resolveConflicts(destination, named.map((item) => item.name), [], options.onConflict);
    throwIfAborted(options.signal);
    const result: DownloadArtifactsResult = { destination, written: [], skipped: [], overwritten: [], renamed };
    const jobs: (StagedFile & { artifact: DownloadArtifactsOptions['artifacts'][number] })[] = [];
    resolutions.forEach((resolution, index) => {
      if (resolution.action === 'skip') {
        result.skipped.push(named[index].name);
        return;
      }
      jobs.push({ target: resolution.target, overwrite: resolution.action === 'overwrite', artifact: options.artifacts[index] });
      if (resolution.action === 'overwrite') result.overwritten.push(resolution.target);
    });
    if (jobs.length === 0) return result;

    await mkdir(path.join(workDir, STAGING_FOLDER));
    const everyDeclared = options.artifacts.every((artifact) => artifact.size !== undefined);
    const progress: ArtifactProgress = { filesDone: 0, filesTotal: jobs.length, bytesDone: 0, bytesTotal: everyDeclared ? jobs.reduce((sum, job) => sum + (job.artifact.size ?? 0), 0) : undefined };
    options.onProgress?.({ ...progress });
    let bytesAll = 0;
    const written = new Map<string, WrittenArtifact>();
    // The first failure ends the fetches still in flight too, not only the ones not yet started.
    const stop = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    const fetchOne = async (job: (typeof jobs)[number]) => {
      throwIfAborted(signal);
      const what = `artifact “${shortName(job.target)}”`;
      // A fresh signed URL for each: one from the list may have expired meanwhile.
      const answer = await getArtifactDownload(options.client, job.artifact.id, job.artifact.versionId, { signal });
      let before = 0;
      const bytes = await options.client.downloadSignedUrl(answer.downloadUrl, stagedPath(workDir, job.target), {
        what,
        expectedBytes: answer.size ?? job.artifact.size,
        maxBytes: limits.maxTotalBytes - bytesAll,
        signal,
        onProgress: (received) => {
          progress.bytesDone += received - before;
          before = received;
          options.onProgress?.({ ...progress });
        },
      });
      bytesAll += bytes;
      if (bytesAll > limits.maxTotalBytes) {
        throw new GumloopError('archive-limit', `The artifacts add up to more than the size limit of ${formatBytes(limits.maxTotalBytes)}. Nothing was written. Download fewer at a time, or raise the size limit.`);
      }
      progress.filesDone++;
      options.onProgress?.({ ...progress });
      written.set(job.target, { artifactId: job.artifact.id, versionId: job.artifact.versionId, majorVersion: job.artifact.majorVersion, path: job.target, bytes });
    };
    let first: { error: unknown } | undefined;
    await runPool(jobs, FETCH_CONCURRENCY, (job) =>
      fetchOne(job).catch((error: unknown) => {
        first ??= { error };
        stop.abort();
        throw error;
      }),
    ).catch(() => {
      // The failure that came first, not the cancels it caused in the other lanes.
      throw first!.error;
    });
    throwIfAborted(options.signal);
    await commitStaged({ scratch: workDir, destination, files: jobs, signal: options.signal, onMoving: options.onCommit });
    result.written = jobs.map((job) => written.get(job.target)!);
    return result;
  });
}

function renamedEntry(item: NamedArtifact, original: string | undefined): DownloadArtifactsResult['renamed'][number] {
  const why = [item.changed, item.clashedWith ? `another artifact in this folder is also named “${shortName(item.clashedWith)}”` : undefined].filter(Boolean).join('; ');
  return { artifactId: item.id, from: original ?? '', to: item.name, why };
}
