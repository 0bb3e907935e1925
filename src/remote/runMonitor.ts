// The one owner that polls get_pl_run in the extension. Whoever shows or waits for a run (the
// Flows view, Recent Runs, Run Flow's progress, Download When Done, a run log document, the
// status bar and done notifications) subscribes with the pace it needs; each run is polled by ONE
// watchRun loop (the same loop the CLI's wait uses) at the fastest pace any active subscriber asks
// for, so N subscribers cost what the fastest of them asks, not the sum. A subscriber that is not
// active (a hidden view, an unfocused window) asks for nothing: while no subscriber of a run is
// active, the run is not polled, and a poll already queued in the request budget is dropped
// unsent. A subscriber leaving slows the pace to the fastest one left; the last one leaving ends
// the loop and the request in flight. A run that ends (or stays TERMINATING past the limit) is
// told to every subscriber and no longer polled. No vscode import.
import { cancelledError, GumloopError, isGumloopError } from '../errors';
import { followSignal } from '../gumloop/timeLimit';
import type { RunInfo } from '../gumloop/types';
import { PollSkipped, type CallOptions } from './flowsApi';
import { runPhase } from './runState';
import { LOG_START, newLogLines, watchRun, type Clock, type LogPosition, type PollSchedule, type RunUpdate, type Trouble, type WatchResult } from './runWatcher';

export interface RunSubscriber {
  /** The pace this subscriber needs (WATCH_SCHEDULE for a wait someone watches, VIEW_POLL_SCHEDULE for a view). */
  schedule: PollSchedule;
  /** Whether it needs polls now (a view: visible and the window focused). Without it: always. */
  active?(): boolean;
  /** Each answer, with the log lines and change as this subscriber has seen them (all lines on its first). */
  onUpdate?(update: RunUpdate): void;
  /** A poll failed for a passing reason; polling goes on. */
  onTrouble?(error: GumloopError, trouble: Trouble): void;
  /** The run ended (result), or polling it failed for good (error). Not called after dispose. */
  onEnd?(end: { result: WatchResult } | { error: unknown }): void;
}

export interface RunMonitorOptions {
  clock: Clock;
  /** One request for the run (through the request budget); `stillWanted` false when its turn comes: throw PollSkipped. */
  getRun(runId: string, options: CallOptions): Promise<RunInfo>;
  log?(message: string): void;
}

interface Subscription {
  subscriber: RunSubscriber;
  since: number;
  log: LogPosition;
  seen?: RunInfo;
}

interface WatchedRun {
  runId: string;
  subscriptions: Set<Subscription>;
  /** Ends the loop and its request in flight: the last subscriber left or the monitor was disposed. */
  stop: AbortController;
  /** Aborted (and replaced) when the subscribers or their activity change: sleeps re-plan. */
  replan: AbortController;
  /** A subscriber joined since the last sleep began: the next poll comes at its pace's first wait. */
  joined: boolean;
  latest?: RunInfo;
  /** What the first "poll" answers without a request: a run just loaded by whoever subscribed. */
  known?: RunInfo;
}

/** How long a run with no active subscriber sleeps before looking again (it is woken by any change anyway). */
const IDLE_SLEEP_MS = 60 * 60 * 1000;

export class RunMonitor {
  private readonly runs = new Map<string, WatchedRun>();
  private disposed = false;

  constructor(private readonly options: RunMonitorOptions) {}

  /**
   * Subscribes to a run until the returned disposable is disposed or the run ends. `known`: an
   * answer the caller just got, so the first request waits one interval (and subscribers joining
   * later get it at once).
   */
  watch(runId: string, subscriber: RunSubscriber, known?: RunInfo): { dispose(): void } {
    if (this.disposed) return { dispose: () => undefined };
    let run = this.runs.get(runId);
    const subscription: Subscription = { subscriber, since: this.options.clock.now(), log: LOG_START };
    if (!run) {
      run = { runId, subscriptions: new Set(), stop: new AbortController(), replan: new AbortController(), joined: false, known, latest: known };
      this.runs.set(runId, run);
      run.subscriptions.add(subscription);
      this.loop(run);
    } else {
      run.subscriptions.add(subscription);
      run.joined = true;
      this.replan(run);
      // What is already known reaches the newcomer now, without a request.
      const { latest, subscriptions } = run;
      if (latest) queueMicrotask(() => subscriptions.has(subscription) && this.deliver(subscription, latest));
    }
    const watched = run;
    return {
      dispose: () => {
        if (!watched.subscriptions.delete(subscription)) return;
        if (watched.subscriptions.size === 0) this.forget(watched);
        else this.replan(watched);
      },
    };
  }

  /** Waits for the run to end, as one subscriber; `signal` ends the wait (the run goes on). */
  wait(runId: string, subscriber: RunSubscriber, signal?: AbortSignal): Promise<WatchResult> {
    return new Promise((resolve, reject) => {
      const subscription = this.watch(runId, {
        ...subscriber,
        onEnd: (end) => {
          signal?.removeEventListener('abort', aborted);
          subscriber.onEnd?.(end);
          if ('result' in end) resolve(end.result);
          else reject(end.error);
        },
      });
      const aborted = (): void => {
        subscription.dispose();
        reject(isGumloopError(signal?.reason) ? signal.reason : cancelledError());
      };
      if (signal?.aborted) aborted();
      else signal?.addEventListener('abort', aborted, { once: true });
    });
  }

  /** The last answer about a run still polled. */
  latest(runId: string): RunInfo | undefined {
    return this.runs.get(runId)?.latest;
  }

  isPolling(runId: string): boolean {
    return this.runs.has(runId);
  }

  /** The pace a run is polled at now (undefined: not polled, or no subscriber active). */
  paceOf(runId: string): PollSchedule | undefined {
    const run = this.runs.get(runId);
    return run ? this.pace(run) : undefined;
  }

  /** Visibility or focus changed somewhere: every run re-plans (a poll held back may go now). */
  activityChanged(): void {
    for (const run of this.runs.values()) this.replan(run);
  }

  dispose(): void {
    this.disposed = true;
    for (const run of [...this.runs.values()]) this.forget(run);
  }

  private forget(run: WatchedRun): void {
    if (this.runs.get(run.runId) === run) this.runs.delete(run.runId);
    run.subscriptions.clear();
    run.stop.abort(new GumloopError('cancelled', 'No one watches this run any more.'));
  }

  private replan(run: WatchedRun): void {
    const previous = run.replan;
    run.replan = new AbortController();
    previous.abort();
  }

  private isActive(subscription: Subscription): boolean {
    return subscription.subscriber.active?.() ?? true;
  }

  private anyActive(run: WatchedRun): boolean {
    for (const subscription of run.subscriptions) if (this.isActive(subscription)) return true;
    return false;
  }

  /** The fastest pace any active subscriber asks for. */
  private pace(run: WatchedRun): PollSchedule | undefined {
    let fastest: PollSchedule | undefined;
    for (const subscription of run.subscriptions) {
      if (!this.isActive(subscription)) continue;
      const asked = subscription.subscriber.schedule;
      if (!fastest || asked.firstMs < fastest.firstMs || (asked.firstMs === fastest.firstMs && asked.maxMs < fastest.maxMs)) fastest = asked;
    }
    return fastest;
  }

  private loop(run: WatchedRun): void {
    const clock = this.options.clock;
    // The loop's sleeps: woken when subscribers change, then the wait is re-planned for the new pace.
    const sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
      const start = clock.now();
      const pace = this.pace(run);
      // Someone joined while the request was in flight: the next poll comes at their pace.
      let wanted = run.joined && pace ? Math.min(ms, pace.firstMs) : ms;
      run.joined = false;
      for (;;) {
        const left = start + wanted - clock.now();
        if (left <= 0) return;
        const replan = run.replan.signal;
        const { controller, release } = followSignal(signal);
        const woken = (): void => controller.abort(replan.reason);
        replan.addEventListener('abort', woken, { once: true });
        try {
          await clock.sleep(left, controller.signal);
          return;
        } catch (error) {
          if (signal?.aborted) throw error;
          const current = this.pace(run);
          // Someone joined: no longer than their first wait; someone left: no shorter than the slower pace's.
          if (current) wanted = run.joined ? Math.min(wanted, current.firstMs) : Math.max(wanted, current.firstMs);
          run.joined = false;
        } finally {
          replan.removeEventListener('abort', woken);
          release();
        }
      }
    };
    const untilActive = async (signal: AbortSignal): Promise<void> => {
      while (!this.anyActive(run)) {
        const { controller, release } = followSignal(signal);
        const replan = run.replan.signal;
        const woken = (): void => controller.abort(replan.reason);
        replan.addEventListener('abort', woken, { once: true });
        try {
          await clock.sleep(IDLE_SLEEP_MS, controller.signal);
        } catch (error) {
          if (signal.aborted) throw error;
        } finally {
          replan.removeEventListener('abort', woken);
          release();
        }
      }
    };
    const fallback = this.pace(run) ?? run.subscriptions.values().next().value!.subscriber.schedule;
    let lastPace = fallback;
    void watchRun({
      runId: run.runId,
      signal: run.stop.signal,
      clock: { now: () => clock.now(), sleep, abortAfter: (ms, reason, signal) => clock.abortAfter(ms, reason, signal) },
      // Without an active subscriber the pace is moot (nothing is sent): keep the last one.
      schedule: () => (lastPace = this.pace(run) ?? lastPace),
      unansweredLimitMs: Number.POSITIVE_INFINITY,
      getRun: async (runId, { signal }) => {
        if (run.known) {
          const known = run.known;
          run.known = undefined;
          return known;
        }
        for (;;) {
          await untilActive(signal ?? run.stop.signal);
          try {
            return await this.options.getRun(runId, { priority: 'poll', signal, stillWanted: () => this.anyActive(run) && this.runs.get(runId) === run });
          } catch (error) {
            if (!(error instanceof PollSkipped)) throw error;
          }
        }
      },
      onUpdate: (update) => {
        run.latest = update.run;
        for (const subscription of [...run.subscriptions]) this.deliver(subscription, update.run);
      },
      onTransientError: (error, trouble) => {
        for (const subscription of [...run.subscriptions]) subscription.subscriber.onTrouble?.(error, trouble);
      },
    }).then(
      (result) => this.ended(run, { result }),
      (error: unknown) => this.ended(run, { error }),
    );
  }

  private deliver(subscription: Subscription, run: RunInfo): void {
    const log = newLogLines(subscription.log, run.log);
    const changed = !subscription.seen || subscription.seen.state !== run.state || log.lines.length > 0 || log.rewritten;
    subscription.log = log.position;
    subscription.seen = run;
    subscription.subscriber.onUpdate?.({ run, phase: runPhase(run.state), newLogLines: log.lines, logRewritten: log.rewritten, changed, elapsedMs: this.options.clock.now() - subscription.since });
  }

  private ended(run: WatchedRun, end: { result: WatchResult } | { error: unknown }): void {
    if (run.stop.signal.aborted) return; // no one left to tell
    if (this.runs.get(run.runId) === run) this.runs.delete(run.runId);
    if ('error' in end) this.options.log?.(`Stopped polling run ${run.runId}: ${end.error instanceof Error ? end.error.message : String(end.error)}`);
    const subscriptions = [...run.subscriptions];
    run.subscriptions.clear();
    for (const subscription of subscriptions) {
      const own = 'result' in end ? { result: { ...end.result, elapsedMs: this.options.clock.now() - subscription.since } } : end;
      subscription.subscriber.onEnd?.(own);
    }
  }
}
