// Plain aligned columns for people; scripts use --json, which keeps every character.
// Each column has a width cap and rows are written one by one: a hostile or huge answer (a
// 100,000-character name, 200,000 flows) must print in output linear in the row count, never
// padded to its longest cell nor joined into one giant string.
import { cleanLine } from '../sanitize';
import type { CommandContext } from './context';

export interface Column {
  header: string;
  /** Cells longer than this are cut and end in “…”. */
  maxWidth: number;
}

/** How a list command answers: with --json one array of `json(item)`; otherwise `none` on stderr when there is nothing, else the table. */
export function writeList<T>(
  context: CommandContext,
  items: readonly T[],
  list: { json: (item: T) => unknown; none: string; columns: readonly Column[]; rows: (items: readonly T[]) => string[][] },
): void {
  if (context.values.json) context.json(items.map((item) => list.json(item)));
  else if (items.length === 0) context.stderr(`gumloop-files: ${list.none}\n`);
  else writeTable(context.stdout, list.columns, list.rows(items));
}

/** Writes the header and each row as one line through `write`. */
export function writeTable(write: (line: string) => void, columns: readonly Column[], rows: readonly (readonly string[])[]): void {
  const cells = rows.map((row) => columns.map((column, index) => fit(row[index] ?? '', column.maxWidth)));
  const widths = columns.map((column) => width(column.header));
  for (const row of cells) row.forEach((value, index) => (widths[index] = Math.max(widths[index], width(value))));
  const line = (values: readonly string[]) =>
    values
      .map((value, index) => (index === values.length - 1 ? value : value + ' '.repeat(Math.max(0, widths[index] - width(value)))))
      .join('  ')
      .trimEnd();
  write(`${line(columns.map((column) => column.header))}\n`);
  for (const row of cells) write(`${line(row)}\n`);
}

/** Characters, not UTF-16 units: an emoji counts once. */
function width(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    // The high half of a surrogate pair starts a character; its low half does not count again.
    if (code < 0xdc00 || code > 0xdfff) count++;
  }
  return count;
}

/** One line of server text, at most `maxWidth` characters. */
export function fit(value: string, maxWidth: number): string {
  // Only a bounded head is sanitized: a huge cell costs no more than a short one.
  const head = value.length > maxWidth * 4 ? value.slice(0, maxWidth * 4) : value;
  const clean = cleanLine(head);
  if (head === value && width(clean) <= maxWidth) return clean;
  const kept = Array.from(clean).slice(0, maxWidth - 1).join('');
  // A cut head may end in half a surrogate pair.
  return `${kept.replace(/[\ud800-\udbff]$/, '')}…`;
}
