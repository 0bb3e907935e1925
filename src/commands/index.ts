// Maps every command id to its handler, each behind the error boundary.
import * as vscode from 'vscode';
import { Commands } from '../constants';
import { clearApiKey, setApiKey, setUserId } from './apiKey';
import { runDownloadJob, type DownloadJob } from './downloadJob';
import { downloadFromRun, downloadRunFiles, type DownloadRequestDraft, type RunDownloadRequest } from './downloadRunFiles';
import { withErrorBoundary, type Fixes } from './errorBoundary';
import { flowCommandHandlers } from './flowCommands';
import { runFlowCommand } from './lazyCommands';
import type { RunFlowListener } from './runFlow';
import { clearHistory, copyFilePath, copyRunId, downloadAgain, downloadRun, missingFile, openFile, openFileToSide, openRunFolder, refreshRuns, removeRun, revealFile, revealRunFolder } from './runCommands';
import type { Services } from '../services';
import type { HistoryFollower } from '../remote/historyFollower';
import type { FlowsView } from '../views/flowsView';
import type { FileNode, RunNode } from '../views/recentRunsTree';

export interface CommandHooks {
  redrawTree(): void;
  flows: FlowsView;
  /** Recent Runs' follower of running runs: it leaves alone the run Run Flow is watching. */
  following: HistoryFollower;
}

export function registerCommands(services: Services, hooks: CommandHooks): vscode.Disposable[] {
  const secrets = async () => [await services.credentials.getApiKey()];
  // After Set API Key / Set User ID from an error, what failed runs again.
  const fixes: Fixes = { setApiKey: () => setApiKey(services), setUserId: () => setUserId(services) };
  const guard = <A extends unknown[]>(id: string, handler: (...args: A) => Promise<unknown>) => withErrorBoundary(id, handler, services.log, secrets, fixes);
  // The job has its own boundary so "Try Again" repeats the download, not the questions; so has
  // the part after the run ID, so a fix resumes from the run lookup.
  const startJob = guard('download', async (job: DownloadJob) => runDownloadJob(services, job));
  const continueWithRun = guard('download', (request: RunDownloadRequest) => downloadFromRun(services, startJob, request));

  const handlers: Record<string, (...args: never[]) => Promise<unknown>> = {
    [Commands.setApiKey]: () => setApiKey(services),
    [Commands.clearApiKey]: () => clearApiKey(services),
    [Commands.setUserId]: () => setUserId(services),
    [Commands.downloadRunFiles]: (draft?: DownloadRequestDraft) => downloadRunFiles(services, continueWithRun, draft),
    [Commands.runFlow]: (target?: unknown) => runFlowCommand().runFlow(services, target, flowsListener(hooks.flows, hooks.following)),
    [Commands.showLogs]: async () => services.log.show(),
    [Commands.refreshRuns]: () => refreshRuns(services, hooks.redrawTree),
    [Commands.clearHistory]: () => clearHistory(services),
    [Commands.downloadAgain]: (node?: RunNode) => downloadAgain(services, continueWithRun, node),
    [Commands.downloadRun]: (node?: RunNode) => downloadRun(services, node),
    [Commands.openRunFolder]: (node?: RunNode) => openRunFolder(services, node),
    [Commands.revealRunFolder]: (node?: RunNode) => revealRunFolder(services, node),
    [Commands.copyRunId]: (node?: RunNode) => copyRunId(services, node),
    [Commands.removeRun]: (node?: RunNode) => removeRun(services, node),
    [Commands.openFile]: (target?: vscode.Uri | FileNode) => openFile(services, target),
    [Commands.openFileToSide]: (node?: FileNode) => openFileToSide(services, node),
    [Commands.revealFile]: (node?: FileNode) => revealFile(services, node),
    [Commands.copyFilePath]: (node?: FileNode) => copyFilePath(services, node),
    [Commands.missingFile]: (node?: FileNode) => missingFile(services, continueWithRun, node),
    ...flowCommandHandlers(services, hooks.flows),
  };
  return Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, guard(id, handler as (...args: unknown[]) => Promise<unknown>)));
}

/** Run Flow's run shows in the Flows view at once, updated by Run Flow's own polls (not polled twice); released, the Flows view and Recent Runs follow it. */
function flowsListener(flows: FlowsView, following: HistoryFollower): RunFlowListener {
  return {
    started: (flowId, runId) => {
      flows.store.setWatchedElsewhere(runId, true);
      following.setWatchedElsewhere(runId, true);
      flows.store.refreshFlow(flowId);
    },
    polled: (runId, run) => flows.store.applyRun(runId, run),
    released: (runId) => {
      flows.store.setWatchedElsewhere(runId, false);
      following.setWatchedElsewhere(runId, false);
    },
    runStarts: () => flows.store.runStarts(),
  };
}
