// Watching a run to its end for `run --wait` and `watch`: new log lines to stderr as they come,
// the exit code from the final state, then (with --download) its files, exactly like `download`.
import { GumloopError, isGumloopError } from '../errors';
import type { GumloopClient } from '../gumloop/client';
import { killPipeline, type StartedRun } from '../gumloop/pipelines';
import type { RunInfo } from '../gumloop/types';
import { lastLogLines, outputFileNames, plainLogLine } from '../remote/runLog';
import { describePhase, runPhase } from '../remote/runState';
import { cleanLine } from '../sanitize';
import { watchRun, type Clock } from '../remote/runWatcher';
import type { CommandContext } from './context';
import { downloadFiles, reportDownload, type DownloadTarget } from './download';
import { EXIT, exitCodeForRun } from './exitCodes';

export interface FollowOptions {
  runId: string;
  savedItemId?: string;
  started?: StartedRun;
  timeoutSeconds?: number;
  download?: DownloadTarget;
  killOnInterrupt: boolean;
  clock?: Clock;
}

/** How many log lines a failed run prints. */
const FAILURE_LOG_LINES = 10;
/** Ctrl-C with --kill-on-interrupt: how long the kill request may take. */
const KILL_TIMEOUT_MS = 15_000;

export async function followRun(context: CommandContext, client: GumloopClient, options: FollowOptions): Promise<number> {
  const { runId } = options;
  let lastState: string | undefined;
  let result;
  try {
    result = await watchRun({
      runId,
      getRun: (id, call) => client.getRun(id, call),
      signal: context.signal,
      timeoutMs: options.timeoutSeconds === undefined ? undefined : options.timeoutSeconds * 1000,
      clock: options.clock,
      onUpdate: (update) => {
        if (update.run.state !== lastState) {
          lastState = update.run.state;
          context.stderr(`gumloop-files: run ${runId} is ${describePhase(update.phase)} (${update.run.state})\n`);
        }
        for (const line of update.newLogLines) context.stderr(`  ${plainLogLine(line)}\n`);
      },
      onTransientError: (error) => context.stderr(`gumloop-files: warning: ${error.message} (still watching)\n`),
    });
  } catch (error) {
    if (isGumloopError(error, 'cancelled') || context.signal.aborted) throw await interrupted(client, options);
    throw error;
  }

  const { run, phase, timedOut } = result;
  const code = exitCodeForRun(phase, timedOut);
  let written: string[] = [];
  if (timedOut) {
    context.stderr(`gumloop-files: run ${runId} is still ${describePhase(phase)} after ${options.timeoutSeconds} s; it goes on in Gumloop. Wait again with: gumloop-files watch --run-id ${runId}\n`);
  } else if (code !== EXIT.ok) {
    context.stderr(`gumloop-files: run ${runId} ${run.state}. Its last log lines:\n`);
    for (const line of lastLogLines(run.log, FAILURE_LOG_LINES)) context.stderr(`  ${line}\n`);
  } else if (options.download) {
    const fileNames = outputFileNames(run.outputs);
    if (fileNames.length === 0) {
      throw new GumloopError('missing-files', `Run ${runId} finished, but its outputs name no files to download (output names: ${Object.keys(run.outputs).map(cleanLine).join(', ') || 'none'}). Drop --download, or give the flow an output that names its files.`);
    }
    const downloaded = await downloadFiles(context, client, { runId, fileNames, savedItemId: options.savedItemId }, options.download);
    reportDownload(context, downloaded);
    written = downloaded.written;
  }
  if (context.values.json) context.stdout(`${JSON.stringify(jsonReport(options, run, result.elapsedMs, timedOut, written))}\n`);
  return code;
}

/** Ctrl-C: stop watching; with --kill-on-interrupt also ask Gumloop to stop the run. */
async function interrupted(client: GumloopClient, options: FollowOptions): Promise<GumloopError> {
  const { runId } = options;
  if (!options.killOnInterrupt) {
    return new GumloopError('cancelled', `Stopped watching. Run ${runId} keeps running in Gumloop; watch it again with: gumloop-files watch --run-id ${runId}`);
  }
  try {
    await killPipeline(client, runId, { signal: AbortSignal.timeout(KILL_TIMEOUT_MS) });
    return new GumloopError('cancelled', `Stopped watching and asked Gumloop to stop run ${runId}.`);
  } catch (error) {
    const why = isGumloopError(error) ? error.message : String(error);
    return new GumloopError('cancelled', `Stopped watching, but could not stop run ${runId} on Gumloop: ${why} Stop it in Gumloop.`);
  }
}

/** --json: one object for scripts. Field names are part of the CLI's interface. */
export function jsonReport(options: FollowOptions, run: RunInfo, elapsedMs: number, timedOut: boolean, written: string[]) {
  return {
    runId: options.runId,
    flowId: options.savedItemId ?? null,
    url: options.started?.url ?? null,
    state: run.state,
    phase: runPhase(run.state),
    timedOut,
    createdTs: run.createdTs ?? null,
    finishedTs: run.finishedTs ?? null,
    watchedMs: Math.round(elapsedMs),
    outputs: run.outputs,
    files: written,
  };
}
