// A wall-clock deadline for a whole wait (`--timeout`, a watch's limit): its signal goes into every
// request of the wait, so a request in flight ends at the deadline too, not only the sleeps
// between polls. No vscode import.
import { GumloopError } from '../errors';
import type { TimeLimit } from '../gumloop/timeLimit';
import type { Clock } from './runWatcher';

export interface Deadline {
  /** Fires at the deadline (reason: a 'timeout' GumloopError) or when the caller's signal does. */
  readonly signal: AbortSignal;
  readonly atMs: number;
  /** True once the deadline itself (not the caller's cancel) has fired. */
  passed(): boolean;
  /** Time left, never below 0. */
  leftMs(): number;
  clear(): void;
}

export function startDeadline(clock: Clock, ms: number, signal?: AbortSignal): Deadline {
  const atMs = clock.now() + ms;
  const reason = new GumloopError('timeout', `The time limit of ${formatSeconds(ms)} passed.`);
  const limit: TimeLimit = clock.abortAfter(ms, reason, signal);
  return {
    signal: limit.signal,
    atMs,
    passed: () => limit.signal.aborted && limit.signal.reason === reason,
    leftMs: () => Math.max(0, atMs - clock.now()),
    clear: () => limit.clear(),
  };
}

function formatSeconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
