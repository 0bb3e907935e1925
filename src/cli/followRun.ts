// Watching a run to its end for `run --wait` and `watch`: new log lines to stderr as they come,
// the exit code from the final state, then (with --download) its files, exactly like `download`.
import { GumloopError, isGumloopError } from '../errors';
import type { GumloopClient } from '../gumloop/client';
import { killPipeline, type StartedRun } from '../gumloop/pipelines';
import type { RunInfo } from '../gumloop/types';
import { lastLogLines, outputFileNames, readableLogLine } from '../remote/runLog';
import { startDeadline, type Deadline } from '../remote/deadline';
import { describePhase, runPhase, stateWord } from '../remote/runState';
import { realClock, STOPPING_LIMIT_MS, watchRun, type Clock } from '../remote/runWatcher';
import { cleanLine } from '../sanitize';
import type { SentInput } from '../start/startFlowRun';
import type { CommandContext } from './context';
import { downloadFiles, reportDownload, type DownloadTarget } from './download';
import { EXIT, exitCodeForRun } from './exitCodes';
import { inCliTerms, watchAgainCommand } from './hints';

export interface FollowOptions {
  runId: string;
  savedItemId?: string;
  started?: StartedRun;
  /** What `run` started it with, reported with --json (what a later run with the same inputs needs). */
  inputs?: readonly SentInput[];
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
  context.note({ runId });
  let lastState: string | undefined;
  let streamedLines = 0;
  let rewriteSaid = false;
  let result;
  // In GitHub Actions the run's states and log lines fold into one group, closed however the wait ends.
  context.workflow?.group(`Gumloop run ${runId}: state and log`);
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
          context.note({ state: lastState });
          context.stderr(`gumloop-files: run ${runId} is ${update.phase === 'unknown' ? `in state “${stateWord(update.run.state)}”` : describePhase(update.phase)}\n`);
        }
        if (update.logRewritten && !rewriteSaid) {
          rewriteSaid = true;
          context.stderr("  (the run's log was rewritten)\n");
        }
        for (const line of update.newLogLines) context.stderr(`  ${readableLogLine(line)}\n`);
        streamedLines += update.newLogLines.length;
      },
      onTransientError: (error, trouble) =>
        context.stderr(`gumloop-files: warning: ${inCliTerms(error.message)} (${trouble.text}; still watching, next try in ${Math.round(trouble.nextPollMs / 1000)} s)\n`),
    });
  } catch (error) {
    if (isGumloopError(error, 'cancelled') || context.signal.aborted) throw await interrupted(context, client, options);
    // Not one answer about the run before --timeout: still "the time ran out" for scripts.
    if (deadline?.passed() && isGumloopError(error, 'timeout')) return ranOutOfTime(context, { runId, flowId: options.savedItemId ?? null, state: lastState ?? null }, error.message);
    throw error;
  } finally {
    context.workflow?.endGroup();
  }

  const { run, phase, timedOut } = result;
  const code = exitCodeForRun(phase, timedOut);
  let written: string[] = [];
  let notRequested: string[] = [];
  // With --json, a run that did not end DONE is a failure too: the object says why, as on stderr.
  let failure: { code: 'timeout' | 'run-failed'; message: string } | undefined;
  if (timedOut) {
    const trouble = result.trouble ? ` ${result.trouble}.` : '';
    const message = `run ${runId} is still ${describePhase(phase)} after ${options.timeoutSeconds} s; it goes on in Gumloop.${trouble} Wait again with: ${watchAgain(context, options)}`;
    // In GitHub Actions the annotation is the line: the log shows it in red, the run's page lists it.
    if (context.workflow) context.workflow.error(message, `Gumloop run ${runId} timed out`);
    else context.stderr(`gumloop-files: ${message}\n`);
    failure = { code: 'timeout', message };
  } else if (phase === 'terminating') {
    const message = `run ${runId} has been stopping on Gumloop (TERMINATING) for ${STOPPING_LIMIT_MS / 1000} s; it will not finish, so its files were not downloaded. Check it in Gumloop.`;
    context.stderr(`gumloop-files: ${message}\n`);
    context.workflow?.error(message, `Gumloop run ${runId} is stuck stopping`);
    failure = { code: 'run-failed', message };
  } else if (code !== EXIT.ok) {
    const ended = `run ${runId} ${phase === 'terminated' ? 'was stopped' : describePhase(phase)}`;
    // Lines already streamed are not printed again: a failure's log once, where it happened.
    if (streamedLines > 0) context.stderr(`gumloop-files: ${ended}. See its log above.\n`);
    else {
      context.stderr(`gumloop-files: ${ended}. Its last log lines:\n`);
      for (const line of lastLogLines(run.log, FAILURE_LOG_LINES)) context.stderr(`  ${line}\n`);
    }
    const last = lastLogLines(run.log, 1)[0];
    failure = { code: 'run-failed', message: last ? `${ended}: ${last}` : `${ended}.` };
    // The annotation carries the run's last log line: usually the error that ended it.
    context.workflow?.error(last ?? `${ended}; its log is empty.`, `Gumloop run ${runId} ${phase === 'terminated' ? 'was stopped' : describePhase(phase)}`);
  } else if (options.download) {
    const fileNames = outputFileNames(run.outputs);
    if (fileNames.length === 0) {
      throw new GumloopError('missing-files', `Run ${runId} finished, but its outputs name no files to download (output names: ${Object.keys(run.outputs).map(cleanLine).join(', ') || 'none'}). Drop --download, or give the flow an output that names its files.`);
    }
    let downloaded;
    try {
      // The download keeps its own silence timeout; the deadline only ends one that dribbles past --timeout.
      downloaded = await downloadFiles({ ...context, signal: deadline?.signal ?? context.signal }, client, { runId, fileNames, savedItemId: options.savedItemId }, options.download);
    } catch (error) {
      if (!deadline?.passed() || context.signal.aborted) throw error;
      return ranOutOfTime(context, { runId, flowId: options.savedItemId ?? null, state: run.state }, `run ${runId} finished, but its files did not finish downloading within --timeout ${options.timeoutSeconds} s; nothing was written. Download them with: ${watchAgain(context, options)}`);
    }
    reportDownload(context, downloaded);
    written = downloaded.written;
    notRequested = downloaded.notRequested;
  }
  if (context.values.json) context.json({ ...jsonReport(options, run, result.elapsedMs, timedOut, written, notRequested), ...(failure ? { error: failure } : {}), exitCode: code });
  return code;
}

/** Ctrl-C: stop watching; with --kill-on-interrupt also ask Gumloop to stop the run (bounded: see KILL_TIMEOUT_MS). */
async function interrupted(context: CommandContext, client: GumloopClient, options: FollowOptions): Promise<GumloopError> {
  const { runId } = options;
  if (!options.killOnInterrupt) {
    return new GumloopError('cancelled', `Stopped watching. Run ${runId} keeps running in Gumloop; watch it again with: ${watchAgain(context, options)}`);
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

/** --timeout passed before an answer (or a download) came: said, exit 124, and with --json the one object. */
function ranOutOfTime(context: CommandContext, known: { runId: string; flowId: string | null; state: string | null }, said: string): number {
  const message = inCliTerms(said);
  if (context.workflow) context.workflow.error(message, `Gumloop run ${known.runId} timed out`);
  else context.stderr(`gumloop-files: ${message}\n`);
  if (context.values.json) context.json({ ...known, timedOut: true, error: { code: 'timeout', message }, exitCode: EXIT.timeout });
  return EXIT.timeout;
}

function watchAgain(context: CommandContext, options: FollowOptions): string {
  return watchAgainCommand(context.values, context.env, { runId: options.runId, savedItemId: options.savedItemId, download: options.download });
}

/** --json: one object for scripts. Field names are part of the CLI's interface. */
export function jsonReport(options: FollowOptions, run: RunInfo, elapsedMs: number, timedOut: boolean, written: string[], notRequested: string[]) {
  return {
    runId: options.runId,
    flowId: options.savedItemId ?? null,
    url: options.started?.url ?? null,
    ...(options.inputs ? { inputs: options.inputs } : {}),
    state: run.state,
    phase: runPhase(run.state),
    timedOut,
    createdTs: run.createdTs ?? null,
    finishedTs: run.finishedTs ?? null,
    watchedMs: Math.round(elapsedMs),
    outputs: run.outputs,
    files: written,
    /** Archive entries nobody asked for: checked, never written. */
    notRequested,
  };
}
