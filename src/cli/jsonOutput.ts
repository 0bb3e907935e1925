// --json: what a script reads on stdout. Exactly one JSON value per invocation (see index.ts),
// written by one function, so nothing the server sent can act on the terminal or a log viewer. Pure.

/**
 * JSON.stringify escapes C0 controls but leaves C1 controls (U+0080–U+009F, which some terminals
 * obey as escape sequences), U+2028/2029 (line breaks to JavaScript and many viewers) and bidi
 * overrides/isolates (text that reads as something else) raw; here they become \uXXXX, which every
 * JSON reader turns back into the same string.
 */
const UNSAFE_IN_OUTPUT = /[\u0080-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function jsonLine(value: unknown): string {
  return `${safeJson(value)}\n`;
}

/** How many list items go into one write: a list of 50,000 flows is not held as one more string. */
const ITEMS_PER_PIECE = 1_000;

/** jsonLine's text in pieces that join to it, so a long list is written a part at a time. */
export function* jsonLinePieces(value: unknown): Generator<string> {
  if (!Array.isArray(value) || value.length <= ITEMS_PER_PIECE) {
    yield jsonLine(value);
    return;
  }
  for (let start = 0; start < value.length; start += ITEMS_PER_PIECE) {
    const items = value.slice(start, start + ITEMS_PER_PIECE).map((item: unknown) => safeJson(item ?? null));
    yield `${start === 0 ? '[' : ','}${items.join(',')}`;
  }
  yield ']\n';
}

/**
 * `##[` anywhere on a line is a workflow command to GitHub's runner, which reads stdout for them:
 * inside a JSON string its `#` becomes \u0023, the same string to every JSON reader.
 */
function safeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(UNSAFE_IN_OUTPUT, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/##\[/g, '#\\u0023[');
}

/** What is known about the run when a command fails, for the failure object. */
export interface RunFacts {
  runId?: string;
  flowId?: string;
  url?: string;
  state?: string;
}
