// Text shared by the tree views' labels and tooltips. Each Intl formatter is built once, on first
// use: toLocaleString builds a new one per call, which made 1,000 Recent Runs rows or 500 Flows
// rows cost ~90 ms instead of a few, and building one at load time would add ICU's start-up to
// every activation (npm run bench measures both).

const formatters = new Map<string, Intl.DateTimeFormat>();
let counts: Intl.NumberFormat | undefined;

const DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

/** "Nov 27, 2026, 9:14 AM"; a time that does not parse is shown as it came. */
export function formatDateTime(time: number | string): string {
  const ms = typeof time === 'number' ? time : Date.parse(time);
  return Number.isFinite(ms) ? formatDate(ms, DATE_TIME) : String(time);
}

/** A date in a shape of the caller's choosing, with the formatter for that shape built once. */
export function formatDate(ms: number, options: Intl.DateTimeFormatOptions): string {
  const key = JSON.stringify(options);
  let formatter = formatters.get(key);
  if (!formatter) formatters.set(key, (formatter = new Intl.DateTimeFormat('en-US', options)));
  return formatter.format(ms);
}

/** "1,234". */
export function formatCount(count: number): string {
  counts ??= new Intl.NumberFormat('en-US');
  return counts.format(count);
}

/** Names from Gumloop and disks go into Markdown tooltips as text, never as markup. */
export function escapeMarkdown(text: string): string {
  // `&` too: an entity such as &#x202E; would otherwise render as the bidi override it names.
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>&~]/g, '\\$&');
}
