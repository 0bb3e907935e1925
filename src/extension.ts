// The composition root: builds the objects, registers everything, nothing else.
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { startFlowDownload } from './commands/flowCommands';
import { DOWNLOAD_OWNER, abortRunningJobs, reportRecovery } from './commands/downloadJob';
import { ARTIFACT_SCHEME, ArtifactDocuments } from './commands/artifactDocuments';
import { RUN_LOG_SCHEME, RunLogDocuments } from './commands/runLog';
import type { Services } from './services';
import { readSettings, watchBaseUrlFallback } from './config';
import { Settings, StateKeys, Views, WorkspaceStateKeys } from './constants';
import { CredentialStore } from './credentials';
import { InFlightDownloads } from './download/inFlight';
import { Logger } from './log';
import { ArtifactCopies, type ArtifactCopy } from './runs/artifactCopies';
import { RunMonitor } from './remote/runMonitor';
import { WindowRuns } from './remote/windowRuns';
import { RunHistory, type RunRecord } from './runs/history';
import { registerAgentSupport } from './tools/register';
import { DownloadLinkHandler } from './uriHandler';
import { RequestBudget } from './remote/requestBudget';
import { realClock } from './remote/runWatcher';
import { AgentsView } from './views/agentsView';
import { FlowsView } from './views/flowsView';
import { keepRecentRunsFresh } from './views/recentRunsFreshness';
import { RecentRunsFollow } from './views/recentRunsFollow';
import { RecentRunsProvider } from './views/recentRunsTree';
import { RunsStatus } from './views/runsStatus';

export function activate(context: vscode.ExtensionContext): void {
  const log = new Logger(vscode.window.createOutputChannel('Gumloop', { log: true }));
  const credentials = new CredentialStore(context.secrets, context.globalState);
  const history = new RunHistory(
    { get: () => context.globalState.get<RunRecord[]>(StateKeys.history), set: (records) => context.globalState.update(StateKeys.history, records) },
    readSettings().maxRecentRuns,
  );
  const inFlight = new InFlightDownloads({ get: () => context.globalState.get<string[]>(StateKeys.inFlight) ?? [], set: (list) => context.globalState.update(StateKeys.inFlight, list) });
  // The one owner that polls runs; its requests go through the Flows view's budget (flows is built below, before any poll).
  const monitor = new RunMonitor({ clock: realClock, getRun: (runId, options) => flows.api.getRun(runId, options), log: (message) => log.info(message) });
  const windowRuns = new WindowRuns(monitor, realClock);
  const runLogs = new RunLogDocuments(
    () => monitor,
    (message) => log.info(message),
  );
  const artifactCopies = new ArtifactCopies({ get: () => context.workspaceState.get<ArtifactCopy[]>(WorkspaceStateKeys.artifactCopies), set: (copies) => context.workspaceState.update(WorkspaceStateKeys.artifactCopies, copies) });
  const artifactDocuments = new ArtifactDocuments();
  const services: Services = { context, log, credentials, history, inFlight, runLogs, artifactCopies, monitor, windowRuns };
  const tree = new RecentRunsProvider(history);
  const treeView = vscode.window.createTreeView(Views.recentRuns, { treeDataProvider: tree, showCollapseAll: true });
  // One request budget for the Flows and Agents views together (and the run monitor's polls, through flows.api).
  const budget = new RequestBudget({ clock: realClock });
  const flows: FlowsView = new FlowsView(services, (request) => startFlowDownload(flows, request), budget);
  const agents = new AgentsView(services, budget);
  const following = new RecentRunsFollow(treeView, history, flows.api, monitor, log, credentials.onDidChange);

  context.subscriptions.push(
    log,
    credentials,
    tree,
    treeView,
    keepRecentRunsFresh(treeView, tree, history),
    runLogs,
    vscode.workspace.registerTextDocumentContentProvider(RUN_LOG_SCHEME, runLogs),
    artifactDocuments,
    vscode.workspace.registerTextDocumentContentProvider(ARTIFACT_SCHEME, artifactDocuments),
    flows,
    agents,
    budget,
    following,
    new RunsStatus(services, windowRuns, flows.treeView),
    windowRuns,
    monitor,
    ...registerCommands(services, { redrawTree: () => tree.refresh(), flows, agents, artifactDocuments }),
    vscode.window.registerUriHandler(new DownloadLinkHandler(log)),
    // Language-model tools and Gumloop's MCP server, where the editor has those APIs.
    ...registerAgentSupport(services),
    // A window reload or shutdown cancels running downloads, which then clean up after themselves.
    { dispose: abortRunningJobs },
    credentials.onDidChange(() => tree.refresh()),
    watchBaseUrlFallback((warning) => log.warn(warning)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${Settings.section}.${Settings.maxRecentRuns}`)) void history.setMaxRuns(readSettings().maxRecentRuns);
    }),
  );
  void credentials.refreshContext();
  // Downloads a closed or crashed window left half-moved are finished or undone from their journal.
  void inFlight.recoverAll(DOWNLOAD_OWNER, (message) => reportRecovery(services, message), (error) => log.error(`Could not recover an interrupted download: ${(error as Error).message}`));
  log.info(`Gumloop Files ${context.extension.packageJSON.version as string} activated`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
