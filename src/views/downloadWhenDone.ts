// Download When Done: waits for one run as a subscriber of the run monitor and starts its download
// when it is DONE. Unlike the Flows view it stays active while the view is hidden (the user asked
// for this run), at the view's own pace (5 s, backing off to 30 s); the view's own subscription
// hears the same answers, so the run is never polled twice. The marks are
// kept with the workspace (flowsView: a file in its storage folder): a window reloaded or reopened
// while a run was marked goes on waiting for it (resume), since the user asked for its files.
import { isGumloopError } from '../errors';
import type { RunInfo } from '../gumloop/types';
import { RunMonitor } from '../remote/runMonitor';
import { runPhase, describePhase } from '../remote/runState';
import { realClock, VIEW_POLL_SCHEDULE, type Clock } from '../remote/runWatcher';

/** A run the user asked to download when it is done. */
export interface WhenDoneMark {
  runId: string;
  flowId?: string;
  flowName?: string;
}

/** Where the marks outlive the window (flowsView: a file in the workspace's storage folder). */
export interface WhenDoneMarks {
  /** What is stored (any shape: it may come from another version). */
  get(): unknown;
  /** Reads what is stored now (another window may have changed it), changes it, stores it. */
  update(change: (stored: unknown) => WhenDoneMark[]): PromiseLike<void>;
}

export interface DownloadWhenDoneOptions {
  /** The extension's one run monitor; without it (tests) one of its own over `getRun`. */
  monitor?: RunMonitor;
  getRun?(runId: string, options: { signal?: AbortSignal }): Promise<RunInfo>;
  /** A run is armed (a mark this window waits for): for the status bar and done notifications. */
  onArmed?(mark: WhenDoneMark): void;
  /** The run is DONE: download its outputs. */
  download(runId: string, flowId: string | undefined, run: RunInfo, flowName: string | undefined): Promise<void>;
  /** The run ended otherwise, or waiting failed: tell the user. */
  notify(message: string): void;
  /** Armed or cleared: redraw the run. */
  onChange(runId: string): void;
  log(message: string): void;
  marks: WhenDoneMarks;
  clock?: Clock;
}

export class DownloadWhenDone {
  private readonly waiting = new Map<string, AbortController>();
  private readonly monitor: RunMonitor;

  constructor(private readonly options: DownloadWhenDoneOptions) {
    const getRun = options.getRun;
    this.monitor = options.monitor ?? new RunMonitor({ clock: options.clock ?? realClock, getRun: (runId, call) => (getRun ? getRun(runId, call) : Promise.reject(new Error('no getRun'))) });
  }

  isWatched(runId: string): boolean {
    return this.waiting.has(runId);
  }

  /** Starts waiting for the run (again, if it already was); resolves when the wait is over. */
  async start(runId: string, flowId: string | undefined, flowName?: string): Promise<void> {
    this.stopWaiting(runId);
    // Armed before the first await: a second start meanwhile replaces this wait, never runs beside it.
    const controller = this.arm({ runId, flowId, flowName });
    await this.saveMarks((marks) => [...marks.filter((known) => known.runId !== runId), { runId, flowId, flowName }]);
    await this.wait(runId, flowId, flowName, controller);
  }

  /** Goes on waiting for the runs marked before the window closed; resolves when all waits are over. */
  async resume(): Promise<void> {
    const marks = readMarks(this.options.marks.get()).filter((mark) => !this.waiting.has(mark.runId));
    if (marks.length > 0) this.options.log(`Download When Done: resuming ${marks.length} run(s) marked before this window opened`);
    await Promise.all(marks.map((mark) => this.wait(mark.runId, mark.flowId, mark.flowName, this.arm(mark))));
  }

  /** The user no longer wants the run downloaded. */
  cancel(runId: string): void {
    this.stopWaiting(runId);
    void this.forget(runId);
  }

  /** The window is closing: stop polling, keep the marks for the next window. */
  dispose(): void {
    for (const runId of [...this.waiting.keys()]) this.stopWaiting(runId);
  }

  private arm(mark: WhenDoneMark): AbortController {
    const { runId } = mark;
    const controller = new AbortController();
    this.waiting.set(runId, controller);
    this.options.onArmed?.(mark);
    this.options.onChange(runId);
    this.options.log(`Download When Done: waiting for run ${runId}`);
    return controller;
  }

  private async wait(runId: string, flowId: string | undefined, flowName: string | undefined, controller: AbortController): Promise<void> {
    let result;
    try {
      // No limit here: passing trouble is ridden out (an outage when a window reopens included),
      // and the log says so while it lasts.
      result = await this.monitor.wait(
        runId,
        { schedule: VIEW_POLL_SCHEDULE, onTrouble: (error, trouble) => this.options.log(`Download When Done for run ${runId}: ${error.message} (${trouble.text}; still waiting)`) },
        controller.signal,
      );
    } catch (error) {
      if (this.waiting.get(runId) !== controller) return; // cancelled, restarted or shut down: the mark is theirs
      this.finish(runId, controller);
      await this.forget(runId);
      if (isGumloopError(error, 'cancelled')) return;
      const message = error instanceof Error ? error.message : String(error);
      this.options.log(`Download When Done for run ${runId} stopped: ${message}`);
      this.options.notify(`Stopped waiting for Gumloop run ${runId}: ${message}`);
      return;
    }
    // The last answer may arrive just after Cancel or a restart: then it is not this wait's to act on.
    if (this.waiting.get(runId) !== controller) return;
    this.finish(runId, controller);
    const phase = runPhase(result.run.state);
    try {
      // The download reports its own outcome (progress, summary, errors), like any other download.
      if (phase === 'done') await this.options.download(runId, flowId, result.run, flowName);
      else this.options.notify(`Gumloop run ${flowName ? `of “${flowName}” ` : ''}${runId} ${describePhase(phase)}, so nothing was downloaded.`);
    } catch (error) {
      this.options.log(`Download When Done: the download of run ${runId} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      // Only now: a window closed during the download leaves the mark, and the next one tries again.
      await this.forget(runId);
    }
  }

  private stopWaiting(runId: string): void {
    const controller = this.waiting.get(runId);
    if (!controller) return;
    controller.abort();
    this.finish(runId, controller);
  }

  private forget(runId: string): Promise<void> {
    return this.saveMarks((marks) => marks.filter((mark) => mark.runId !== runId));
  }

  /** A mark that cannot be saved (disk full, no permission) costs only its life beyond this window. */
  private async saveMarks(change: (marks: WhenDoneMark[]) => WhenDoneMark[]): Promise<void> {
    try {
      await this.options.marks.update((stored) => change(readMarks(stored)));
    } catch (error) {
      this.options.log(`Download When Done: could not save the list of marked runs (${error instanceof Error ? error.message : String(error)}); waits in this window go on, but a new window will not resume them`);
    }
  }

  private finish(runId: string, controller: AbortController): void {
    if (this.waiting.get(runId) !== controller) return;
    this.waiting.delete(runId);
    this.options.onChange(runId);
  }
}

/** The confirmation of Download When Done: which run, and where its files go (undefined: the folder is asked for then). */
export function whenDoneMessage(runId: string, where: string | undefined): string {
  return where ? `Gumloop will download run ${runId}’s files into ${where}/ when it is done.` : `Gumloop will download run ${runId}’s files when it is done.`;
}

/** The stored marks that read as marks: state from another version or edited by hand is dropped. */
function readMarks(stored: unknown): WhenDoneMark[] {
  if (!Array.isArray(stored)) return [];
  return stored.filter((mark: Partial<WhenDoneMark> | null): mark is WhenDoneMark => typeof mark?.runId === 'string' && mark.runId !== '');
}
