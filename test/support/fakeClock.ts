// A clock for schedule tests: sleeping advances time at once and records how long was asked for.
import { GumloopError } from '../../src/errors';
import type { Clock } from '../../src/remote/runWatcher';

export class FakeClock implements Clock {
  time = 0;
  readonly waits: number[] = [];

  now(): number {
    return this.time;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw new GumloopError('cancelled', 'cancelled');
    this.waits.push(ms);
    this.time += ms;
    await Promise.resolve();
  }
}
