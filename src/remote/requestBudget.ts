// The Flows view's request budget: every request the view makes (expanding a node, polling a
// running run) waits its turn here. At most `maxPerWindow` requests start in any `windowMs` (a
// sliding window, so no burst can exceed it, unlike a token bucket that lets a full bucket and
// the refill through together), and starts are at least `minGapMs` apart. The server sees a
// request somewhere between its start and its answer (the first one of a client also waits for
// the HTTP library to load), so a request counts from its answer once it has one: spacing
// measured that way, 10% wider than 1/4 s, keeps every second *as the server counts it* at 4 or
// fewer (measured at the emulator by npm run bench). A 429 pauses
// everything until its Retry-After has passed. What a person asked for (expanding, refreshing)
// goes ahead of background polls. No vscode import.
import { cancelledError } from '../errors';
import type { Clock } from './runWatcher';

export type RequestPriority = 'user' | 'poll';

export interface BudgetOptions {
  clock: Clock;
  /** Default 4 per 1000 ms: the "at most 4 requests/s in total across the view". */
  maxPerWindow?: number;
  windowMs?: number;
  /** Default 275 ms: 1/4 s plus room for network jitter. */
  minGapMs?: number;
}

interface QueuedRequest {
  priority: RequestPriority;
  start(): void;
  signal?: AbortSignal;
  reject(error: unknown): void;
}

export class RequestBudget {
  private readonly clock: Clock;
  private readonly maxPerWindow: number;
  private readonly windowMs: number;
  private readonly minGapMs: number;
  /** The last requests: when each started, or when it was answered once it was. */
  private readonly recent: { at: number }[] = [];
  private readonly queue: QueuedRequest[] = [];
  private pausedUntil = 0;
  private pumping = false;
  private disposed = false;

  constructor(options: BudgetOptions) {
    this.clock = options.clock;
    this.maxPerWindow = options.maxPerWindow ?? 4;
    this.windowMs = options.windowMs ?? 1000;
    this.minGapMs = options.minGapMs ?? 275;
  }

  /** Runs `request` when the budget allows; its result (or error) is the answer. */
  run<T>(request: () => Promise<T>, priority: RequestPriority, signal?: AbortSignal): Promise<T> {
    if (this.disposed || signal?.aborted) return Promise.reject(cancelledError());
    return new Promise<T>((resolve, reject) => {
      const queued: QueuedRequest = {
        priority,
        signal,
        reject,
        start: () => {
          const entry = { at: this.clock.now() };
          this.recent.push(entry);
          if (this.recent.length > 2 * this.maxPerWindow) this.recent.shift();
          const answered = (): void => void (entry.at = Math.max(entry.at, this.clock.now()));
          void request().then(
            (value) => {
              answered();
              resolve(value);
            },
            (error: unknown) => {
              answered();
              reject(error);
            },
          );
        },
      };
      // User requests go behind other user requests but before every poll.
      const firstPoll = priority === 'user' ? this.queue.findIndex((other) => other.priority === 'poll') : -1;
      if (firstPoll >= 0) this.queue.splice(firstPoll, 0, queued);
      else this.queue.push(queued);
      void this.pump();
    });
  }

  /** A 429: nothing starts before `ms` from now (a longer pause already set stays). */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + Math.max(0, ms));
  }

  dispose(): void {
    this.disposed = true;
    for (const queued of this.queue.splice(0)) queued.reject(cancelledError());
  }

  /** How long until the next request may start (0: now). */
  private waitMs(now: number): number {
    const pause = this.pausedUntil - now;
    const inWindow = this.recent.map((entry) => entry.at).filter((at) => at > now - this.windowMs).sort((a, b) => a - b);
    const window = inWindow.length < this.maxPerWindow ? 0 : inWindow[inWindow.length - this.maxPerWindow] + this.windowMs - now;
    const latest = Math.max(Number.NEGATIVE_INFINITY, ...this.recent.map((entry) => entry.at));
    const gap = latest + this.minGapMs - now;
    return Math.max(0, pause, window, gap);
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0 && !this.disposed) {
        const head = this.queue[0];
        if (head.signal?.aborted) {
          this.queue.shift();
          head.reject(cancelledError());
          continue;
        }
        const wait = this.waitMs(this.clock.now());
        if (wait > 0) {
          await this.clock.sleep(wait);
          continue;
        }
        this.queue.shift();
        head.start();
      }
    } finally {
      this.pumping = false;
    }
  }
}
