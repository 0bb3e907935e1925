// Keeps the Agents view's processing and queued sessions fresh (runs have the run monitor). Each is
// polled at most once per 5 s (counted from the end of its last poll), backing off 1.5× up to 30 s
// while nothing changes and back to 5 s on any change (the watcher's nextDelay with the views'
// schedule). Nothing is polled while the view is hidden or the window is unfocused: a poll that comes
// due then waits, and one already queued in the budget is dropped before it reaches the network.
// No vscode import.
import { GumloopError, isGumloopError } from '../errors';
import { PollSkipped } from './flowsApi';
import { nextDelay, VIEW_POLL_SCHEDULE, type Clock, type PollSchedule } from './runWatcher';

/** The longest single sleep of the loop; it is woken early by any change anyway. */
const IDLE_SLEEP_MS = 60 * 60 * 1000;

export interface PollerOptions<T> {
  clock: Clock;
  schedule?: PollSchedule;
  /** One request (through the view's budget). Throws PollSkipped when the view went inactive meanwhile. */
  poll(runId: string, signal: AbortSignal): Promise<T>;
  /** Visible and focused. */
  isActive(): boolean;
  onUpdate(runId: string, run: T, changed: boolean): void;
  onError(runId: string, error: GumloopError): void;
  /** What counts as a change, and when polling ends. */
  signature(value: T): string;
  isDone(value: T): boolean;
}

interface TrackedRun {
  dueAt: number;
  delayMs?: number;
  signature?: string;
  inFlight: boolean;
}

export class SessionPoller<T> {
  private readonly tracked = new Map<string, TrackedRun>();
  private readonly schedule: PollSchedule;
  private readonly stop = new AbortController();
  private wakeUp = new AbortController();
  private looping = false;
  private readonly signature: (value: T) => string;
  private readonly isDone: (value: T) => boolean;

  constructor(private readonly options: PollerOptions<T>) {
    this.schedule = options.schedule ?? VIEW_POLL_SCHEDULE;
    this.signature = options.signature;
    this.isDone = options.isDone;
  }

  /** Starts watching a live run; its first poll is one interval after what was just loaded. */
  track(runId: string, known?: T): void {
    if (this.stop.signal.aborted || this.tracked.has(runId)) return;
    this.tracked.set(runId, { dueAt: this.options.clock.now() + this.schedule.firstMs, signature: known ? this.signature(known) : undefined, inFlight: false });
    this.wake();
  }

  untrack(runId: string): void {
    this.tracked.delete(runId);
  }

  isTracking(runId: string): boolean {
    return this.tracked.has(runId);
  }

  trackedRuns(): string[] {
    return [...this.tracked.keys()];
  }

  /** Visibility or focus changed (or a run was added): re-plan now. */
  wake(): void {
    this.wakeUp.abort();
    void this.loop();
  }

  dispose(): void {
    this.stop.abort();
    this.wakeUp.abort();
    this.tracked.clear();
  }

  private async loop(): Promise<void> {
    if (this.looping) return;
    this.looping = true;
    try {
      while (!this.stop.signal.aborted) {
        if (this.wakeUp.signal.aborted) this.wakeUp = new AbortController();
        const now = this.options.clock.now();
        let nextDue = Number.POSITIVE_INFINITY;
        if (this.options.isActive()) {
          for (const [runId, run] of this.tracked) {
            if (run.inFlight) continue;
            if (run.dueAt <= now) this.pollOne(runId, run);
            else nextDue = Math.min(nextDue, run.dueAt);
          }
        }
        if (this.tracked.size === 0) break;
        try {
          await this.options.clock.sleep(Math.min(IDLE_SLEEP_MS, Math.max(1, nextDue - now)), this.wakeUp.signal);
        } catch {
          // Woken early: plan again.
        }
      }
    } finally {
      this.looping = false;
    }
  }

  private pollOne(runId: string, tracked: TrackedRun): void {
    tracked.inFlight = true;
    void this.options.poll(runId, this.stop.signal).then(
      (run) => {
        tracked.inFlight = false;
        if (this.tracked.get(runId) !== tracked) return; // untracked meanwhile
        const signature = this.signature(run);
        const changed = tracked.signature !== undefined && signature !== tracked.signature;
        tracked.signature = signature;
        tracked.delayMs = nextDelay(tracked.delayMs ?? this.schedule.firstMs, changed, this.schedule);
        tracked.dueAt = this.options.clock.now() + tracked.delayMs;
        if (this.isDone(run)) this.tracked.delete(runId);
        this.options.onUpdate(runId, run, changed);
        this.wake();
      },
      (error: unknown) => {
        tracked.inFlight = false;
        if (this.tracked.get(runId) !== tracked || this.stop.signal.aborted) return;
        if (error instanceof PollSkipped) {
          tracked.dueAt = this.options.clock.now(); // goes first once the view is active again
          return;
        }
        const failure = isGumloopError(error) ? error : new GumloopError('network', String(error), { cause: error });
        // Passing trouble: try again at the slowest pace. Lasting trouble (gone, no access): stop.
        if (failure.code === 'not-found' || failure.code === 'forbidden' || failure.code === 'unauthorized' || failure.code === 'invalid-response') {
          this.tracked.delete(runId);
        } else {
          tracked.delayMs = this.schedule.maxMs;
          tracked.dueAt = this.options.clock.now() + this.schedule.maxMs;
        }
        this.options.onError(runId, failure);
        this.wake();
      },
    );
  }
}
