// A run's log and outputs as people read them, shared by the CLI and Run Flow. Pure.
import { fileLikeStrings } from '../runs/outputs';

// CSI sequences (colours, cursor moves) and OSC sequences (titles, links) that Gumloop's log carries.
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** One log line without colour codes or stray control characters. */
export function plainLogLine(line: string): string {
  return line.replace(ESCAPES, '').replace(CONTROL, '');
}

/** The last `count` non-blank lines, cleaned: what a failed run says about why. */
export function lastLogLines(log: readonly string[], count = 10): string[] {
  return log
    .map((line) => plainLogLine(line).trimEnd())
    .filter((line) => line.trim())
    .slice(-count);
}

/** The file names a finished run produced, sorted: what its download asks for. */
export function outputFileNames(outputs: Record<string, unknown>): string[] {
  return [...fileLikeStrings(outputs)].sort();
}
