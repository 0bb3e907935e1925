// What `gumloop-files` exits with, in one place, so scripts can rely on it. Pure.
import { isGumloopError, type ErrorCode } from '../errors';
import type { RunPhase } from '../remote/runState';

export const EXIT = {
  /** The command did what was asked (with --wait: the run finished DONE). */
  ok: 0,
  /** The run FAILED or was TERMINATED, or the command itself failed. */
  failed: 1,
  /** The command line was wrong; nothing was sent. */
  usage: 2,
  /** Gumloop could not be reached or refused the key or scope: the setup is broken, not the flow. */
  connection: 3,
  /** --timeout passed while the run was still going (the run goes on), as timeout(1) does. */
  timeout: 124,
  /** Ctrl-C (128 + SIGINT). */
  interrupted: 130,
  /** SIGTERM (128 + 15), as a CI runner or `kill` sends it: told apart from Ctrl-C, as shells do. */
  terminated: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** The exit code for a watched run: DONE 0, FAILED/TERMINATED (or stuck TERMINATING) 1, timeout 124. */
export function exitCodeForRun(phase: RunPhase, timedOut: boolean): ExitCode {
  if (timedOut) return EXIT.timeout;
  if (phase === 'done') return EXIT.ok;
  // TERMINATING only ends a wait after a while in it (runWatcher's STOPPING_LIMIT_MS): taken as stopped.
  if (phase === 'failed' || phase === 'terminated' || phase === 'terminating') return EXIT.failed;
  // The watcher only stops on a finished state or the timeout; anything else means it was cut short.
  return EXIT.timeout;
}

/** Errors that say the way to Gumloop is broken (network, key, scope, a server or proxy failing), not the run. */
const CONNECTION_ERRORS: ReadonlySet<ErrorCode> = new Set(['unauthorized', 'forbidden', 'network', 'timeout', 'server-error', 'invalid-response']);

/** The exit code for an error that ended a command: a --timeout or a signal is decided before this. */
export function exitCodeForError(error: unknown): ExitCode {
  return isGumloopError(error) && CONNECTION_ERRORS.has(error.code) ? EXIT.connection : EXIT.failed;
}
