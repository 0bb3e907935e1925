// A clock for schedule tests: sleeping advances time at once and records how long was asked for.
// Time limits (abortAfter) fire when a sleep carries time past them.
import { abortError } from '../../src/errors';
import { followSignal, type TimeLimit } from '../../src/gumloop/timeLimit';
import type { Clock } from '../../src/remote/runWatcher';

export class FakeClock implements Clock {
  time = 0;
  readonly waits: number[] = [];
  private limits: { at: number; fire(): void }[] = [];

  now(): number {
    return this.time;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw abortError(signal);
    this.waits.push(ms);
    this.time += ms;
    for (const limit of this.limits.filter((each) => each.at <= this.time)) limit.fire();
    this.limits = this.limits.filter((each) => each.at > this.time);
    await Promise.resolve();
    if (signal?.aborted) throw abortError(signal);
  }

  abortAfter(ms: number, reason: Error, signal?: AbortSignal): TimeLimit {
    const { controller, release } = followSignal(signal);
    const limit = { at: this.time + ms, fire: () => controller.abort(reason) };
    this.limits.push(limit);
    return {
      signal: controller.signal,
      clear: () => {
        this.limits = this.limits.filter((each) => each !== limit);
        release();
      },
    };
  }
}
