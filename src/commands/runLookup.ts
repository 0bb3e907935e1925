// Step 1½ of a download: look the run up before asking for file names, and deal with a run that is
// unknown, still running (Download When Done) or failed (partial files only when asked for).
import * as vscode from 'vscode';
import { readSettings } from '../config';
import { GumloopError, isGumloopError } from '../errors';
import type { GumloopClient } from '../gumloop/client';
import type { Credentials, RunInfo } from '../gumloop/types';
import { STOPPING_LIMIT_MS, WATCH_SCHEDULE } from '../remote/runWatcher';
import { runPhase } from '../remote/runState';
import { stepForRun, unknownRunMessage, waitText } from '../ui/runStep';
import { createClient, type Services } from '../services';

/** The run as Gumloop has it; a 404 is said as "no such run" at this step, before any file question. */
export async function lookUpRun(client: GumloopClient, credentials: Credentials, runId: string, signal?: AbortSignal): Promise<RunInfo> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Looking up run ${runId}…` }, async () => {
    try {
      // Bounded by the client's request timeout (the whole answer, not only silences): a lookup that
      // runs out of time is a 'timeout' error with Try Again, never a cancel the user did not make.
      // `signal` is the user's own Esc while the question waits for the answer.
      return await client.getRun(runId, { signal });
    } catch (error) {
      if (isGumloopError(error, 'not-found')) throw new GumloopError('not-found', unknownRunMessage(runId, credentials), { cause: error, status: 404 });
      throw error;
    }
  });
}

/** What the run ID question learns from Gumloop before it closes. */
/** `lookupFailed`: the lookup ran out of time; said at once (with Try Again), not spent again by the next step. */
export type RunIdCheck = { run: RunInfo } | { unknown: string } | { unchecked: true } | { lookupFailed: GumloopError };

/**
 * Looks a typed run ID up while its question is still open: an unknown run is said there, to be
 * corrected; any other failure (key, network) is left to the next step, which says it with its fix
 * and resumes from the run once fixed.
 */
export async function checkRunId(services: Services, base: vscode.Uri, runId: string, signal: AbortSignal): Promise<RunIdCheck> {
  let created;
  try {
    created = await createClient(services, readSettings(base));
  } catch {
    return { unchecked: true };
  }
  try {
    return { run: await lookUpRun(created.client, created.credentials, runId, signal) };
  } catch (error) {
    if (isGumloopError(error, 'not-found')) return { unknown: error.message };
    if (isGumloopError(error, 'timeout')) return { lookupFailed: error };
    services.log.info(`Looking up run ${runId} at the run ID question: ${error instanceof Error ? error.message : String(error)}`);
    return { unchecked: true };
  } finally {
    await created.client.close();
  }
}

/**
 * Decides, with the user, whether to go on to the download: a finished run goes on; an unfinished one
 * only after Download When Done and the wait; a failed or stopped one only when its partial files are
 * asked for. Returns the run as it is then, or undefined to stop (nothing written).
 */
export async function readyToDownload(services: Services, runId: string, first: RunInfo): Promise<RunInfo | undefined> {
  let run = first;
  let step = stepForRun(runId, run);
  if (step.kind === 'offer-wait') {
    const choice = await vscode.window.showInformationMessage(step.message, 'Download When Done');
    if (choice !== 'Download When Done') return undefined;
    const finished = await waitForRun(services, runId);
    if (!finished) return undefined;
    run = finished;
    step = stepForRun(runId, run);
    await services.history.update(runId, { state: run.state, createdTs: run.createdTs, finishedTs: run.finishedTs });
    if (step.kind === 'offer-wait') {
      // The wait only ends unfinished when the run stayed TERMINATING (runWatcher's STOPPING_LIMIT_MS).
      void vscode.window.showWarningMessage(`Run ${runId} has been stopping on Gumloop (${run.state}) for ${STOPPING_LIMIT_MS / 1000} s; it will not finish, so nothing was downloaded. Check it in Gumloop.`);
      return undefined;
    }
  }
  if (step.kind === 'offer-partial') {
    services.log.info(`Run ${runId} is ${run.state}; asking before downloading its partial files`);
    const choice = await vscode.window.showWarningMessage(step.message, { modal: true, detail: step.detail }, 'Download Partial Files', 'Show Run Log');
    if (choice === 'Show Run Log') {
      await services.runLogs.show(runId, run.state, run.log);
      const again = await vscode.window.showWarningMessage(`${step.message} Download the files it wrote anyway?`, 'Download Partial Files');
      return again === 'Download Partial Files' ? run : undefined;
    }
    return choice === 'Download Partial Files' ? run : undefined;
  }
  return run;
}

/** Waits in a cancellable notification showing the run's state and the time waited; undefined when cancelled. */
async function waitForRun(services: Services, runId: string): Promise<RunInfo | undefined> {
  const controller = new AbortController();
  services.log.info(`Waiting for run ${runId} to finish`);
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Gumloop: Download When Done (run ${runId})`, cancellable: true },
      async (progress, token) => {
        const cancel = token.onCancellationRequested(() => controller.abort());
        const started = Date.now();
        let last = { phase: runPhase(undefined), state: '…' };
        let trouble: string | undefined;
        const say = () => progress.report({ message: waitText(last.phase, last.state, Date.now() - started, trouble) });
        // The elapsed time ticks every second; the state changes when a poll says so.
        const ticker = setInterval(say, 1_000);
        try {
          return await services.monitor.wait(
            runId,
            {
              schedule: WATCH_SCHEDULE,
              onUpdate: (update) => {
                last = { phase: update.phase, state: update.run.state };
                trouble = undefined;
                say();
              },
              onTrouble: (error, now) => {
                trouble = now.text;
                say();
                services.log.warn(`Watching run ${runId}: ${error.message} (${now.text})`);
              },
            },
            controller.signal,
          );
        } finally {
          clearInterval(ticker);
          cancel.dispose();
        }
      },
    );
    services.log.info(`Run ${runId} is ${result.run.state} after ${Math.round(result.elapsedMs / 1000)} s`);
    return result.run;
  } catch (error) {
    if (!controller.signal.aborted) throw error;
    services.log.info(`Stopped waiting for run ${runId}`);
    void vscode.window.showInformationMessage(`Stopped waiting for run ${runId}; it goes on in Gumloop. Download its files later.`);
    return undefined;
  }
}
