// Keeps every run that Recent Runs shows as queued or running current until it ends, whoever
// started it: a run Run Flow started, one downloaded early or recorded by another window is picked
// up from the history. Subscribes to the run monitor at the views' slow pace (5 s → ×1.5 → 30 s),
// active only while the caller says so (Recent Runs visible, window focused); a run someone else
// also watches costs nothing more (the monitor polls it once, at the fastest pace). No vscode import.
import type { RunInfo } from '../gumloop/types';
import type { RunHistory, RunRecord } from '../runs/history';
import type { CallOptions } from './flowsApi';
import { RunMonitor } from './runMonitor';
import { isLive } from './runState';
import { VIEW_POLL_SCHEDULE, type Clock, type PollSchedule } from './runWatcher';

export interface HistoryFollowerOptions {
  history: RunHistory;
  clock: Clock;
  /** The extension's one run monitor; without it (tests) one of its own over `getRun`. */
  monitor?: RunMonitor;
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
  private readonly monitor: RunMonitor;
  private readonly ownMonitor: boolean;
  private readonly followed = new Map<string, { dispose(): void }>();
  /** Runs Gumloop no longer answers for (gone, no access): asked about again after a new key or settings. */
  private readonly givenUp = new Set<string>();
  private readonly subscription: { dispose(): void };

  constructor(private readonly options: HistoryFollowerOptions) {
    this.ownMonitor = options.monitor === undefined;
    this.monitor = options.monitor ?? new RunMonitor({ clock: options.clock, getRun: (runId, call) => options.getRun(runId, call) });
    this.subscription = options.history.onDidChange(() => this.followLive());
    this.followLive();
  }

  isFollowing(runId: string): boolean {
    return this.followed.has(runId);
  }

  /** A new key, user or server: runs given up on are worth asking about again. */
  retryGivenUp(): void {
    this.givenUp.clear();
    this.followLive();
  }

  /** Visibility or focus changed: a poll that came due while inactive goes now. */
  activityChanged(): void {
    this.monitor.activityChanged();
  }

  dispose(): void {
    this.subscription.dispose();
    for (const followed of this.followed.values()) followed.dispose();
    this.followed.clear();
    if (this.ownMonitor) this.monitor.dispose();
  }

  private followLive(): void {
    const wanted = new Set(this.options.history.all().filter((record) => isShownRunning(record) && !this.givenUp.has(record.runId)).map((record) => record.runId));
    for (const [runId, followed] of this.followed) {
      if (wanted.has(runId)) continue;
      followed.dispose();
      this.followed.delete(runId);
    }
    for (const runId of wanted) {
      const record = this.options.history.get(runId);
      if (record && !this.followed.has(runId)) this.follow(record);
    }
  }

  private follow(record: RunRecord): void {
    const { runId } = record;
    // What the history knows stands for a first answer: the first request waits one interval.
    const known: RunInfo = { userId: '', state: record.state ?? '', log: [], outputs: {}, createdTs: record.createdTs, finishedTs: record.finishedTs };
    const followed = this.monitor.watch(runId, {
      schedule: this.options.schedule ?? VIEW_POLL_SCHEDULE,
      active: () => this.options.isActive(),
      onUpdate: ({ run }) => void this.apply(runId, run),
      onTrouble: (error) => this.options.log?.(`Recent Runs could not read run ${runId}: ${error.message}`),
      onEnd: (end) => {
        if (this.followed.get(runId) === followed) this.followed.delete(runId);
        if (!('error' in end)) return;
        this.options.log?.(`Recent Runs could not read run ${runId}: ${end.error instanceof Error ? end.error.message : String(end.error)}`);
        // Lasting trouble: a later history change must not bring it back.
        this.givenUp.add(runId);
      },
    }, known);
    this.followed.set(runId, followed);
  }
  private async apply(runId: string, run: RunInfo): Promise<void> {
    const record = this.options.history.get(runId);
    if (!record) return;
    const fields = { state: run.state, createdTs: run.createdTs ?? record.createdTs, finishedTs: run.finishedTs ?? record.finishedTs };
    if (fields.state === record.state && fields.createdTs === record.createdTs && fields.finishedTs === record.finishedTs) return;
    await this.options.history.update(runId, fields);
  }
}
