// What a run's state means, in one place: the tree icons, the watcher and the CLI's exit codes all
// ask the same questions. Gumloop documents QUEUED/STARTED/RUNNING/TERMINATING/DONE/FAILED/TERMINATED;
// anything else is shown as it is and treated as still going, as Gumloop's own SDKs do.

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

/** Human wording for messages and tooltips. */
export function describePhase(phase: RunPhase): string {
  switch (phase) {
    case 'queued':
      return 'queued';
    case 'running':
      return 'running';
    case 'terminating':
      return 'stopping';
    case 'done':
      return 'finished';
    case 'failed':
      return 'failed';
    case 'terminated':
      return 'stopped';
    default:
      return 'in an unknown state';
  }
}
