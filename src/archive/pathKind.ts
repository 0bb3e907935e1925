// What is at a path, without following a link there: the one question the conflict check and
// the final move both ask (asynchronously one at a time, or synchronously in batches).
import { lstatSync, type Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';

export type PathKind = 'missing' | 'file' | 'folder' | 'link';

export function kindOf(stats: Stats | undefined): PathKind {
  if (!stats) return 'missing';
  if (stats.isSymbolicLink()) return 'link';
  return stats.isDirectory() ? 'folder' : 'file';
}

export async function pathKind(file: string): Promise<PathKind> {
  try {
    return kindOf(await lstat(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
}

export function pathKindSync(file: string): PathKind {
  return kindOf(lstatSync(file, { throwIfNoEntry: false }));
}
