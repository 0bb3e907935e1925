// Run Flow's watch of the run it started: one subscription to the run monitor (at the watch pace)
// shown in a cancellable progress notification, the stop question (stop on Gumloop, only stop
// watching, or keep watching), and what it says when the run ends (files to download, the
// failure's last log line). While its progress shows it holds the run's voice, so the done
// notification does not say it a second time. Split from runFlow.ts, which chooses.
import * as vscode from 'vscode';
import { Commands, Settings } from '../constants';
import type { GumloopClient } from '../gumloop/client';
import { killPipeline } from '../gumloop/pipelines';
import type { RunInfo } from '../gumloop/types';
import { outputFileNames, plainLogLine } from '../remote/runLog';
import { afterRunSetting, failedMessage, finishedMessage, stoppedMessage } from '../remote/runProgress';
import { describePhase, runPhase } from '../remote/runState';
import { WATCH_SCHEDULE, type WatchResult } from '../remote/runWatcher';
import { timeLimit } from '../gumloop/timeLimit';
import { GumloopError } from '../errors';
import { afterStopQuestion, type StopChoice } from '../remote/stopQuestion';
import { WatchDisplay } from '../remote/watchDisplay';
import type { Services } from '../services';
import type { DownloadRequestDraft } from './downloadRunFiles';

/** The flow as Run Flow knows it. */
export interface WatchedFlow {
  savedItemId: string;
  name: string;
}

/** How long to follow a run after asking Gumloop to stop it, before leaving it to the tree. */
const STOP_WATCH_MS = 60_000;

type Outcome = { kind: 'finished'; result: WatchResult } | { kind: 'stopped watching' } | { kind: 'stopping' };
type Watched = { kind: 'finished'; result: WatchResult } | { kind: 'failed'; error: unknown };

/**
 * One watch for the whole run; the progress notification only shows it. Cancel asks whether to
 * stop the run; dismissing that question means "never mind": a new notification shows the same watch.
 */
export async function followStartedRun(services: Services, client: GumloopClient, flow: WatchedFlow, runId: string): Promise<void> {
  // Counted by the status bar from now on, even after "Only Stop Watching"; said once when it ends.
  services.windowRuns.add(runId, { flowName: flow.name, flowId: flow.savedItemId });
  const voice = services.windowRuns.holdVoice(runId);
  try {
    await watchStartedRun(services, client, flow, runId);
  } finally {
    voice.dispose();
  }
}

async function watchStartedRun(services: Services, client: GumloopClient, flow: WatchedFlow, runId: string): Promise<void> {
  const controller = new AbortController();
  const shown = new WatchDisplay(Date.now());
  let report = (): void => undefined;
  let settled: Watched | undefined;
  // The run started: an outage is ridden out for as long as the progress is shown (Cancel ends it).
  const watched: Promise<Watched> = services.monitor.wait(
    runId,
    {
    schedule: WATCH_SCHEDULE,
    onUpdate: (update) => {
      shown.polled(update.phase, update.run);
      for (const line of update.newLogLines) services.log.info(`[run ${runId}] ${plainLogLine(line)}`);
      if (update.changed) void services.history.update(runId, { state: update.run.state, createdTs: update.run.createdTs, finishedTs: update.run.finishedTs });
      report();
    },
    onTrouble: (error, now) => {
      shown.troubled(now.text);
      report();
      services.log.warn(`Watching run ${runId}: ${error.message} (${now.text})`);
    },
    },
    controller.signal,
  ).then(
    (result): Watched => (settled = { kind: 'finished', result }),
    (error: unknown): Watched => (settled = { kind: 'failed', error }),
  );
  let outcome: Outcome | undefined;
  while (!outcome) {
    outcome = await vscode.window.withProgress<Outcome | undefined>({ location: vscode.ProgressLocation.Notification, title: `Gumloop: “${flow.name}”`, cancellable: true }, async (progress, token) => {
      report = () => progress.report({ message: shown.message(Date.now()) });
      // The stopwatch ticks between polls, which back off to 5 s while nothing changes.
      const ticker = setInterval(report, 1000);
      let onCancel: vscode.Disposable | undefined;
      try {
        report();
        const cancelled = new Promise<'cancel'>((resolve) => (onCancel = token.onCancellationRequested(() => resolve('cancel'))));
        const first = await Promise.race([watched, cancelled]);
        if (first !== 'cancel') return finishedOrThrow(first);
        const next = afterStopQuestion(await askStopRun(runId), settled !== undefined);
        if (next === 'ended' && settled) return finishedOrThrow(settled);
        if (next === 'keep watching') return undefined;
        controller.abort();
        return next === 'stop the run' ? { kind: 'stopping' } : { kind: 'stopped watching' };
      } finally {
        clearInterval(ticker);
        report = () => undefined;
        onCancel?.dispose();
      }
    });
  }
  if (outcome.kind === 'stopped watching') {
    services.log.info(`Stopped watching run ${runId}; it keeps running in Gumloop, and Recent Runs keeps its state current.`);
    return;
  }
  if (outcome.kind === 'stopping') {
    await stopRun(services, client, flow, runId);
    return;
  }
  await finished(services, flow, runId, outcome.result);
}

function finishedOrThrow(watched: Watched): Outcome {
  if (watched.kind === 'failed') throw watched.error;
  return watched;
}

/** Cancel: stop the run on Gumloop too, or only stop watching (the run goes on); dismissed: keep watching. */
async function askStopRun(runId: string): Promise<StopChoice> {
  const stop = 'Stop the Run';
  const watchOnly = 'Only Stop Watching';
  const choice = await vscode.window.showWarningMessage(
    `Stop run ${runId} on Gumloop too, or only stop watching it?`,
    { modal: true, detail: 'Only stopping watching leaves the run going; Recent Runs keeps showing its state. Cancel keeps watching here.' },
    stop,
    watchOnly,
  );
  return choice === stop ? 'stop' : choice === watchOnly ? 'watch-only' : undefined;
}

async function stopRun(services: Services, client: GumloopClient, flow: WatchedFlow, runId: string): Promise<void> {
  try {
    await killPipeline(client, runId);
  } catch (error) {
    // Not through the error boundary: its Try Again would run the flow again, not stop it.
    const why = error instanceof Error ? error.message : String(error);
    services.log.warn(`Stopping run ${runId}: ${why}`);
    void vscode.window.showWarningMessage(`Could not stop run ${runId}: ${why} Stop it on its page in Gumloop.`);
    return;
  }
  services.log.info(`Asked Gumloop to stop run ${runId}`);
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Stopping run ${runId}…` }, () => watchStop(services, runId));
  if (result.timedOut) {
    void vscode.window.showWarningMessage(`Run ${runId} is still ${describePhase(runPhase(result.run.state))} a minute after asking Gumloop to stop it. Check it in Gumloop.`);
    return;
  }
  if (runPhase(result.run.state) !== 'terminated') {
    // It ended another way before the stop took effect: say how, as for any run.
    await finished(services, flow, runId, result);
    return;
  }
  // The stop the user asked for happened: information, not a failure.
  const { run } = result;
  await services.history.update(runId, { state: run.state, createdTs: run.createdTs, finishedTs: run.finishedTs });
  services.log.info(`Run ${runId} stopped on Gumloop as asked`);
  const choice = await vscode.window.showInformationMessage(stoppedMessage(flow.name, runId), 'Show Run Log');
  if (choice) await services.runLogs.show(runId, run.state, run.log);
}

/** Follows the run for up to STOP_WATCH_MS after the stop was asked: its end, or where it was at the limit. */
async function watchStop(services: Services, runId: string): Promise<WatchResult> {
  const limit = timeLimit(STOP_WATCH_MS, new GumloopError('timeout', 'The stop took too long.'));
  const started = Date.now();
  let last: RunInfo | undefined;
  try {
    return await services.monitor.wait(
      runId,
      {
        schedule: WATCH_SCHEDULE,
        onUpdate: (update) => {
          last = update.run;
          void services.history.update(runId, { state: update.run.state, finishedTs: update.run.finishedTs });
        },
      },
      limit.signal,
    );
  } catch (error) {
    if (!limit.signal.aborted || !last) throw error;
    return { run: last, phase: runPhase(last.state), timedOut: true, elapsedMs: Date.now() - started };
  } finally {
    limit.clear();
  }
}

/** On the finished and failed messages: the run's inputs again (this window recorded them), after one confirmation. */
const RUN_AGAIN = 'Run Again';

async function finished(services: Services, flow: WatchedFlow, runId: string, result: WatchResult): Promise<void> {
  const { run } = result;
  await services.history.update(runId, { state: run.state, createdTs: run.createdTs, finishedTs: run.finishedTs });
  const phase = runPhase(run.state);
  services.log.info(`Run ${runId} ended ${run.state} after ${Math.round(result.elapsedMs / 1000)} s`);
  if (phase !== 'done') {
    const choice = await vscode.window.showErrorMessage(failedMessage(flow.name, runId, phase, run.log[run.log.length - 1]), 'Show Run Log', RUN_AGAIN);
    if (choice === 'Show Run Log') await services.runLogs.show(runId, run.state, run.log);
    if (choice === RUN_AGAIN) await vscode.commands.executeCommand(Commands.runAgain, runId);
    return;
  }
  const fileNames = outputFileNames(run.outputs);
  const draft: DownloadRequestDraft = { runId, fileNames, savedItemId: flow.savedItemId, flowName: flow.name };
  const after = afterRunSetting(vscode.workspace.getConfiguration(Settings.section).get(Settings.afterRun));
  if (after === 'download' && fileNames.length) {
    await vscode.commands.executeCommand(Commands.downloadRunFiles, draft);
    return;
  }
  if (after === 'nothing') return;
  const actions = fileNames.length ? ['Download', 'Show Outputs', RUN_AGAIN] : ['Show Outputs', RUN_AGAIN];
  // Show Outputs opens a read-only document and brings the message back, so Download stays one click away.
  for (;;) {
    const choice = await vscode.window.showInformationMessage(finishedMessage(flow.name, runId, fileNames.length), ...actions);
    if (choice === 'Download') await vscode.commands.executeCommand(Commands.downloadRunFiles, draft);
    if (choice === RUN_AGAIN) await vscode.commands.executeCommand(Commands.runAgain, runId);
    if (choice !== 'Show Outputs') return;
    await services.runLogs.showOutputs(runId, flow.name, run.outputs);
    if (!fileNames.length) return;
  }
}
