// What "Download Run Files" does after looking the run up, before asking for file names. Pure:
// the run's state decides the next step, and the words said about it.
import type { RunInfo } from '../gumloop/types';
import { formatElapsed } from '../remote/runProgress';
import { lastLogLines } from '../remote/runLog';
import { describePhase, runPhase, type RunPhase } from '../remote/runState';

export type RunStep =
  /** Finished well: ask for names (suggested from the outputs) and download. */
  | { kind: 'download' }
  /** Not finished: offer to wait (Download When Done). */
  | { kind: 'offer-wait'; phase: RunPhase; message: string }
  /** Failed or stopped: say why, and offer the partial files only as an explicit choice. */
  | { kind: 'offer-partial'; phase: RunPhase; message: string; detail: string };

/** Log lines shown in the failure question; the whole log is one click away (Show Run Log). */
export const LOG_LINES_SHOWN = 5;

export function stepForRun(runId: string, run: Pick<RunInfo, 'state' | 'log'>): RunStep {
  const phase = runPhase(run.state);
  if (phase === 'done') return { kind: 'download' };
  if (phase === 'failed' || phase === 'terminated') {
    const lines = lastLogLines(run.log, LOG_LINES_SHOWN);
    return {
      kind: 'offer-partial',
      phase,
      message: `Run ${runId} ${describePhase(phase)}${phase === 'failed' ? '' : ' before it finished'}: its files may be missing or incomplete.`,
      detail: lines.length ? `Last lines of its log:\n${lines.join('\n')}` : 'Its log is empty.',
    };
  }
  const state = phase === 'unknown' ? `in state “${run.state}”` : describePhase(phase);
  return { kind: 'offer-wait', phase, message: `Run ${runId} is still ${state}: its files are not ready yet. Download them when it is done?` };
}

/**
 * The waiting notification's text: the run's state and the time waited so far; while polls fail,
 * what Gumloop is doing (a wait without a limit keeps trying, so it says so rather than look stuck).
 */
export function waitText(phase: RunPhase, state: string, elapsedMs: number, trouble?: string): string {
  const what = phase === 'unknown' ? `state “${state}”` : describePhase(phase);
  const line = `Run is ${what} · waiting ${formatElapsed(elapsedMs)}`;
  return trouble ? `${line} · ${trouble}; still trying` : line;
}

/** Step 1's answer for a run Gumloop does not know. */
export function unknownRunMessage(runId: string, scope: { userId?: string; projectId?: string }): string {
  const whose = scope.projectId ? `project “${scope.projectId}”` : `user “${scope.userId ?? ''}”`;
  return `Gumloop has no run “${runId}” for ${whose} (404). Check the run ID (the run_id in the run's URL), or the user or project ID it belongs to.`;
}
