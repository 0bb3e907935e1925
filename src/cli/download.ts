// `gumloop-files download`: a run's files into a folder, all or nothing.
import * as path from 'node:path';
import { CONFLICT_POLICIES, type ConflictPolicy } from '../archive/conflicts';
import { DEFAULT_LIMITS, type ArchiveLimits } from '../archive/limits';
import { notRequestedMessage } from '../archive/requested';
import { downloadRun, type DownloadRunResult } from '../download/downloadRun';
import type { DownloadRequest } from '../gumloop/types';
import { GumloopError } from '../errors';
import { MAX_OUTPUT_FILES } from '../runs/outputs';
import { cleanLine } from '../sanitize';
import { parseFileNames, validateRunId } from '../validation';
import { checkOptions, seconds, usage, type CliValues } from './args';
import type { CommandContext } from './context';
import { EXIT } from './exitCodes';
import { namesFrom } from './filesFrom';
import { downloadArtifactsCommand } from './artifactDownload';

export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 60;

export async function downloadCommand(context: CommandContext): Promise<number> {
  const { values } = context;
  // An agent's artifacts rather than a run's files (cli/artifactDownload.ts).
  if (values.agent !== undefined) return downloadArtifactsCommand(context);
  checkOptions('download', values, ['run-id', 'file', 'files-from', 'saved-item-id', 'out', ...TARGET_OPTIONS, 'timeout', 'json']);
  const runId = validateRunId(values['run-id'] ?? '');
  if (!runId.ok) throw usage(runId.reason);
  const fileNames = await requestedNames(values);
  const target = downloadTarget(values);
  // download's --timeout is the silence limit that every command now calls --request-timeout; it stays for scripts.
  if (values.timeout !== undefined && values['request-timeout'] !== undefined) throw usage('give --request-timeout or --timeout (its earlier name), not both');
  const timeout = seconds(values.timeout, '--timeout', DEFAULT_REQUEST_TIMEOUT_SECONDS) ?? DEFAULT_REQUEST_TIMEOUT_SECONDS;
  context.note({ runId: runId.value });
  const { client } = context.connect(timeout);
  const result = await downloadFiles(context, client, { runId: runId.value, fileNames, savedItemId: values['saved-item-id'] }, target);
  reportDownload(context, result);
  if (values.json) context.json({ runId: runId.value, files: result.written, folders: result.folders, skipped: result.skipped, missing: result.missing, notRequested: result.notRequested, exitCode: EXIT.ok });
  return EXIT.ok;
}

/** --file (repeated or comma-separated) and --files-from together, duplicates dropped. */
async function requestedNames(values: CliValues): Promise<string[]> {
  if (!values.file?.length && values['files-from'] === undefined) throw usage('download needs --file <name> or --files-from <path>');
  const names = new Set<string>();
  if (values.file?.length) {
    const files = parseFileNames(values.file.join(','));
    if (!files.ok) throw usage(files.reason);
    for (const name of files.value) names.add(name);
  }
  if (values['files-from'] !== undefined) for (const name of await namesFrom(values['files-from'])) names.add(name);
  return [...names];
}

export interface DownloadTarget {
  out: string;
  policy: ConflictPolicy;
  /** At most this many names in one download (--max-files). */
  maxFiles: number;
  /** The archive limits --max-size and --max-entries set (as gumloop.maxExtractSize does in the editor); the defaults otherwise. */
  limits: ArchiveLimits;
}

/** The options that say where and how a download writes: `run` and `watch` take them with --download only. */
export const TARGET_OPTIONS = ['out', 'on-conflict', 'max-files', 'max-size', 'max-entries'] as const;

/** Refuses download options given to `run` or `watch` without --download. */
export function checkTargetNeedsDownload(values: CliValues): void {
  if (values.download) return;
  const stray = TARGET_OPTIONS.find((name) => values[name] !== undefined);
  if (stray) throw usage(`--${stray} needs --download (it shapes the download)`);
}

/** The largest --max-size, in MB: the editor's gumloop.maxExtractSize goes no higher (1 TiB). */
export const MAX_SIZE_LIMIT_MB = 1024 * 1024;

/** --out, --on-conflict, --max-files, --max-size and --max-entries, checked before anything is sent. */
export function downloadTarget(values: CliValues): DownloadTarget {
  const policy = (values['on-conflict'] ?? 'fail') as ConflictPolicy;
  if (!CONFLICT_POLICIES.includes(policy)) throw usage(`--on-conflict must be one of ${CONFLICT_POLICIES.join(', ')}`);
  const maxFiles = values['max-files'] === undefined ? MAX_OUTPUT_FILES : Number(values['max-files']);
  if (!Number.isSafeInteger(maxFiles) || maxFiles < 1) throw usage('--max-files must be a whole number of files, at least 1');
  const maxSizeMB = values['max-size'] === undefined ? DEFAULT_LIMITS.maxTotalBytes / 1024 ** 2 : Number(values['max-size']);
  if (!Number.isSafeInteger(maxSizeMB) || maxSizeMB < 1 || maxSizeMB > MAX_SIZE_LIMIT_MB) throw usage(`--max-size must be a whole number of MB from 1 to ${MAX_SIZE_LIMIT_MB}`);
  const maxEntries = values['max-entries'] === undefined ? DEFAULT_LIMITS.maxEntries : Number(values['max-entries']);
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) throw usage('--max-entries must be a whole number of archive entries, at least 1');
  return { out: path.resolve(values.out ?? '.'), policy, maxFiles, limits: { maxTotalBytes: maxSizeMB * 1024 ** 2, maxEntries } };
}

/** More names than the limit are refused before anything is requested, with the number and the flag that raises it. */
function checkFileCount(runId: string, count: number, maxFiles: number): void {
  if (count <= maxFiles) return;
  const n = (value: number) => value.toLocaleString('en-US');
  throw new GumloopError('archive-limit', `Run ${runId}: ${n(count)} files to download, more than the limit of ${n(maxFiles)} per download. Nothing was downloaded. To download them all, add --max-files ${count}.`);
}

/** Downloads exactly as `download` does, for `run --download` and `watch --download`. */
export function downloadFiles(context: CommandContext, client: Parameters<typeof downloadRun>[0]['client'], request: DownloadRequest, target: DownloadTarget): Promise<DownloadRunResult> {
  checkFileCount(request.runId, request.fileNames.length, target.maxFiles);
  return downloadRun({ client, request, destination: target.out, ...engineOptions(context, target) });
}

/** What every CLI download (run files or artifacts) tells the engine: the target's policy and limits, and the CLI's own signal and reporting. */
export function engineOptions(context: CommandContext, target: DownloadTarget) {
  return {
    onConflict: target.policy,
    limits: target.limits,
    signal: context.signal,
    owner: 'gumloop-files CLI',
    onCommit: () => context.markMoving(),
    onRecovery: (message: string) => context.stderr(`gumloop-files: ${message}\n`),
  };
}

/** Warnings to stderr; the written paths, relative to --out, one per line, folders ending in / (unless --json). */
export function reportDownload(context: CommandContext, result: DownloadRunResult): void {
  // Names come from the run's outputs and archive: shown cleaned (the files on disk keep theirs).
  for (const name of result.missing) context.stderr(`gumloop-files: warning: “${cleanLine(name)}” was not in the run's archive\n`);
  if (result.notRequested.length) context.stderr(`gumloop-files: warning: ${notRequestedMessage(result.notRequested)}\n`);
  if (result.skipped.length) context.stderr(`gumloop-files: skipped ${result.skipped.length} existing file(s)\n`);
  if (!context.values.json) writeLines(context, result.written, result.folders);
}

/** Output written in pieces of this many characters: 100,000 paths joined at once were ~10 MB of heap at the peak. */
const OUTPUT_PIECE = 64 * 1024;

function writeLines(context: CommandContext, files: readonly string[], folders: readonly string[]): void {
  let piece = '';
  const add = (line: string) => {
    piece += `${cleanLine(line)}\n`;
    if (piece.length >= OUTPUT_PIECE) {
      context.stdout(piece);
      piece = '';
    }
  };
  for (const file of files) add(file);
  for (const folder of folders) add(`${folder}/`);
  if (piece) context.stdout(piece);
}
