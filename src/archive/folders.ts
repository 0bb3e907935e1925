// The folders a set of relative paths needs, for staging and for the final move alike.
import * as path from 'node:path';

/**
 * Every folder that `files` lie in plus every folder in `listed`, with all their parents,
 * relative and `/`-separated, parents before children.
 */
export function neededFolders(files: readonly string[], listed: readonly string[]): string[] {
  const folders = new Set<string>();
  // Each member is added with all its parents, so the walk up may stop at the first one known.
  const add = (folder: string) => {
    for (let current = folder; current !== '.' && !folders.has(current); current = path.posix.dirname(current)) folders.add(current);
  };
  for (const folder of listed) add(folder);
  for (const file of files) add(path.posix.dirname(file));
  return [...folders].sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0));
}

function depth(folder: string): number {
  let count = 0;
  for (let i = folder.indexOf('/'); i >= 0; i = folder.indexOf('/', i + 1)) count++;
  return count;
}
