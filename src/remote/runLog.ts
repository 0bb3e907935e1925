// A run's log and outputs as people read them, shared by the CLI and Run Flow. Pure.
import { fileLikeStrings } from '../runs/outputs';
import { cleanLine } from '../sanitize';

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
