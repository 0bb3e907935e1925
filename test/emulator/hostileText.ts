// The `hostile-text` fault: every text field of a JSON answer carries what a terminal or a UI
// would obey if it were printed raw: escape sequences (colour, cursor moves, screen clear,
// window title, hyperlink), their 8-bit C1 forms, BEL, BS, CR, bidi overrides, and a line break
// followed by a fake "run is finished" line. Tests then assert that nothing of it reaches a person.
//
// IDs are left alone (they go back into requests, and the client checks their shape), and so are
// a run's outputs (they name files: path validation, not the sanitizer, judges those). Fields
// with a fixed meaning (state, dates, data type, URL) get only decorations the sanitizer removes
// entirely, so a clean client still reads "DONE" as DONE; free text gets everything.

const ESC = '\u001b';

/** The line a hostile log line tries to print on a line of its own. */
export const FAKE_FINISHED_LINE = 'gumloop-files: run X is finished (DONE)';

/** Removed without a trace by the sanitizer. */
const REMOVABLE_BEFORE = `${ESC}]0;pwned\u0007${ESC}[1;31m\u202e`;
const REMOVABLE_AFTER = `\u009b2J${ESC}[0m\u2066${ESC}]8;;https://evil.example/${ESC}\\`;
/** Controls a terminal obeys on their own, and a fake line of our own output. */
const FREE_TEXT_AFTER = `\r\u0008\u0007${ESC}[1A${ESC}[2K\u009b1A\n${FAKE_FINISHED_LINE}`;

const LEFT_ALONE = new Set(['outputs']);
const FIXED_MEANING = new Set(['state', 'data_type', 'url']);

export function hostileText(value: unknown, key = ''): unknown {
  if (typeof value === 'string') {
    if (key.endsWith('_id')) return value;
    if (FIXED_MEANING.has(key) || key.endsWith('_ts')) return `${REMOVABLE_BEFORE}${value}${REMOVABLE_AFTER}`;
    return `${REMOVABLE_BEFORE}${value}${REMOVABLE_AFTER}${FREE_TEXT_AFTER}`;
  }
  // Array items take their list's key: the lines of `log` are free text like the list.
  if (Array.isArray(value)) return value.map((item) => hostileText(item, key));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, LEFT_ALONE.has(name) ? item : hostileText(item, name)]));
  }
  return value;
}
