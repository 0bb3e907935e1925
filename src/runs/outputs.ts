// Reading file names out of a run's outputs (get_pl_run), to offer them in the file picker and to
// download "all outputs". Every name is collected: a silent cap once downloaded 201 of 10,000
// files and said nothing.

/** Nesting deeper than this is not followed (Gumloop's outputs are a few levels deep; this guards against pathological JSON). */
export const MAX_OUTPUT_DEPTH = 64;

/**
 * More output files than this in one download are refused up front, naming the number (the CLI's
 * --max-files raises it): download_files lists every name in one request, and one archive of
 * that many files is already a large answer.
 */
export const MAX_OUTPUT_FILES = 10_000;

const FILE_LIKE = /^[^\n\r]{1,200}\.(?=[A-Za-z0-9]{0,7}[A-Za-z])[A-Za-z0-9]{1,8}$/;

/** Strings in the outputs that look like file names (have an extension, no spaces at the ends, one line). */
export function fileLikeStrings(outputs: unknown): Set<string> {
  const found = new Set<string>();
  // An explicit stack, not recursion: deep nesting cannot overflow the call stack.
  const pending: { value: unknown; depth: number }[] = [{ value: outputs, depth: 0 }];
  while (pending.length > 0) {
    const { value, depth } = pending.pop()!;
    if (typeof value === 'string') {
      if (FILE_LIKE.test(value) && !/^https?:/.test(value) && value.trim() === value) found.add(value);
      continue;
    }
    if (depth >= MAX_OUTPUT_DEPTH || !value || typeof value !== 'object') continue;
    const children = Array.isArray(value) ? value : Object.values(value);
    // Reversed onto the stack, so names come out in the order the outputs list them.
    for (let index = children.length - 1; index >= 0; index--) pending.push({ value: children[index], depth: depth + 1 });
  }
  return found;
}
