// What Run Flow shows while a run goes and when it ends. Pure, so the wording is tested.
import { describePhase, type RunPhase } from './runState';
import { plainLogLine } from './runLog';

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
  const stateText = phase === 'unknown' ? state : describePhase(phase);
  const head = `${stateText[0]?.toUpperCase() ?? ''}${stateText.slice(1)} · ${formatElapsed(elapsedMs)}`;
  if (!latestLogLine) return head;
  const line = plainLogLine(latestLogLine).trim();
  return line ? `${head} · ${line.length > 80 ? `${line.slice(0, 79)}…` : line}` : head;
}

export function finishedMessage(fileCount: number): string {
  return `Run finished: ${fileCount} output file${fileCount === 1 ? '' : 's'}`;
}

export function failedMessage(flowName: string, phase: RunPhase, lastLine: string | undefined): string {
  // 'terminating': the wait ended after STOPPING_LIMIT_MS in TERMINATING (see runWatcher).
  const what = phase === 'terminated' ? 'was stopped' : phase === 'terminating' ? 'is still stopping on Gumloop' : 'failed';
  const why = lastLine ? `: ${plainLogLine(lastLine).trim().slice(0, 200)}` : '.';
  return `Run of “${flowName}” ${what}${why}`;
}

export type AfterRun = 'ask' | 'download' | 'nothing';

export function afterRunSetting(value: unknown): AfterRun {
  return value === 'download' || value === 'nothing' ? value : 'ask';
}
