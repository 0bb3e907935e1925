// Waits for one run to finish, polling get_pl_run: the one watcher behind "Download When Done",
// Run Flow's progress and the CLI's `run --wait` / `watch`. No vscode import.
//
// Schedule: 1 s at first (Gumloop's SDKs poll every second), then, while nothing changes, each wait
// 1.5× the last up to 5 s; any change (state or a new log line) brings it back to 1 s. Never faster
// than 1 s, so one watched run costs at most one request a second.
import { GumloopError, isGumloopError } from '../errors';
import type { RunInfo } from '../gumloop/types';
import { sleep } from '../gumloop/retry';
import { timeLimit, type TimeLimit } from '../gumloop/timeLimit';
import { startDeadline, type Deadline } from './deadline';
import { isFinished, runPhase, type RunPhase } from './runState';
import { troubleAdvice, troubleText } from './watchTrouble';

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** A signal that fires `ms` from now with `reason`, or with the caller's signal (see timeLimit). */
  abortAfter(ms: number, reason: Error, signal?: AbortSignal): TimeLimit;
}

export const realClock: Clock = { now: () => Date.now(), sleep, abortAfter: timeLimit };

export interface PollSchedule {
  /** The first wait, and the wait after any change; also the shortest wait there is. */
  firstMs: number;
  /** The longest wait while nothing changes. */
  maxMs: number;
  /** How much longer each unchanged wait is than the one before. */
  factor: number;
}

export const WATCH_SCHEDULE: PollSchedule = { firstMs: 1_000, maxMs: 5_000, factor: 1.5 };
/** The views' pace (the Flows view, Recent Runs, a run log, Download When Done): 5 s, ×1.5 while unchanged, up to 30 s. */
export const VIEW_POLL_SCHEDULE: PollSchedule = { firstMs: 5_000, maxMs: 30_000, factor: 1.5 };

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
  /**
   * A wall-clock limit for the whole wait, requests in flight included; the result then says
   * `timedOut` (the run goes on). Or `deadline`: one the caller owns and uses after the wait too.
   */
  timeoutMs?: number;
  deadline?: Deadline;
  clock?: Clock;
  /** The pace; a function when it changes during the wait (the run monitor: the fastest subscriber's). */
  schedule?: PollSchedule | (() => PollSchedule);
  onUpdate?(update: RunUpdate): void;
  /**
   * A poll failed for a passing reason (network, timeout, 5xx, 429, a page that is not JSON) after
   * the client's own retries; watching goes on until the deadline (or, without one, until cancelled).
   */
  onTransientError?(error: GumloopError, trouble: Trouble): void;
  /**
   * Without a deadline: how long polls may fail before the first answer (UNANSWERED_LIMIT_MS).
   * Waits a person asked to outlive an outage (Download When Done, a started Run Flow) pass Infinity.
   */
  unansweredLimitMs?: number;
}

/** The polls failing right now: since when, how often, and when the next one goes. */
export interface Trouble {
  /** E.g. "Gumloop answered 503 for the last 4 min". */
  text: string;
  sinceMs: number;
  tries: number;
  nextPollMs: number;
}

export interface WatchResult {
  run: RunInfo;
  /** 'terminating' when the run stayed TERMINATING for STOPPING_LIMIT_MS: it is taken as stopped. */
  phase: RunPhase;
  timedOut: boolean;
  elapsedMs: number;
  /** Set when the last polls before the deadline failed: what Gumloop did meanwhile. */
  trouble?: string;
}

const TRANSIENT = new Set(['network', 'timeout', 'server-error', 'rate-limited', 'invalid-response']);
/** Waits between failing polls grow from the schedule's longest wait to this. */
const MAX_TROUBLE_DELAY_MS = 30_000;
/** Without a deadline a Retry-After is honoured up to this (a day-long one would look like a hang). */
const MAX_RETRY_AFTER_WITHOUT_DEADLINE_MS = 10 * 60_000;
/**
 * A run TERMINATING this long ends the wait as stopped. Gumloop's SDKs take TERMINATING as the end
 * at once; waiting a little first gets the final state and log when Gumloop does move on.
 */
export const STOPPING_LIMIT_MS = 30_000;
/** Without a deadline: how long polls may fail before the first answer about the run. */
export const UNANSWERED_LIMIT_MS = 2 * 60_000;

export async function watchRun(options: WatchOptions): Promise<WatchResult> {
  const clock = options.clock ?? realClock;
  const own = options.deadline === undefined && options.timeoutMs !== undefined ? startDeadline(clock, options.timeoutMs, options.signal) : undefined;
  const deadline = options.deadline ?? own;
  try {
    return await watch(options, clock, deadline);
  } finally {
    own?.clear();
  }
}

async function watch(options: WatchOptions, clock: Clock, deadline: Deadline | undefined): Promise<WatchResult> {
  const pace = options.schedule;
  const scheduleNow = (): PollSchedule => (typeof pace === 'function' ? pace() : (pace ?? WATCH_SCHEDULE));
  const signal = deadline?.signal ?? options.signal;
  const started = clock.now();
  let seen: RunInfo | undefined;
  let logPosition = LOG_START;
  let delay: number | undefined;
  let failing: { error: GumloopError; sinceMs: number; tries: number } | undefined;
  let stoppingSince: number | undefined;
  const ended = (): WatchResult => {
    const trouble = failing ? troubleText(failing.error, clock.now() - failing.sinceMs) : undefined;
    if (!seen) {
      const what = trouble ?? `Gumloop did not answer for ${Math.round((clock.now() - started) / 1000)} s`;
      const limit = deadline ? 'at its time limit' : 'before any answer came';
      throw new GumloopError('timeout', `${what} about run “${options.runId}”, so the wait ended ${limit}. ${troubleAdvice(failing?.error)}`, { cause: failing?.error });
    }
    return { run: seen, phase: runPhase(seen.state), timedOut: true, elapsedMs: clock.now() - started, ...(trouble ? { trouble } : {}) };
  };
  for (;;) {
    const asked = clock.now();
    let run: RunInfo;
    try {
      run = await options.getRun(options.runId, { signal });
      failing = undefined;
    } catch (error) {
      if (options.signal?.aborted) throw error;
      if (deadline?.passed()) {
        // The request in flight was cut at the deadline: say what it last got (a 503 the client was
        // retrying), or that it got no answer (unless already failing).
        const last = isGumloopError(error) && TRANSIENT.has(error.code) && error.code !== 'timeout' ? error : new GumloopError('timeout', 'No answer.');
        failing ??= { error: last, sinceMs: asked, tries: 1 };
        return ended();
      }
      if (seen && isGumloopError(error, 'not-found')) {
        throw new GumloopError('not-found', `Run “${options.runId}” disappeared from Gumloop while it was being watched (404): it may have been deleted. Check it in Gumloop.`, { cause: error, status: 404 });
      }
      if (!isGumloopError(error) || !TRANSIENT.has(error.code)) throw error;
      failing = { error, sinceMs: failing?.sinceMs ?? asked, tries: (failing?.tries ?? 0) + 1 };
      // Without a deadline, a watch that never had one answer is more likely misconfigured (base URL,
      // proxy) than unlucky: it gives up after a while instead of trying forever.
      if (!deadline && !seen && clock.now() - failing.sinceMs >= (options.unansweredLimitMs ?? UNANSWERED_LIMIT_MS)) return ended();
      delay = troubleDelay(error, failing.tries, scheduleNow(), deadline !== undefined);
      options.onTransientError?.(error, { text: troubleText(error, clock.now() - failing.sinceMs), sinceMs: failing.sinceMs, tries: failing.tries, nextPollMs: delay });
      if (await waitOrDeadline(clock, delay, signal, deadline)) return ended();
      delay = undefined;
      continue;
    }
    const log = newLogLines(logPosition, run.log);
    const changed = !seen || seen.state !== run.state || log.lines.length > 0 || log.rewritten;
    const update: RunUpdate = { run, phase: runPhase(run.state), newLogLines: log.lines, logRewritten: log.rewritten, changed, elapsedMs: clock.now() - started };
    logPosition = log.position;
    seen = run;
    options.onUpdate?.(update);
    if (isFinished(run.state)) return { run, phase: update.phase, timedOut: false, elapsedMs: update.elapsedMs };
    delay = nextDelay(delay, changed, scheduleNow());
    if (update.phase === 'terminating') {
      stoppingSince ??= clock.now();
      const left = stoppingSince + STOPPING_LIMIT_MS - clock.now();
      if (left <= 0) return { run, phase: 'terminating', timedOut: false, elapsedMs: update.elapsedMs };
      delay = Math.min(delay, left);
    } else {
      stoppingSince = undefined;
    }
    if (await waitOrDeadline(clock, delay, signal, deadline)) return ended();
  }
}

/** The wait after the `tries`th failing poll in a row: Retry-After when given, else a growing backoff. */
export function troubleDelay(error: GumloopError, tries: number, schedule: PollSchedule, hasDeadline: boolean): number {
  if (error.retryAfterMs !== undefined) {
    // With a deadline, waitOrDeadline cuts a longer Retry-After at the deadline.
    const asked = Math.max(schedule.firstMs, error.retryAfterMs);
    return hasDeadline ? asked : Math.min(asked, MAX_RETRY_AFTER_WITHOUT_DEADLINE_MS);
  }
  return Math.min(MAX_TROUBLE_DELAY_MS, Math.round(schedule.maxMs * schedule.factor ** (tries - 1)));
}

/** Sleeps `ms`, cut short by the deadline; true when the deadline has passed. */
async function waitOrDeadline(clock: Clock, ms: number, signal: AbortSignal | undefined, deadline: Deadline | undefined): Promise<boolean> {
  if (deadline === undefined) {
    await clock.sleep(ms, signal);
    return false;
  }
  const left = deadline.leftMs();
  if (left <= 0) return true;
  try {
    // Woken by the deadline's signal itself, so the wait ends on the dot even with a real clock.
    await clock.sleep(Math.min(ms, left), signal);
  } catch (error) {
    if (deadline.passed()) return true;
    throw error;
  }
  return deadline.leftMs() <= 0 || deadline.passed();
}
