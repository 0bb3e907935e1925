// Follows a cursor-paged listing to its end, safely: the cursor goes back exactly as received
// (never built or changed); a cursor seen before, or a page that adds nothing new, ends the
// listing with a warning instead of a loop; the signal ends it at once. Pure (no I/O of its own).
import { throwIfAborted } from '../errors';
import type { Page } from './agents';

export interface PagerOptions<T> {
  /** Told once, in words a person can read, why the listing stopped early. */
  onWarning?: (message: string) => void;
  /** Told after every page, with everything so far (a view draws as pages arrive). */
  onPage?: (items: readonly T[], page: number) => void;
  signal?: AbortSignal;
  /** What is listed, for the warning, e.g. `artifacts of agent “a1”`. */
  what?: string;
  /** The key that tells items apart (default: `id`). */
  keyOf?: (item: T) => string;
}

export interface AllPages<T> {
  items: T[];
  /** Requests made. */
  pages: number;
  /** Set when the listing was ended early by a repeated cursor or a page with nothing new. */
  warning?: string;
}

/**
 * Calls `fetchPage(undefined)`, then `fetchPage(nextCursor)` while a new cursor comes back.
 * Items already seen (by key) are dropped, so a server that repeats items never doubles them.
 */
export async function followPages<T extends { id: string }>(fetchPage: (cursor: string | undefined) => Promise<Page<T>>, options: PagerOptions<T> = {}): Promise<AllPages<T>> {
  const keyOf = options.keyOf ?? ((item: T) => item.id);
  const what = options.what ?? 'the list';
  const seenCursors = new Set<string>();
  const seenKeys = new Set<string>();
  const items: T[] = [];
  let cursor: string | undefined;
  for (let pages = 1; ; pages++) {
    throwIfAborted(options.signal);
    const page = await fetchPage(cursor);
    throwIfAborted(options.signal);
    let added = 0;
    for (const item of page.items) {
      const key = keyOf(item);
      if (seenKeys.has(key)) continue;
      seenKeys.add(key);
      items.push(item);
      added++;
    }
    options.onPage?.(items, pages);
    const next = page.nextCursor;
    if (next === undefined) return { items, pages };
    let warning: string | undefined;
    if (seenCursors.has(next)) {
      warning = `Gumloop sent a page cursor it had sent before, while listing ${what}; stopped after ${pages} page${pages === 1 ? '' : 's'} with ${items.length} item${items.length === 1 ? '' : 's'}, which may not be all.`;
    } else if (added === 0) {
      warning = `Gumloop sent a page with nothing new, while listing ${what}; stopped after ${pages} page${pages === 1 ? '' : 's'} with ${items.length} item${items.length === 1 ? '' : 's'}, which may not be all.`;
    }
    if (warning) {
      options.onWarning?.(warning);
      return { items, pages, warning };
    }
    seenCursors.add(next);
    cursor = next;
  }
}
