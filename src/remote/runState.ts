// What a run's state means, in one place: the tree icons, the watcher and the CLI's exit codes all
// ask the same questions. Gumloop documents QUEUED/STARTED/RUNNING/TERMINATING/DONE/FAILED/TERMINATED;
// anything else is shown as it is and treated as still going, as Gumloop's own SDKs do.
import { cleanLine } from '../sanitize';

export type RunPhase = 'queued' | 'running' | 'terminating' | 'done' | 'failed' | 'terminated' | 'unknown';

const PHASES: Record<string, RunPhase> = {
  QUEUED: 'queued',
  STARTED: 'running',
  RUNNING: 'running',
  TERMINATING: 'terminating',
  DONE: 'done',
  FAILED: 'failed',
  TERMINATED: 'terminated',
};

/** Case and surrounding blanks are forgiven; an unknown or missing state is `unknown`. */
export function runPhase(state: string | undefined): RunPhase {
  return PHASES[(state ?? '').trim().toUpperCase()] ?? 'unknown';
}

/** The run will not change any more: its outputs and log are final. */
export function isFinished(state: string | undefined): boolean {
  const phase = runPhase(state);
  return phase === 'done' || phase === 'failed' || phase === 'terminated';
}

/** Worth polling: the run may still change (unknown states included). */
export function isLive(state: string | undefined): boolean {
  return !isFinished(state);
}

/**
 * The one word for each state, used by every label, picker, tooltip and the CLI's human output, so a
 * run reads the same everywhere. Gumloop's own spelling (DONE, FAILED) is kept for --json and where
 * it is quoted as Gumloop's.
 */
const WORDS: Record<RunPhase, string> = {
  queued: 'Queued',
  running: 'Running',
  terminating: 'Stopping',
  done: 'Done',
  failed: 'Failed',
  terminated: 'Stopped',
  unknown: 'Unknown',
};

/** "Done", "Failed", …; a state Gumloop has not documented is shown as it came (cleaned), a missing one as "Unknown". */
export function stateWord(state: string | undefined): string {
  const phase = runPhase(state);
  if (phase !== 'unknown') return WORDS[phase];
  return cleanLine(state ?? '').trim() || WORDS.unknown;
}

/** The word for a phase ("Unknown" for `unknown`; stateWord keeps an undocumented state's own name). */
export function phaseWord(phase: RunPhase): string {
  return WORDS[phase];
}

/** The same word inside a sentence ("last run failed · 2 h ago", "run X is still queued"): lower case. */
export function describePhase(phase: RunPhase): string {
  return phase === 'unknown' ? 'in an unknown state' : WORDS[phase].toLowerCase();
}
