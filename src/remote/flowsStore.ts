// The Flows view's model: flows, each flow's recent runs, each run's details, cached per node until
// a refresh or a state change, with change events per node so the tree redraws one node, not the
// world (the way vscode-github-actions' store does). Expanding a node costs one request the first
// time and none after; running runs are kept fresh by subscribing to the run monitor at the views'
// pace, active only while the view is visible, the window focused and Gumloop reachable. No vscode
// import: visibility and focus come in as functions.
import { GumloopError, isGumloopError } from '../errors';
import type { Flow } from '../gumloop/flows';
import type { RunSummary } from '../gumloop/runHistory';
import type { RunInfo } from '../gumloop/types';
import type { FlowsApi } from './flowsApi';
import { ConnectionWatch, LoadOnce } from './loadOnce';
import { RunMonitor } from './runMonitor';
import { isFinished, isLive } from './runState';
import { VIEW_POLL_SCHEDULE, type Clock, type PollSchedule } from './runWatcher';

export type Loadable<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'loaded'; value: T }
  | { status: 'failed'; error: GumloopError };

/** Which part of the tree changed: everything, one flow (its runs), or one run. */
export type StoreChange = { scope: 'all' } | { scope: 'flow'; flowId: string } | { scope: 'run'; runId: string; flowId?: string };

export interface RunFinished {
  runId: string;
  flowId?: string;
  run: RunInfo;
}

export interface FlowsStoreOptions {
  api: FlowsApi;
  clock: Clock;
  isVisible(): boolean;
  isFocused(): boolean;
  schedule?: PollSchedule;
  /** The extension's one run monitor; without it (tests) the store has one of its own over `api`. */
  monitor?: RunMonitor;
  log?(message: string): void;
}

type Listener<T> = (value: T) => void;

/** Network trouble is one message for the whole view, not one per node. */
export function isConnectionError(error: GumloopError): boolean {
  return error.code === 'network' || error.code === 'timeout';
}

export class FlowsStore {
  private flows: Loadable<Flow[]> = { status: 'idle' };
  private readonly runs = new Map<string, Loadable<RunSummary[]>>();
  private readonly details = new Map<string, Loadable<RunInfo>>();
  /** The flow each known run belongs to. */
  private readonly flowOfRun = new Map<string, string>();
  private readonly loads = new LoadOnce();
  private readonly changeListeners = new Set<Listener<StoreChange>>();
  private readonly finishListeners = new Set<Listener<RunFinished>>();
  private readonly connection = new ConnectionWatch(() => this.emit({ scope: 'all' }));
  /** The live runs this store subscribes to, each with its subscription. */
  private readonly polled = new Map<string, { dispose(): void }>();
  private readonly monitor: RunMonitor;
  private readonly ownMonitor: boolean;

  constructor(private readonly options: FlowsStoreOptions) {
    this.ownMonitor = options.monitor === undefined;
    this.monitor = options.monitor ?? new RunMonitor({ clock: options.clock, getRun: (runId, call) => options.api.getRun(runId, call) });
  }

  // ---- reading (never a request) ----

  flowsState(): Loadable<Flow[]> {
    return this.flows;
  }

  flow(flowId: string): Flow | undefined {
    return this.flows.status === 'loaded' ? this.flows.value.find((flow) => flow.savedItemId === flowId) : undefined;
  }

  runsState(flowId: string): Loadable<RunSummary[]> {
    return this.runs.get(flowId) ?? { status: 'idle' };
  }

  /** The flow and start time (epoch ms, NaN when unknown) of every loaded run: recent activity known without a request. */
  *runStarts(): Iterable<{ flowId: string; at: number }> {
    for (const [flowId, state] of this.runs) {
      if (state.status === 'loaded') for (const run of state.value) yield { flowId, at: run.createdTs ? Date.parse(run.createdTs) : NaN };
    }
  }

  detailsState(runId: string): Loadable<RunInfo> {
    return this.details.get(runId) ?? { status: 'idle' };
  }

  /** The freshest state known for a run: from its details (polled) or its flow's history. */
  runState(runId: string): string | undefined {
    const details = this.details.get(runId);
    if (details?.status === 'loaded') return details.value.state;
    const flowId = this.flowOfRun.get(runId);
    const list = flowId ? this.runs.get(flowId) : undefined;
    return list?.status === 'loaded' ? list.value.find((run) => run.runId === runId)?.state : undefined;
  }

  /** The one network problem the view shows instead of an error per node. */
  connectionProblem(): GumloopError | undefined {
    return this.connection.current();
  }

  isPolling(runId: string): boolean {
    return this.polled.has(runId);
  }

  // ---- loading (at most one request per node, shared by concurrent callers) ----

  /** A failure stays until a refresh or the connection's return: the change event each answer fires would otherwise ask again at once. */
  loadFlows(): Promise<void> {
    if (this.flows.status === 'loaded' || this.flows.status === 'failed') return Promise.resolve();
    return this.loads.run('flows', async (generation) => {
      this.flows = { status: 'loading' };
      try {
        const flows = await this.options.api.listFlows({ priority: 'user' });
        if (!this.loads.isCurrent(generation)) return;
        this.flows = { status: 'loaded', value: flows };
        this.connected();
      } catch (error) {
        if (!this.loads.isCurrent(generation)) return;
        this.flows = { status: 'failed', error: this.failure(error) };
      }
      // The tree shows a loading row meanwhile, without waiting for this answer: redraw it now.
      this.emit({ scope: 'all' });
    });
  }

  loadRuns(flowId: string): Promise<void> {
    if (this.runs.get(flowId)?.status === 'loaded') return Promise.resolve();
    return this.loads.run(`runs:${flowId}`, async (generation) => {
      this.runs.set(flowId, { status: 'loading' });
      try {
        const runs = await this.options.api.listRuns({ savedItemId: flowId, name: this.flow(flowId)?.name }, { priority: 'user' });
        if (!this.loads.isCurrent(generation)) return;
        this.runs.set(flowId, { status: 'loaded', value: runs });
        for (const run of runs) {
          this.flowOfRun.set(run.runId, flowId);
          if (isLive(run.state)) this.track(run.runId, { userId: '', state: run.state ?? '', log: [], outputs: {}, createdTs: run.createdTs ?? undefined, finishedTs: run.finishedTs ?? undefined }, false);
        }
        this.connected();
        // The flow's own row says how its last run went: it changed too, not only its children.
        this.emit({ scope: 'flow', flowId });
      } catch (error) {
        if (!this.loads.isCurrent(generation)) return;
        this.runs.set(flowId, { status: 'failed', error: this.failure(error) });
      }
    });
  }

  loadRunDetails(runId: string): Promise<void> {
    if (this.details.get(runId)?.status === 'loaded') return Promise.resolve();
    return this.loads.run(`run:${runId}`, async (generation) => {
      this.details.set(runId, { status: 'loading' });
      try {
        const run = await this.options.api.getRun(runId, { priority: 'user' });
        if (!this.loads.isCurrent(generation)) return;
        this.details.set(runId, { status: 'loaded', value: run });
        this.patchSummary(runId, run);
        if (isLive(run.state)) this.track(runId, run);
        this.connected();
      } catch (error) {
        if (!this.loads.isCurrent(generation)) return;
        this.details.set(runId, { status: 'failed', error: this.failure(error) });
      }
    });
  }

  // ---- refreshing ----

  /** Forgets everything (view title Refresh, Try Again, a new key or scope). */
  refreshAll(): void {
    this.loads.reset();
    this.flows = { status: 'idle' };
    this.runs.clear();
    this.details.clear();
    this.connection.clear();
    for (const runId of [...this.polled.keys()]) this.untrack(runId);
    this.emit({ scope: 'all' });
  }

  /** Forgets one flow's runs and their details (flow Refresh, Retry on its error node). */
  refreshFlow(flowId: string): void {
    this.runs.delete(flowId);
    this.loads.forget(`runs:${flowId}`);
    for (const [runId, owner] of this.flowOfRun) {
      if (owner !== flowId) continue;
      this.details.delete(runId);
      this.loads.forget(`run:${runId}`);
      this.untrack(runId);
    }
    this.emit({ scope: 'flow', flowId });
  }

  /** Forgets one run's details (Retry on its error node). */
  refreshRun(runId: string): void {
    this.details.delete(runId);
    this.loads.forget(`run:${runId}`);
    this.emit({ scope: 'run', runId, flowId: this.flowOfRun.get(runId) });
  }

  /** The view's visibility or the window's focus changed. */
  activityChanged(): void {
    this.monitor.activityChanged();
  }

  /** A fresh get_pl_run answer for a run (from the monitor). */
  applyRun(runId: string, run: RunInfo): void {
    const before = this.runState(runId);
    const previous = this.details.get(runId);
    this.details.set(runId, { status: 'loaded', value: run });
    this.patchSummary(runId, run);
    const same = previous?.status === 'loaded' && JSON.stringify(previous.value) === JSON.stringify(run);
    if (!same) this.emit({ scope: 'run', runId, flowId: this.flowOfRun.get(runId) });
    this.connected();
    if (isFinished(run.state) && !isFinished(before)) {
      for (const listener of this.finishListeners) listener({ runId, flowId: this.flowOfRun.get(runId), run });
    }
  }

  onDidChange(listener: Listener<StoreChange>): { dispose(): void } {
    this.changeListeners.add(listener);
    return { dispose: () => this.changeListeners.delete(listener) };
  }

  /** A run the store knew as live reached DONE, FAILED or TERMINATED. */
  onRunFinished(listener: Listener<RunFinished>): { dispose(): void } {
    this.finishListeners.add(listener);
    return { dispose: () => this.finishListeners.delete(listener) };
  }

  dispose(): void {
    for (const runId of [...this.polled.keys()]) this.untrack(runId);
    if (this.ownMonitor) this.monitor.dispose();
    this.changeListeners.clear();
    this.finishListeners.clear();
  }

  // ---- internals ----

  private isActive(): boolean {
    return this.options.isVisible() && this.options.isFocused() && this.connection.current() === undefined;
  }

  /**
   * Subscribes to a live run at the view's pace, active while the view is (see isActive). `known`:
   * what was just loaded, so the first request waits one interval; a summary (`isDetails` false)
   * is not taken for the run's details.
   */
  private track(runId: string, known: RunInfo, isDetails = true): void {
    if (this.polled.has(runId)) return;
    const subscription = this.monitor.watch(
      runId,
      {
        schedule: this.options.schedule ?? VIEW_POLL_SCHEDULE,
        active: () => this.isActive(),
        onUpdate: ({ run }) => (run === known && !isDetails ? undefined : this.applyRun(runId, run)),
        onTrouble: (error) => this.pollFailed(runId, error),
        onEnd: (end) => {
          if (this.polled.get(runId) === subscription) this.polled.delete(runId);
          if ('error' in end) this.pollFailed(runId, isGumloopError(end.error) ? end.error : new GumloopError('network', String(end.error), { cause: end.error }));
        },
      },
      known,
    );
    this.polled.set(runId, subscription);
  }

  private untrack(runId: string): void {
    this.polled.get(runId)?.dispose();
    this.polled.delete(runId);
  }

  private pollFailed(runId: string, error: GumloopError): void {
    this.options.log?.(`Polling run ${runId} failed: ${error.message}`);
    if (isConnectionError(error)) this.failure(error);
    else if (error.code === 'not-found' || error.code === 'forbidden' || error.code === 'unauthorized') {
      this.details.set(runId, { status: 'failed', error });
      this.emit({ scope: 'run', runId, flowId: this.flowOfRun.get(runId) });
    }
  }

  /** Keeps the flow's run list in step with a run's details (state and finish time). */
  private patchSummary(runId: string, run: RunInfo): void {
    const flowId = this.flowOfRun.get(runId);
    const list = flowId ? this.runs.get(flowId) : undefined;
    if (list?.status !== 'loaded') return;
    list.value = list.value.map((summary) =>
      summary.runId === runId ? { ...summary, state: run.state, createdTs: run.createdTs ?? summary.createdTs, finishedTs: run.finishedTs ?? (isFinished(run.state) ? summary.finishedTs : null) } : summary,
    );
  }

  private failure(error: unknown): GumloopError {
    return this.connection.failure(error);
  }

  private connected(): void {
    if (!this.connection.answered()) return;
    // Gumloop answers again: the flows list that could not be fetched is asked for on the redraw below.
    if (this.flows.status === 'failed' && isConnectionError(this.flows.error)) this.flows = { status: 'idle' };
    this.emit({ scope: 'all' });
    this.monitor.activityChanged();
  }

  private emit(change: StoreChange): void {
    for (const listener of this.changeListeners) listener(change);
  }
}
