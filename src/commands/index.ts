// Maps every command id to its handler, each behind the error boundary.
import * as vscode from 'vscode';
import { Commands } from '../constants';
import { clearApiKey, setApiKey, setUserId } from './apiKey';
import { runDownloadJob, type DownloadJob } from './downloadJob';
import { downloadFromRun, downloadRunFiles, type DownloadRequestDraft, type RunDownloadRequest } from './downloadRunFiles';
import { withErrorBoundary, type Fixes } from './errorBoundary';
import { agentCommandHandlers } from './agentCommands';
import type { ArtifactDocuments } from './artifactDocuments';
import { flowCommandHandlers } from './flowCommands';
import { runAgainCommand, runFlowCommand } from './lazyCommands';
import type { RunFlowListener } from './runFlow';
import { showRunningRuns } from './runningRuns';
import { clearHistory, copyFilePath, copyRunId, downloadAgain, downloadRun, missingFile, openFile, openFileToSide, openRunFolder, refreshRuns, removeRun, revealFile, revealRunFolder } from './runCommands';
import type { Services } from '../services';
import type { AgentsView } from '../views/agentsView';
import type { FlowsView } from '../views/flowsView';
import type { FileNode, RunNode } from '../views/recentRunsTree';

export interface CommandHooks {
  redrawTree(): void;
  flows: FlowsView;
  agents: AgentsView;
  /** The read-only current versions Compare with Workspace Copy shows. */
  artifactDocuments: ArtifactDocuments;
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
    [Commands.runFlow]: (target?: unknown) => runFlowCommand().runFlow(services, target, flowsListener(hooks.flows)),
    [Commands.runAgain]: (target?: unknown) => runAgainCommand().runAgain(services, hooks.flows, flowsListener(hooks.flows), target, false),
    [Commands.runAgainWithChanges]: (target?: unknown) => runAgainCommand().runAgain(services, hooks.flows, flowsListener(hooks.flows), target, true),
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
    [Commands.showRunningRuns]: () => showRunningRuns(services, hooks.flows),
    ...flowCommandHandlers(services, hooks.flows),
    ...agentCommandHandlers(services, hooks.agents, hooks.artifactDocuments),
  };
  return Object.entries(handlers).map(([id, handler]) => vscode.commands.registerCommand(id, guard(id, handler as (...args: unknown[]) => Promise<unknown>)));
}

/** Run Flow's run shows in the Flows view at once (its flow's runs are loaded again, and the store subscribes to the run monitor like Run Flow does). */
function flowsListener(flows: FlowsView): RunFlowListener {
  return {
    started: (flowId) => flows.store.refreshFlow(flowId),
    runStarts: () => flows.store.runStarts(),
  };
}
