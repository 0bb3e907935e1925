// A run's log and outputs as people read them, shared by the CLI and Run Flow. Pure.
import { fileLikeStrings } from '../runs/outputs';
import { cleanLine, cleanText } from '../sanitize';
import { stateWord } from './runState';

/** One log line without colour codes, controls or line breaks (a non-string entry becomes JSON text). */
export function plainLogLine(line: unknown): string {
  return cleanLine(line);
}

/** Gumloop's markers whose plain reading is not their name. Others read as their name in words. */
const MARKER_WORDS: Record<string, string> = {
  TERMINATED: 'Stopped',
  TERMINATING: 'Stopping',
  DONE: 'Finished',
};

/** `__NODE_FAILED__` → "Node failed". */
function markerWords(marker: string): string {
  const known = MARKER_WORDS[marker];
  if (known) return known;
  const words = marker.toLowerCase().split('_').filter(Boolean).join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A log line as a person reads it: cleaned (plainLogLine), without Gumloop's `__system__:` prefix,
 * and its `__MARKER__` tokens in words: "__system__: __STARTING__:Input" → "Starting: Input".
 * The Output channel keeps the plain line, for whoever has to compare it with Gumloop's.
 */
export function readableLogLine(line: unknown): string {
  const plain = plainLogLine(line);
  const withoutPrefix = plain.replace(/^(\s*)__system__\s*:?\s*/, '$1');
  return withoutPrefix.replace(/__([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)__(\s*:\s*(?=\S))?/g, (_all, marker: string, colon: string | undefined) => `${markerWords(marker)}${colon ? ': ' : ''}`);
}

/** The last `count` non-blank lines, readable: what a failed run says about why. */
export function lastLogLines(log: readonly unknown[], count = 10): string[] {
  return log
    .map((line) => readableLogLine(line).trimEnd())
    .filter((line) => line.trim())
    .slice(-count);
}

/** The file names a finished run produced, sorted: what its download asks for. */
export function outputFileNames(outputs: Record<string, unknown>): string[] {
  return [...fileLikeStrings(outputs)].sort();
}

/** Every string in a JSON value cleaned (keys as one line), so the JSON stays valid. */
function cleanValues(value: unknown): unknown {
  if (typeof value === 'string') return cleanText(value);
  if (Array.isArray(value)) return value.map(cleanValues);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [cleanLine(key), cleanValues(item)]));
  return value;
}

/** Show Outputs' read-only document: the files the outputs name, then the outputs as JSON (JSON with comments). */
export function outputsDocument(runId: string, flowName: string, outputs: Record<string, unknown>): string {
  const files = outputFileNames(outputs);
  return [
    `// Outputs of run ${runId} of “${cleanLine(flowName)}”`,
    `// Files: ${files.length ? files.map(cleanLine).join(', ') : 'none named'}`,
    JSON.stringify(cleanValues(outputs), null, 2),
    '',
  ].join('\n');
}

/** Show Run Log's document: the run and its state in words, a blank line, then the log, cleaned. */
export function runLogText(runId: string, state: string, log: readonly unknown[]): string {
  return [`Run ${runId} · ${stateWord(state)}`, '', ...(log.length ? log.map(readableLogLine) : ['(the log is empty)'])].join('\n') + '\n';
}

/** What an open run log already shows: following the run starts from it with a wait, not a request. */
export interface KnownRun {
  runId: string;
  state: string;
  log: readonly string[];
}
