// Download When Done: waits for one run with the run watcher and starts its download when it is
// DONE. Unlike the Flows view's poller it keeps waiting while the view is hidden (the user asked
// for this run), at the view's own pace (5 s, backing off to 30 s), and it feeds each answer to the
// store so the tree shows the run's progress without polling it a second time.
import { isGumloopError } from '../errors';
import type { RunInfo } from '../gumloop/types';
import type { FlowsStore } from '../remote/flowsStore';
import { VIEW_POLL_SCHEDULE } from '../remote/runPoller';
import { runPhase, describePhase } from '../remote/runState';
import { watchRun } from '../remote/runWatcher';

export interface DownloadWhenDoneOptions {
  store: FlowsStore;
  getRun(runId: string, options: { signal?: AbortSignal }): Promise<RunInfo>;
  /** The run is DONE: download its outputs. */
  download(runId: string, flowId: string | undefined, run: RunInfo): Promise<void>;
  /** The run ended otherwise, or waiting failed: tell the user. */
  notify(message: string): void;
  /** Armed or cleared: redraw the run. */
  onChange(runId: string): void;
  log(message: string): void;
}

export class DownloadWhenDone {
  private readonly waiting = new Map<string, AbortController>();

  constructor(private readonly options: DownloadWhenDoneOptions) {}

  isWatched(runId: string): boolean {
    return this.waiting.has(runId);
  }

  /** Starts waiting for the run (again, if it already was); resolves when the wait is over. */
  async start(runId: string, flowId: string | undefined, flowName?: string): Promise<void> {
    this.cancel(runId);
    const controller = new AbortController();
    this.waiting.set(runId, controller);
    this.options.store.setWatchedElsewhere(runId, true);
    this.options.onChange(runId);
    this.options.log(`Download When Done: waiting for run ${runId}`);
    try {
      const result = await watchRun({
        runId,
        getRun: this.options.getRun,
        signal: controller.signal,
        schedule: VIEW_POLL_SCHEDULE,
        onUpdate: (update) => this.options.store.applyRun(runId, update.run),
      });
      this.finish(runId, controller);
      const phase = runPhase(result.run.state);
      if (phase === 'done') await this.options.download(runId, flowId, result.run);
      else this.options.notify(`Gumloop run ${flowName ? `of “${flowName}” ` : ''}${runId} ${describePhase(phase)}, so nothing was downloaded.`);
    } catch (error) {
      if (this.waiting.get(runId) !== controller) return; // cancelled or restarted
      this.finish(runId, controller);
      if (isGumloopError(error, 'cancelled')) return;
      const message = error instanceof Error ? error.message : String(error);
      this.options.log(`Download When Done for run ${runId} stopped: ${message}`);
      this.options.notify(`Stopped waiting for Gumloop run ${runId}: ${message}`);
    }
  }

  cancel(runId: string): void {
    const controller = this.waiting.get(runId);
    if (!controller) return;
    controller.abort();
    this.finish(runId, controller);
  }

  dispose(): void {
    for (const runId of [...this.waiting.keys()]) this.cancel(runId);
  }

  private finish(runId: string, controller: AbortController): void {
    if (this.waiting.get(runId) !== controller) return;
    this.waiting.delete(runId);
    this.options.store.setWatchedElsewhere(runId, false);
    this.options.onChange(runId);
  }
}
