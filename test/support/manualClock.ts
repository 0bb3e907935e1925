// A clock for tests with many timers at once (the Flows poller, the request budget): sleeping
// registers a timer, and advance() moves time forward firing the timers in order, letting the
// promise chains they start run before the next one fires. (FakeClock suits one sequential waiter.)
import { abortError } from '../../src/errors';
import { followSignal, type TimeLimit } from '../../src/gumloop/timeLimit';
import type { Clock } from '../../src/remote/runWatcher';

interface Timer {
  at: number;
  order: number;
  fire(): void;
}

/** Lets every pending promise chain run to its next real wait. */
export async function settle(): Promise<void> {
  for (let round = 0; round < 3; round++) await new Promise((resolve) => setImmediate(resolve));
}

export class ManualClock implements Clock {
  private time: number;
  private timers: Timer[] = [];
  private order = 0;

  constructor(startMs = 0) {
    this.time = startMs;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      const onAbort = (): void => {
        this.timers = this.timers.filter((other) => other !== timer);
        reject(abortError(signal!));
      };
      const timer: Timer = {
        at: this.time + Math.max(0, ms),
        order: this.order++,
        fire: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.timers.push(timer);
    });
  }

  /** A signal that fires `ms` from now (when advance() passes it), or with the caller's signal. */
  abortAfter(ms: number, reason: Error, signal?: AbortSignal): TimeLimit {
    const { controller, release } = followSignal(signal);
    const timer: Timer = { at: this.time + Math.max(0, ms), order: this.order++, fire: () => controller.abort(reason) };
    this.timers.push(timer);
    return {
      signal: controller.signal,
      clear: () => {
        this.timers = this.timers.filter((other) => other !== timer);
        release();
      },
    };
  }

  /** Moves time forward by `ms`, firing every timer due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    await settle();
    for (;;) {
      const due = this.timers.filter((timer) => timer.at <= end);
      if (due.length === 0) break;
      const next = due.reduce((a, b) => (a.at < b.at || (a.at === b.at && a.order < b.order) ? a : b));
      this.timers = this.timers.filter((timer) => timer !== next);
      this.time = Math.max(this.time, next.at);
      next.fire();
      await settle();
    }
    this.time = end;
    await settle();
  }
}

/** Moves the clock in 10 ms steps until `promise` settles (at most a minute), and returns it. */
export async function driveUntilSettled<T>(clock: ManualClock, promise: Promise<T>): Promise<T> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let waited = 0; !settled && waited < 60_000; waited += 10) await clock.advance(10);
  return promise;
}
