// Waits for one run to finish, polling get_pl_run: the one watcher behind "Download When Done",
// Run Flow's progress and the CLI's `run --wait` / `watch`. No vscode import.
//
// Schedule: 1 s at first (Gumloop's SDKs poll every second), then, while nothing changes, each wait
// 1.5× the last up to 5 s; any change (state or a new log line) brings it back to 1 s. Never faster
// than 1 s, so one watched run costs at most one request a second.
import { GumloopError, isGumloopError } from '../errors';
import type { RunInfo } from '../gumloop/types';
import { sleep } from '../gumloop/retry';
import { isFinished, runPhase, type RunPhase } from './runState';

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = { now: () => Date.now(), sleep };

export interface PollSchedule {
  /** The first wait, and the wait after any change; also the shortest wait there is. */
  firstMs: number;
  /** The longest wait while nothing changes. */
  maxMs: number;
  /** How much longer each unchanged wait is than the one before. */
  factor: number;
}

export const WATCH_SCHEDULE: PollSchedule = { firstMs: 1_000, maxMs: 5_000, factor: 1.5 };

/** The wait before the next poll, given the last wait (undefined before the first) and whether the last poll saw a change. */
export function nextDelay(previousMs: number | undefined, changed: boolean, schedule: PollSchedule): number {
  if (previousMs === undefined || changed) return schedule.firstMs;
  return Math.min(schedule.maxMs, Math.max(schedule.firstMs, Math.round(previousMs * schedule.factor)));
}

/**
 * How far a log has been reported: the number of lines and the last of them. Only this is kept
 * between polls, not the previous log, so a long log is not held twice nor compared whole.
 */
export interface LogPosition {
  count: number;
  /** The line at `count - 1`; undefined at the start and while a rewritten log is shorter than `count`. */
  last?: string;
}

export const LOG_START: LogPosition = { count: 0 };

export interface NewLogLines {
  lines: string[];
  position: LogPosition;
  /** The log no longer continues the lines reported (Gumloop rewrote it, e.g. shorter): say so once. */
  rewritten: boolean;
}

/**
 * The log lines of `current` not reported before. Gumloop sends the whole log each time; should it
 * send only a window of it, the overlap is found by the last line reported. A log that no longer
 * holds that line was rewritten: only lines beyond the count already reported are new, so a log
 * that shrank prints nothing again.
 */
export function newLogLines(position: LogPosition, current: readonly string[]): NewLogLines {
  // Past the lines reported: anchored on the last line; still short of them (a shrunk log): unanchored.
  const beyond = (rewritten: boolean): NewLogLines => ({
    lines: current.slice(position.count),
    position: current.length >= position.count && current.length > 0 ? { count: current.length, last: current[current.length - 1] } : { count: position.count },
    rewritten,
  });
  // At the start, or after a rewrite that left the log shorter than what was reported.
  if (position.last === undefined) return beyond(false);
  if (current.length >= position.count && current[position.count - 1] === position.last) return beyond(false);
  const overlap = current.lastIndexOf(position.last);
  if (overlap >= 0) return { lines: current.slice(overlap + 1), position: { count: current.length, last: current[current.length - 1] }, rewritten: false };
  return beyond(true);
}

export interface RunUpdate {
  run: RunInfo;
  phase: RunPhase;
  /** Log lines not reported before (all of them on the first update). */
  newLogLines: string[];
  /** The log no longer continues what was reported (see newLogLines). */
  logRewritten: boolean;
  /** Whether the state or the log changed since the last update (true for the first). */
  changed: boolean;
  elapsedMs: number;
}

export interface WatchOptions {
  runId: string;
  getRun(runId: string, options: { signal?: AbortSignal }): Promise<RunInfo>;
  signal?: AbortSignal;
  /** Stop waiting (the run goes on) after this long; the result then says `timedOut`. */
  timeoutMs?: number;
  clock?: Clock;
  schedule?: PollSchedule;
  onUpdate?(update: RunUpdate): void;
  /** A poll failed for a passing reason (network, 5xx, 429 after the client's own retries); watching goes on. */
  onTransientError?(error: GumloopError): void;
}

export interface WatchResult {
  run: RunInfo;
  phase: RunPhase;
  timedOut: boolean;
  elapsedMs: number;
}

/** Passing failures in a row that are tolerated before the watch gives up with the last one. */
const MAX_TRANSIENT_FAILURES = 5;
const TRANSIENT = new Set(['network', 'timeout', 'server-error', 'rate-limited']);

export async function watchRun(options: WatchOptions): Promise<WatchResult> {
  const clock = options.clock ?? realClock;
  const schedule = options.schedule ?? WATCH_SCHEDULE;
  const started = clock.now();
  let seen: RunInfo | undefined;
  let logPosition = LOG_START;
  let delay: number | undefined;
  let failures = 0;
  for (;;) {
    let run: RunInfo;
    try {
      run = await options.getRun(options.runId, { signal: options.signal });
      failures = 0;
    } catch (error) {
      if (options.signal?.aborted) throw error;
      if (seen && isGumloopError(error, 'not-found')) {
        throw new GumloopError('not-found', `Run “${options.runId}” disappeared from Gumloop while it was being watched (404): it may have been deleted. Check it in Gumloop.`, { cause: error, status: 404 });
      }
      if (!isGumloopError(error) || !TRANSIENT.has(error.code) || ++failures > MAX_TRANSIENT_FAILURES) throw error;
      options.onTransientError?.(error);
      delay = schedule.maxMs;
      if (await waitOrTimeout(clock, delay, started, options)) return timedOut(seen, started, clock, options.runId);
      continue;
    }
    const log = newLogLines(logPosition, run.log);
    const changed = !seen || seen.state !== run.state || log.lines.length > 0 || log.rewritten;
    const update: RunUpdate = { run, phase: runPhase(run.state), newLogLines: log.lines, logRewritten: log.rewritten, changed, elapsedMs: clock.now() - started };
    logPosition = log.position;
    seen = run;
    options.onUpdate?.(update);
    if (isFinished(run.state)) return { run, phase: update.phase, timedOut: false, elapsedMs: update.elapsedMs };
    delay = nextDelay(delay, changed, schedule);
    if (await waitOrTimeout(clock, delay, started, options)) return timedOut(seen, started, clock, options.runId);
  }
}

/** Sleeps `ms`, cut short by the timeout; true when the timeout has passed. */
async function waitOrTimeout(clock: Clock, ms: number, started: number, options: WatchOptions): Promise<boolean> {
  if (options.timeoutMs === undefined) {
    await clock.sleep(ms, options.signal);
    return false;
  }
  const left = started + options.timeoutMs - clock.now();
  if (left <= 0) return true;
  await clock.sleep(Math.min(ms, left), options.signal);
  return clock.now() - started >= options.timeoutMs;
}

function timedOut(seen: RunInfo | undefined, started: number, clock: Clock, runId: string): WatchResult {
  if (!seen) throw new GumloopError('timeout', `Gumloop did not answer about run “${runId}” before the timeout. Check your connection and try again.`);
  return { run: seen, phase: runPhase(seen.state), timedOut: true, elapsedMs: clock.now() - started };
}
