// The composition root: builds the objects, registers everything, nothing else.
import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { startFlowDownload } from './commands/flowCommands';
import { abortRunningJobs } from './commands/downloadJob';
import type { Services } from './commands/services';
import { readSettings } from './config';
import { Settings, StateKeys, Views } from './constants';
import { CredentialStore } from './credentials';
import { Logger } from './log';
import { RunHistory, type RunRecord } from './runs/history';
import { DownloadLinkHandler } from './uriHandler';
import { FlowsView } from './views/flowsView';
import { RecentRunsProvider } from './views/recentRunsTree';

export function activate(context: vscode.ExtensionContext): void {
  const log = new Logger();
  const credentials = new CredentialStore(context.secrets, context.globalState);
  const history = new RunHistory(
    { get: () => context.globalState.get<RunRecord[]>(StateKeys.history), set: (records) => context.globalState.update(StateKeys.history, records) },
    readSettings().maxRecentRuns,
  );
  const services: Services = { context, log, credentials, history };
  const tree = new RecentRunsProvider(history);
  const flows: FlowsView = new FlowsView(services, (request) => startFlowDownload(flows, request));

  context.subscriptions.push(
    log,
    credentials,
    tree,
    vscode.window.createTreeView(Views.recentRuns, { treeDataProvider: tree, showCollapseAll: true }),
    flows,
    ...registerCommands(services, { redrawTree: () => tree.refresh(), flows }),
    vscode.window.registerUriHandler(new DownloadLinkHandler(log)),
    // A window reload or shutdown cancels running downloads, which then clean up after themselves.
    { dispose: abortRunningJobs },
    credentials.onDidChange(() => tree.refresh()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${Settings.section}.${Settings.maxRecentRuns}`)) void history.setMaxRuns(readSettings().maxRecentRuns);
    }),
  );
  void credentials.refreshContext();
  log.info(`Gumloop Files ${context.extension.packageJSON.version as string} activated`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
