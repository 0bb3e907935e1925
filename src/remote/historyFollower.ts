// Keeps every run that Recent Runs shows as queued or running current until it ends, whoever
// started it: Run Flow hands a run over when it stops watching, a run downloaded early or
// recorded by another window is picked up from the history. Polls at the views' slow pace
// (5 s → ×1.5 → 30 s) through the Flows view's request budget, only while the caller says it is
// active (Recent Runs visible, window focused); runs someone else watches are left to them.
// Issue 17 folds this into the one run monitor. No vscode import.
import type { RunInfo } from '../gumloop/types';
import type { RunHistory, RunRecord } from '../runs/history';
import type { CallOptions } from './flowsApi';
import { RunPoller } from './runPoller';
import { isLive } from './runState';
import type { Clock, PollSchedule } from './runWatcher';

export interface HistoryFollowerOptions {
  history: RunHistory;
  clock: Clock;
  getRun(runId: string, options: CallOptions): Promise<RunInfo>;
  /** Recent Runs visible and the window focused. */
  isActive(): boolean;
  log?(message: string): void;
  schedule?: PollSchedule;
}

/** A record whose last known state is not final. A record with no state (an old download) is not followed. */
export function isShownRunning(record: Pick<RunRecord, 'state'>): boolean {
  return record.state !== undefined && isLive(record.state);
}

export class HistoryFollower {
  private readonly poller: RunPoller;
  private readonly watchedElsewhere = new Set<string>();
  /** Runs Gumloop no longer answers for (gone, no access): asked about again after a new key or settings. */
  private readonly givenUp = new Set<string>();
  private readonly subscription: { dispose(): void };

  constructor(private readonly options: HistoryFollowerOptions) {
    this.poller = new RunPoller({
      clock: options.clock,
      schedule: options.schedule,
      isActive: options.isActive,
      poll: (runId, signal) => options.getRun(runId, { priority: 'poll', signal, stillWanted: () => options.isActive() && this.poller.isTracking(runId) }),
      onUpdate: (runId, run) => void this.apply(runId, run),
      onError: (runId, error) => {
        options.log?.(`Recent Runs could not read run ${runId}: ${error.message}`);
        // The poller drops a run on lasting trouble; a later history change must not bring it back.
        if (!this.poller.isTracking(runId)) this.givenUp.add(runId);
      },
    });
    this.subscription = options.history.onDidChange(() => this.followLive());
    this.followLive();
  }

  /** Another watcher (Run Flow's progress) polls this run; released, it is followed here again. */
  setWatchedElsewhere(runId: string, watched: boolean): void {
    if (watched) this.watchedElsewhere.add(runId);
    else this.watchedElsewhere.delete(runId);
    this.followLive();
  }

  isFollowing(runId: string): boolean {
    return this.poller.isTracking(runId);
  }

  /** A new key, user or server: runs given up on are worth asking about again. */
  retryGivenUp(): void {
    this.givenUp.clear();
    this.followLive();
  }

  /** Visibility or focus changed: a poll that came due while inactive goes now. */
  activityChanged(): void {
    this.poller.wake();
  }

  dispose(): void {
    this.subscription.dispose();
    this.poller.dispose();
  }

  private followLive(): void {
    const wanted = new Set(this.options.history.all().filter((record) => isShownRunning(record) && !this.watchedElsewhere.has(record.runId) && !this.givenUp.has(record.runId)).map((record) => record.runId));
    for (const runId of this.poller.trackedRuns()) if (!wanted.has(runId)) this.poller.untrack(runId);
    for (const runId of wanted) this.poller.track(runId);
  }

  private async apply(runId: string, run: RunInfo): Promise<void> {
    const record = this.options.history.get(runId);
    if (!record) return;
    const fields = { state: run.state, createdTs: run.createdTs ?? record.createdTs, finishedTs: run.finishedTs ?? record.finishedTs };
    if (fields.state === record.state && fields.createdTs === record.createdTs && fields.finishedTs === record.finishedTs) return;
    await this.options.history.update(runId, fields);
  }
}
