// Short texts for one-line messages. Names from archives and disks: a hostile 4,000-byte name must
// not turn a line into a page; the middle goes, since the start (folder) and end (extension) say
// most. Durations: one wording everywhere a time span is said (the views, the CLI, the Action).
const DEFAULT_MAX = 120;

/** `very/long/…/name.csv`: at most `max` characters, with an ellipsis in the middle when cut. */
export function shortName(name: string, max = DEFAULT_MAX): string {
  const chars = [...name];
  if (chars.length <= max) return name;
  const keep = max - 1;
  const head = Math.ceil(keep / 2);
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - (keep - head)).join('')}`;
}

/**
 * "850 ms", "45 s", "1 min 44 s", "2 h 5 min". `coarse` (a span said in passing: "for the last
 * 3 min") leaves out the seconds past the first minute. Minutes and hours are whole ones passed,
 * never rounded up, so a coarse and a precise text of one span never disagree.
 */
export function formatDuration(ms: number, options: { coarse?: boolean } = {}): string {
  if (ms > 0 && ms < 1000 && !options.coarse) return `${Math.round(ms)} ms`;
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 && !options.coarse ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}
