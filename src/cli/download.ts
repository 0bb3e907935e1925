// `gumloop-files download`: a run's files into a folder, all or nothing.
import * as path from 'node:path';
import { CONFLICT_POLICIES, type ConflictPolicy } from '../archive/conflicts';
import { downloadRun, type DownloadRunResult } from '../download/downloadRun';
import type { DownloadRequest } from '../gumloop/types';
import { cleanLine } from '../sanitize';
import { parseFileNames, validateRunId } from '../validation';
import { checkOptions, seconds, usage, type CliValues } from './args';
import type { CommandContext } from './context';
import { EXIT } from './exitCodes';

export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 60;

export async function downloadCommand(context: CommandContext): Promise<number> {
  const { values } = context;
  checkOptions('download', values, ['run-id', 'file', 'saved-item-id', 'out', 'on-conflict', 'timeout']);
  const runId = validateRunId(values['run-id'] ?? '');
  if (!runId.ok) throw usage(runId.reason);
  const files = parseFileNames((values.file ?? []).join(','));
  if (!files.ok) throw usage(files.reason);
  const target = downloadTarget(values);
  const timeout = seconds(values.timeout, '--timeout', DEFAULT_REQUEST_TIMEOUT_SECONDS) ?? DEFAULT_REQUEST_TIMEOUT_SECONDS;
  const { client } = context.connect(timeout);
  const result = await downloadFiles(context, client, { runId: runId.value, fileNames: files.value, savedItemId: values['saved-item-id'] }, target);
  reportDownload(context, result);
  return EXIT.ok;
}

export interface DownloadTarget {
  out: string;
  policy: ConflictPolicy;
}

/** --out and --on-conflict, checked before anything is sent. */
export function downloadTarget(values: CliValues): DownloadTarget {
  const policy = (values['on-conflict'] ?? 'fail') as ConflictPolicy;
  if (!CONFLICT_POLICIES.includes(policy)) throw usage(`--on-conflict must be one of ${CONFLICT_POLICIES.join(', ')}`);
  return { out: path.resolve(values.out ?? '.'), policy };
}

/** Downloads exactly as `download` does, for `run --download` and `watch --download`. */
export function downloadFiles(context: CommandContext, client: Parameters<typeof downloadRun>[0]['client'], request: DownloadRequest, target: DownloadTarget): Promise<DownloadRunResult> {
  return downloadRun({
    client,
    request,
    destination: target.out,
    onConflict: target.policy,
    signal: context.signal,
    owner: 'gumloop-files CLI',
    onCommit: () => context.markMoving(),
    onRecovery: (message) => context.stderr(`gumloop-files: ${message}\n`),
  });
}

/** Warnings to stderr; the written paths, relative to --out, one per line, folders ending in / (unless --json). */
export function reportDownload(context: CommandContext, result: DownloadRunResult): void {
  // Names come from the run's outputs and archive: shown cleaned (the files on disk keep theirs).
  for (const name of result.missing) context.stderr(`gumloop-files: warning: “${cleanLine(name)}” was not in the run's archive\n`);
  if (result.skipped.length) context.stderr(`gumloop-files: skipped ${result.skipped.length} existing file(s)\n`);
  if (!context.values.json) context.stdout([...result.written, ...result.folders.map((folder) => `${folder}/`)].map((line) => `${cleanLine(line)}\n`).join(''));
}
