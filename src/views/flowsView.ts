// The Flows view, assembled: the request budget, the store (told when the view is visible and the
// window focused), the tree, Download When Done, and what invalidates them (a new key, user or
// project). activate() builds one and the commands act on it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readSettings } from '../config';
import { ContextKeys, Settings, Views, WorkspaceStateKeys } from '../constants';
import type { Services } from '../services';
import type { JsonGetter } from '../gumloop/flows';
import { budgetedFlowsApi, type FlowsApi } from '../remote/flowsApi';
import { FlowsStore } from '../remote/flowsStore';
import type { RequestBudget } from '../remote/requestBudget';
import { realClock } from '../remote/runWatcher';
import { JsonFileStore } from '../runs/jsonFileStore';
import { DownloadWhenDone, type WhenDoneMarks } from './downloadWhenDone';
import { outputFiles, scopeDescription } from '../ui/flowsPresentation';
import { FlowsTreeProvider } from './flowsTree';
import { LazyClient } from './lazyClient';
import { redrawWhileVisible } from './redrawWhileVisible';

/** A download the Flows view asks for; the commands turn it into gumloop.downloadRunFiles. */
export interface FlowDownload {
  runId: string;
  flowId?: string;
  /** When known (a resumed Download When Done), for Recent Runs before the Flows view has loaded the flow. */
  flowName?: string;
  fileNames?: string[];
}

export class FlowsView implements vscode.Disposable {
  readonly store: FlowsStore;
  readonly tree: FlowsTreeProvider;
  readonly treeView: vscode.TreeView<unknown>;
  readonly waiters: DownloadWhenDone;
  /** Every request the view makes goes through it (Recent Runs' follower too). */
  readonly api: FlowsApi;
  private readonly client: LazyClient;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly services: Services,
    download: (request: FlowDownload) => Promise<void>,
    /** Shared with the Agents view: both views together stay within one budget. */
    budget: RequestBudget,
  ) {
    this.client = new LazyClient(services, 'flows');
    const getter: JsonGetter = { getJson: async (endpoint, query, options) => (await this.client.get()).getJson(endpoint, query, options) };
    // Every request of the view and every poll of the run monitor go through one budget (≤ 4 requests/s, 429 pauses).
    const api = (this.api = budgetedFlowsApi(getter, budget));
    this.store = new FlowsStore({
      api,
      monitor: services.monitor,
      clock: realClock,
      isVisible: () => this.treeView.visible,
      isFocused: () => vscode.window.state.focused,
      log: (message) => services.log.info(message),
    });
    this.waiters = new DownloadWhenDone({
      monitor: services.monitor,
      onArmed: (mark) => services.windowRuns.add(mark.runId, { flowName: mark.flowName ?? this.store.flow(mark.flowId ?? '')?.name, flowId: mark.flowId, whenDone: true }),
      download: (runId, flowId, run, flowName) => download({ runId, flowId, flowName, fileNames: outputFiles(run.outputs) }),
      notify: (message) => void vscode.window.showWarningMessage(message),
      onChange: (runId) => this.tree.redrawRun(runId),
      log: (message) => services.log.info(message),
      marks: whenDoneMarks(services.context),
    });
    this.tree = new FlowsTreeProvider({
      store: this.store,
      hasApiKey: async () => (await services.credentials.getApiKey()) !== undefined,
      filter: () => this.filter(),
      isWatched: (runId) => this.waiters.isWatched(runId),
      downloadedPath: (runId, name) => this.downloadedPath(runId, name),
      onFiltered: (shown, total) => {
        const filter = this.filter();
        this.treeView.message = filter ? `Flows matching “${filter}”: ${shown} of ${total}` : undefined;
      },
    });
    this.treeView = vscode.window.createTreeView(Views.flows, { treeDataProvider: this.tree, showCollapseAll: true });
    // Live runs' "so far" ticks by the second; flows' "last run 4 min ago" by the half minute.
    let ticks = 0;
    this.disposables.push(
      redrawWhileVisible(this.treeView, TICK_MS, () => this.tree.redrawClockRows(++ticks % FLOWS_EVERY_TICKS === 0)),
      this.treeView,
      this.treeView.onDidChangeVisibility(() => this.store.activityChanged()),
      vscode.window.onDidChangeWindowState(() => this.store.activityChanged()),
      services.credentials.onDidChange(() => this.reset()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if ([Settings.userId, Settings.projectId, Settings.baseUrl, Settings.requestTimeoutSeconds].some((key) => event.affectsConfiguration(`${Settings.section}.${key}`))) this.reset();
      }),
      // A download (from here or Recent Runs) marks outputs as downloaded.
      services.history.onDidChange(({ runId }) => (runId ? this.tree.redrawRun(runId) : this.tree.refresh())),
    );
    this.showScope();
    void vscode.commands.executeCommand('setContext', ContextKeys.flowsFiltered, this.filter() !== undefined);
    void this.waiters.resume();
  }

  filter(): string | undefined {
    return this.services.context.workspaceState.get<string>(WorkspaceStateKeys.flowsFilter) || undefined;
  }

  async setFilter(filter: string | undefined): Promise<void> {
    await this.services.context.workspaceState.update(WorkspaceStateKeys.flowsFilter, filter?.trim() || undefined);
    await vscode.commands.executeCommand('setContext', ContextKeys.flowsFiltered, this.filter() !== undefined);
    if (!this.filter()) this.treeView.message = undefined;
    this.tree.refresh();
  }

  /** A new key, user, project or server: forget the client and everything loaded. */
  reset(): void {
    this.client.reset();
    this.showScope();
    this.store.refreshAll();
  }

  /** Where an output of a run was downloaded (per Recent Runs), when it is still there. */
  downloadedPath(runId: string, name: string): string | undefined {
    const record = this.services.history.get(runId);
    if (!record?.files.includes(name)) return undefined;
    const file = path.join(record.destination, ...name.split('/'));
    return fs.existsSync(file) ? file : undefined;
  }

  dispose(): void {
    this.waiters.dispose();
    this.store.dispose();
    this.tree.dispose();
    for (const disposable of this.disposables) disposable.dispose();
    this.client.reset();
  }

  private showScope(): void {
    const settings = readSettings();
    this.treeView.description = scopeDescription(settings);
    void vscode.commands.executeCommand('setContext', ContextKeys.flowsScope, settings.projectId ? 'project' : 'user');
  }
}

/**
 * Where Download When Done marks outlive the window: a file in the workspace's storage folder,
 * written at once (see JsonFileStore for why not workspaceState); an empty window has no such
 * folder and uses workspaceState.
 */
function whenDoneMarks(context: vscode.ExtensionContext): WhenDoneMarks {
  if (context.storageUri?.scheme === 'file') {
    return new JsonFileStore<unknown>(path.join(context.storageUri.fsPath, WHEN_DONE_FILE), (raw) => raw, []);
  }
  return {
    get: () => context.workspaceState.get<unknown>(WorkspaceStateKeys.downloadWhenDone),
    update: (change) => {
      const marks = change(context.workspaceState.get<unknown>(WorkspaceStateKeys.downloadWhenDone));
      return context.workspaceState.update(WorkspaceStateKeys.downloadWhenDone, marks.length ? marks : undefined);
    },
  };
}

const WHEN_DONE_FILE = 'download-when-done.json';

const TICK_MS = 1_000;
const FLOWS_EVERY_TICKS = 30;
