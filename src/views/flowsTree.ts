// The Flows tree: flows → recent runs → output files, over the FlowsStore. Expanding a node asks
// the store, which costs one request the first time; the store's change events redraw the one
// node that changed. Node objects keep their identity per id, because VS Code finds the node to
// redraw by the element it is given.
import * as vscode from 'vscode';
import { Commands } from '../constants';
import { treeItemOf, withTooltip } from './treeItem';
import type { GumloopError } from '../errors';
import type { FlowsStore, StoreChange } from '../remote/flowsStore';
import { isConnectionError } from '../remote/flowsStore';
import { isFinished, runPhase } from '../remote/runState';
import {
  filterFlows,
  outputFiles,
  presentConnectionProblem,
  presentFailure,
  presentFlow,
  presentNodeError,
  presentNote,
  presentOutput,
  presentRemoteRun,
  runViewOf,
  type ErrorSubject,
  type NodePresentation,
  type RunView,
} from '../ui/flowsPresentation';

export type FlowNode = { kind: 'flow'; flowId: string };
export type RemoteRunNode = { kind: 'run'; runId: string; flowId: string };
export type OutputNode = { kind: 'output'; runId: string; flowId: string; name: string };
export type WhyNode = { kind: 'why'; runId: string; flowId: string };
export type ErrorNode = { kind: 'error'; subject: ErrorSubject; flowId?: string; runId?: string; error: GumloopError };
export type ConnectionNode = { kind: 'connection'; error: GumloopError };
export type NoteNode = { kind: 'note'; id: string; label: string };
export type FlowsTreeNode = FlowNode | RemoteRunNode | OutputNode | WhyNode | ErrorNode | ConnectionNode | NoteNode;

export interface FlowsTreeOptions {
  store: FlowsStore;
  hasApiKey(): Promise<boolean>;
  filter(): string | undefined;
  /** Download When Done is armed for the run. */
  isWatched(runId: string): boolean;
  /** Where an output of a run was downloaded, when it still exists there. */
  downloadedPath(runId: string, name: string): string | undefined;
  /** Told how many flows the filter shows, to say so in the view's message. */
  onFiltered?(shown: number, total: number): void;
  now?(): number;
}

/** How long the first paint waits for the flows before it shows the loading row instead. */
const LOADING_ROW_AFTER_MS = 300;
const LOADING_FLOWS: NoteNode = { kind: 'note', id: 'loading:flows', label: 'Loading flows…' };

export class FlowsTreeProvider implements vscode.TreeDataProvider<FlowsTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<FlowsTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly flowNodes = new Map<string, FlowNode>();
  private readonly runNodes = new Map<string, RemoteRunNode>();
  private readonly subscription: { dispose(): void };

  constructor(private readonly options: FlowsTreeOptions) {
    this.subscription = options.store.onDidChange((change) => this.redraw(change));
  }

  /** Redraws everything (filter changed), without forgetting what was loaded. */
  refresh(): void {
    this.changed.fire(undefined);
  }

  /** Redraws the rows whose text runs with the clock: live runs ("2 min so far") and, every `flowsToo`, flows ("last run 4 min ago"). */
  redrawClockRows(flowsToo: boolean): void {
    if (flowsToo) {
      this.changed.fire(undefined);
      return;
    }
    for (const node of this.runNodes.values()) if (!isFinished(this.options.store.runState(node.runId))) this.changed.fire(node);
  }

  /** Redraws one run (Download When Done armed or cleared, a download finished). */
  redrawRun(runId: string): void {
    const node = this.runNodes.get(runId);
    if (node) this.changed.fire(node);
  }

  async getChildren(node?: FlowsTreeNode): Promise<FlowsTreeNode[]> {
    const store = this.options.store;
    if (!node) {
      if (!(await this.options.hasApiKey())) return []; // the welcome view asks for a key
      // A quick answer paints at once; a slow one shows a loading row (and drops an old error row)
      // until the store's change event redraws the view with the answer.
      await Promise.race([store.loadFlows(), new Promise((resolve) => setTimeout(resolve, LOADING_ROW_AFTER_MS))]);
      const flows = store.flowsState();
      if (flows.status === 'idle' || flows.status === 'loading') return [LOADING_FLOWS];
      const connection = store.connectionProblem();
      const top: FlowsTreeNode[] = connection ? [{ kind: 'connection', error: connection }] : [];
      if (flows.status === 'failed') return isConnectionError(flows.error) ? top : [...top, { kind: 'error', subject: 'flows', error: flows.error }];
      const shown = filterFlows(flows.value, this.options.filter());
      this.options.onFiltered?.(shown.length, flows.value.length);
      return [...top, ...shown.map((flow) => this.flowNode(flow.savedItemId))];
    }
    switch (node.kind) {
      case 'flow': {
        await store.loadRuns(node.flowId);
        const runs = store.runsState(node.flowId);
        if (runs.status === 'failed') return isConnectionError(runs.error) ? [] : [{ kind: 'error', subject: 'runs', flowId: node.flowId, error: runs.error }];
        if (runs.status !== 'loaded') return [];
        if (runs.value.length === 0) return [{ kind: 'note', id: `empty:${node.flowId}`, label: 'No runs yet' }];
        return runs.value.map((run) => this.runNode(run.runId, node.flowId));
      }
      case 'run':
        return this.runChildren(node);
      default:
        return [];
    }
  }

  getParent(node: FlowsTreeNode): FlowsTreeNode | undefined {
    switch (node.kind) {
      case 'run':
        return this.flowNodes.get(node.flowId);
      case 'output':
      case 'why':
        return this.runNodes.get(node.runId);
      case 'error':
        return node.runId ? this.runNodes.get(node.runId) : node.flowId ? this.flowNodes.get(node.flowId) : undefined;
      default:
        return undefined;
    }
  }

  getTreeItem(node: FlowsTreeNode): vscode.TreeItem {
    return treeItemOf(this.present(node), clickCommand(node));
  }

  /** Tooltips are built on hover only: formatting dates for every row would slow the first paint. */
  resolveTreeItem(item: vscode.TreeItem, node: FlowsTreeNode): vscode.TreeItem {
    return withTooltip(item, this.present(node));
  }


  /** The run as the tree shows it (also what the run commands act on). */
  runView(runId: string, flowId: string): RunView | undefined {
    const runs = this.options.store.runsState(flowId);
    const summary = runs.status === 'loaded' ? runs.value.find((run) => run.runId === runId) : undefined;
    if (!summary) return undefined;
    const details = this.options.store.detailsState(runId);
    return runViewOf(summary, flowId, this.options.store.flow(flowId)?.name, details.status === 'loaded' ? details.value : undefined, this.options.isWatched(runId));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private async runChildren(node: RemoteRunNode): Promise<FlowsTreeNode[]> {
    const store = this.options.store;
    await store.loadRunDetails(node.runId);
    const details = store.detailsState(node.runId);
    if (details.status === 'failed') return isConnectionError(details.error) ? [] : [{ kind: 'error', subject: 'run', flowId: node.flowId, runId: node.runId, error: details.error }];
    if (details.status !== 'loaded') return [];
    const run = details.value;
    const children: FlowsTreeNode[] = [];
    if (runPhase(run.state) === 'failed') children.push({ kind: 'why', runId: node.runId, flowId: node.flowId });
    children.push(...outputFiles(run.outputs).map((name): OutputNode => ({ kind: 'output', runId: node.runId, flowId: node.flowId, name })));
    if (!isFinished(run.state)) children.push({ kind: 'note', id: `live:${node.runId}`, label: 'Still running: its outputs appear when it is done' });
    else if (children.length === 0) children.push({ kind: 'note', id: `none:${node.runId}`, label: 'No output files' });
    return children;
  }

  private present(node: FlowsTreeNode): NodePresentation {
    const store = this.options.store;
    const now = this.options.now?.() ?? Date.now();
    switch (node.kind) {
      case 'flow': {
        const flow = store.flow(node.flowId) ?? { savedItemId: node.flowId, name: node.flowId };
        const runs = store.runsState(node.flowId);
        return presentFlow(flow, runs.status === 'loaded' ? runs.value[0] : undefined, now);
      }
      case 'run': {
        const view = this.runView(node.runId, node.flowId) ?? { runId: node.runId, flowId: node.flowId, downloadWhenDone: this.options.isWatched(node.runId) };
        return presentRemoteRun(view, now);
      }
      case 'output':
        return presentOutput(node.runId, node.name, this.options.downloadedPath(node.runId, node.name));
      case 'why': {
        const details = store.detailsState(node.runId);
        return presentFailure(node.runId, details.status === 'loaded' ? details.value.log : []);
      }
      case 'error':
        return presentNodeError(node.runId ?? node.flowId ?? 'flows', node.subject, node.error);
      case 'connection':
        return presentConnectionProblem(node.error);
      case 'note':
        return node === LOADING_FLOWS ? { ...presentNote(node.id, node.label), icon: { id: 'loading~spin' } } : presentNote(node.id, node.label);
    }
  }

  private flowNode(flowId: string): FlowNode {
    let node = this.flowNodes.get(flowId);
    if (!node) this.flowNodes.set(flowId, (node = { kind: 'flow', flowId }));
    return node;
  }

  private runNode(runId: string, flowId: string): RemoteRunNode {
    let node = this.runNodes.get(runId);
    if (!node) this.runNodes.set(runId, (node = { kind: 'run', runId, flowId }));
    return node;
  }

  private redraw(change: StoreChange): void {
    if (change.scope === 'all') {
      this.flowNodes.clear();
      this.runNodes.clear();
      this.changed.fire(undefined);
      return;
    }
    // A node never shown needs no redraw (and firing undefined would redraw the whole tree).
    const node = change.scope === 'flow' ? this.flowNodes.get(change.flowId) : this.runNodes.get(change.runId);
    if (node) this.changed.fire(node);
    // A run's new state is also its flow's "last run" text.
    const flow = change.scope === 'run' && change.flowId ? this.flowNodes.get(change.flowId) : undefined;
    if (flow) this.changed.fire(flow);
  }
}

/** What a click does: outputs download-and-open, the why opens the log, errors retry. */
function clickCommand(node: FlowsTreeNode): vscode.Command | undefined {
  switch (node.kind) {
    case 'output':
      return { command: Commands.openRunOutput, title: 'Open Output File', arguments: [node] };
    case 'why':
      return { command: Commands.showRunLog, title: 'Show Run Log', arguments: [node] };
    case 'error':
    case 'connection':
      return { command: Commands.retryFlows, title: 'Retry', arguments: [node] };
    default:
      return undefined;
  }
}
