// Synchronous work in time slices: per-file work that is mostly system calls of microseconds
// (write a small file, link, rename) costs less done synchronously than sent through the thread
// pool one call at a time, but the event loop (the extension host's, shared with every other
// extension) must still get a turn every few milliseconds.
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Longest stretch of synchronous work before the event loop gets a turn. */
export const SLICE_MS = 10;

export class TimeSlices {
  private started = performance.now();

  constructor(private readonly sliceMs = SLICE_MS) {}

  /** True when the current slice is used up: the caller then awaits `next()`. */
  due(): boolean {
    return performance.now() - this.started >= this.sliceMs;
  }

  async next(): Promise<void> {
    await nextTurn();
    this.started = performance.now();
  }
}
