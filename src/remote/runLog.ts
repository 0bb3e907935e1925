// A run's log and outputs as people read them, shared by the CLI and Run Flow. Pure.
import { fileLikeStrings } from '../runs/outputs';
import { cleanLine } from '../sanitize';
import { stateWord } from './runState';

/** One log line without colour codes, controls or line breaks (a non-string entry becomes JSON text). */
export function plainLogLine(line: unknown): string {
  return cleanLine(line);
}

/** The last `count` non-blank lines, cleaned: what a failed run says about why. */
export function lastLogLines(log: readonly unknown[], count = 10): string[] {
  return log
    .map((line) => plainLogLine(line).trimEnd())
    .filter((line) => line.trim())
    .slice(-count);
}

/** The file names a finished run produced, sorted: what its download asks for. */
export function outputFileNames(outputs: Record<string, unknown>): string[] {
  return [...fileLikeStrings(outputs)].sort();
}

/** Show Run Log's document: the run and its state in words, a blank line, then the log, cleaned. */
export function runLogText(runId: string, state: string, log: readonly unknown[]): string {
  return [`Run ${runId} · ${stateWord(state)}`, '', ...(log.length ? log.map(plainLogLine) : ['(the log is empty)'])].join('\n') + '\n';
}

/** What an open run log already shows: following the run starts from it with a wait, not a request. */
export interface KnownRun {
  runId: string;
  state: string;
  log: readonly string[];
}
