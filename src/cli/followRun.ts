// Watching a run to its end for `run --wait` and `watch`: new log lines to stderr as they come,
// the exit code from the final state, then (with --download) its files, exactly like `download`.
import { GumloopError, isGumloopError } from '../errors';
import type { GumloopClient } from '../gumloop/client';
import { killPipeline, type StartedRun } from '../gumloop/pipelines';
import type { RunInfo } from '../gumloop/types';
import { lastLogLines, outputFileNames, plainLogLine } from '../remote/runLog';
import { startDeadline, type Deadline } from '../remote/deadline';
import { describePhase, runPhase } from '../remote/runState';
import { realClock, STOPPING_LIMIT_MS, watchRun, type Clock } from '../remote/runWatcher';
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

export async function followRun(context: CommandContext, client: GumloopClient, options: FollowOptions): Promise<number> {
  const clock = options.clock ?? realClock;
  // One deadline for the whole wait and the download after it: --timeout is wall-clock time.
  const deadline = options.timeoutSeconds === undefined ? undefined : startDeadline(clock, options.timeoutSeconds * 1000, context.signal);
  try {
    return await follow(context, client, options, deadline);
  } finally {
    deadline?.clear();
  }
}

async function follow(context: CommandContext, client: GumloopClient, options: FollowOptions, deadline: Deadline | undefined): Promise<number> {
  const { runId } = options;
  let lastState: string | undefined;
  let result;
  try {
    result = await watchRun({
      runId,
      getRun: (id, call) => client.getRun(id, call),
      signal: context.signal,
      deadline,
      clock: options.clock,
      onUpdate: (update) => {
        if (update.run.state !== lastState) {
          lastState = update.run.state;
          context.stderr(`gumloop-files: run ${runId} is ${describePhase(update.phase)} (${update.run.state})\n`);
        }
        for (const line of update.newLogLines) context.stderr(`  ${plainLogLine(line)}\n`);
      },
      onTransientError: (error, trouble) =>
        context.stderr(`gumloop-files: warning: ${error.message} (${trouble.text}; still watching, next try in ${Math.round(trouble.nextPollMs / 1000)} s)\n`),
    });
  } catch (error) {
    if (isGumloopError(error, 'cancelled') || context.signal.aborted) throw await interrupted(client, options);
    if (deadline?.passed() && isGumloopError(error, 'timeout')) {
      // Not one answer about the run before --timeout: still "the time ran out" for scripts.
      context.stderr(`gumloop-files: ${error.message}\n`);
      return EXIT.timeout;
    }
    throw error;
  }

  const { run, phase, timedOut } = result;
  const code = exitCodeForRun(phase, timedOut);
  let written: string[] = [];
  if (timedOut) {
    const trouble = result.trouble ? ` ${result.trouble}.` : '';
    context.stderr(`gumloop-files: run ${runId} is still ${describePhase(phase)} after ${options.timeoutSeconds} s; it goes on in Gumloop.${trouble} Wait again with: gumloop-files watch --run-id ${runId}\n`);
  } else if (phase === 'terminating') {
    context.stderr(`gumloop-files: run ${runId} has been stopping on Gumloop (TERMINATING) for ${STOPPING_LIMIT_MS / 1000} s; it will not finish, so its files were not downloaded. Check it in Gumloop.\n`);
  } else if (code !== EXIT.ok) {
    context.stderr(`gumloop-files: run ${runId} ${run.state}. Its last log lines:\n`);
    for (const line of lastLogLines(run.log, FAILURE_LOG_LINES)) context.stderr(`  ${line}\n`);
  } else if (options.download) {
    const fileNames = outputFileNames(run.outputs);
    if (fileNames.length === 0) {
      throw new GumloopError('missing-files', `Run ${runId} finished, but its outputs name no files to download (output names: ${Object.keys(run.outputs).join(', ') || 'none'}). Drop --download, or give the flow an output that names its files.`);
    }
    let downloaded;
    try {
      // The download keeps its own silence timeout; the deadline only ends one that dribbles past --timeout.
      downloaded = await downloadFiles({ ...context, signal: deadline?.signal ?? context.signal }, client, { runId, fileNames, savedItemId: options.savedItemId }, options.download);
    } catch (error) {
      if (!deadline?.passed() || context.signal.aborted) throw error;
      context.stderr(`gumloop-files: run ${runId} finished, but its files did not finish downloading within --timeout ${options.timeoutSeconds} s; nothing was written. Download them with: gumloop-files download --run-id ${runId} ${fileNames.map((name) => `--file ${JSON.stringify(name)}`).join(' ')}\n`);
      return EXIT.timeout;
    }
    reportDownload(context, downloaded);
    written = downloaded.written;
  }
  if (context.values.json) context.stdout(`${JSON.stringify(jsonReport(options, run, result.elapsedMs, timedOut, written))}\n`);
  return code;
}

/** Ctrl-C: stop watching; with --kill-on-interrupt also ask Gumloop to stop the run (bounded: see KILL_TIMEOUT_MS). */
async function interrupted(client: GumloopClient, options: FollowOptions): Promise<GumloopError> {
  const { runId } = options;
  if (!options.killOnInterrupt) {
    return new GumloopError('cancelled', `Stopped watching. Run ${runId} keeps running in Gumloop; watch it again with: gumloop-files watch --run-id ${runId}`);
  }
  const stopItThere = `Stop it on its page in Gumloop${options.started?.url ? ` (${options.started.url})` : ''}.`;
  try {
    await killPipeline(client, runId);
    return new GumloopError('cancelled', `Stopped watching and asked Gumloop to stop run ${runId}.`);
  } catch (error) {
    const why = isGumloopError(error) ? error.message : String(error);
    return new GumloopError('cancelled', `Stopped watching, but could not stop run ${runId} on Gumloop: ${why} ${stopItThere}`);
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
