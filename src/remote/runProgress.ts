// What Run Flow shows while a run goes and when it ends. Pure, so the wording is tested.
import { phaseWord, stateWord, type RunPhase } from './runState';
import { readableLogLine } from './runLog';

/** m:ss (or h:mm:ss), the way a stopwatch reads. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** The progress notification's line: state, elapsed time and the latest log line (shortened). */
export function progressMessage(phase: RunPhase, state: string, elapsedMs: number, latestLogLine: string | undefined): string {
  const head = `${phase === 'unknown' ? stateWord(state) : phaseWord(phase)} · ${formatElapsed(elapsedMs)}`;
  if (!latestLogLine) return head;
  const line = readableLogLine(latestLogLine).trim();
  return line ? `${head} · ${line.length > 80 ? `${line.slice(0, 79)}…` : line}` : head;
}

/** Names the flow and the run, as the failure does: several runs may end in the same minute. */
export function finishedMessage(flowName: string, runId: string, fileCount: number): string {
  return `“${flowName}” finished (run ${runId}): ${fileCount} output file${fileCount === 1 ? '' : 's'}`;
}

export function failedMessage(flowName: string, runId: string, phase: RunPhase, lastLine: string | undefined): string {
  // 'terminating': the wait ended after STOPPING_LIMIT_MS in TERMINATING (see runWatcher).
  const what = phase === 'terminated' ? 'was stopped' : phase === 'terminating' ? 'is still stopping on Gumloop' : 'failed';
  const why = lastLine ? `: ${readableLogLine(lastLine).trim().slice(0, 200)}` : '.';
  return `“${flowName}” ${what} (run ${runId})${why}`;
}

/** A stop the user asked for, once Gumloop confirms it: information, not a failure. */
export function stoppedMessage(flowName: string, runId: string): string {
  return `Stopped “${flowName}” (run ${runId}) on Gumloop.`;
}

/** Runs spend credits: a flow with no inputs to answer is confirmed before it starts. */
export function confirmRunMessage(flowName: string): string {
  return `Run “${flowName}” now?`;
}

export type AfterRun = 'ask' | 'download' | 'nothing';

export function afterRunSetting(value: unknown): AfterRun {
  return value === 'download' || value === 'nothing' ? value : 'ask';
}
