// Text from Gumloop is data, never terminal or UI control: a flow name, a state, a log line or
// an error body could carry escape sequences that recolour the terminal, set its title, write a
// hyperlink, move the cursor over an earlier line, or a line break that prints a fake
// "run is finished". One sanitizer for every place server text meets a person. Pure.

// 7-bit escape sequences: CSI (colours, cursor moves), OSC (titles, hyperlinks; ended by BEL or
// ST), DCS/SOS/PM/APC strings (ended by ST), and the two-byte ESC forms.
const ESC_SEQUENCE =
  /\u001b\[[0-?]*[ -/]*[@-~]?|\u001b[\]PX^_][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[ -/]*[0-~]?/g;
// The same in their 8-bit C1 forms (U+009B is a CSI by itself in many terminals).
const C1_SEQUENCE = /\u009b[0-?]*[ -/]*[@-~]?|[\u0090\u0098\u009d\u009e\u009f][^\u0007\u009c\u001b]*(?:\u0007|\u009c)?/g;
// Every other C0/C1 control but tab and line feed, and DEL.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// Bidirectional overrides and isolates can make a name read as something else (trojan source).
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const LINE_BREAK = /\r\n|\r|\n|\u2028|\u2029|\u0085/g;

/**
 * Multi-line text (a log, an error body) without escape sequences, controls or bidi overrides.
 * Line breaks stay (a lone CR becomes a line break, so it cannot overwrite the line before it).
 */
export function cleanText(value: unknown): string {
  return textOf(value)
    .replace(LINE_BREAK, '\n')
    .replace(ESC_SEQUENCE, '')
    .replace(C1_SEQUENCE, '')
    .replace(CONTROL, '')
    .replace(BIDI, '');
}

/** One-line text (a name, a state, a date, a log line): as `cleanText`, with line breaks shown as ⏎ and tabs as spaces. */
export function cleanLine(value: unknown): string {
  // Printable ASCII holds none of what is removed: the common case skips the regex passes (tree rows clean every name).
  if (typeof value === 'string' && PRINTABLE_ASCII.test(value)) return value;
  return cleanText(value).replace(/\n/g, ' ⏎ ').replace(/\t/g, ' ');
}

/** A value the server sent where text was expected: strings as they are, anything else as JSON. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
