// Names from archives and disks go into one-line messages; a hostile 4,000-byte name must not
// turn a line into a page. The middle goes, since the start (folder) and end (extension) say most.
const DEFAULT_MAX = 120;

/** `very/long/…/name.csv`: at most `max` characters, with an ellipsis in the middle when cut. */
export function shortName(name: string, max = DEFAULT_MAX): string {
  const chars = [...name];
  if (chars.length <= max) return name;
  const keep = max - 1;
  const head = Math.ceil(keep / 2);
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - (keep - head)).join('')}`;
}
