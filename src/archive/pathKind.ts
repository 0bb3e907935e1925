// What is at a path, without following a link there: the one question the conflict check and
// the final move both ask (asynchronously one at a time, or synchronously in batches).
// fs.promises loads on first use; node:fs/promises would be loaded by every activation (activationLoads.test.ts).
import { lstatSync, promises as fsp, type Stats } from 'node:fs';

export type PathKind = 'missing' | 'file' | 'folder' | 'link';

export function kindOf(stats: Stats | undefined): PathKind {
  if (!stats) return 'missing';
  if (stats.isSymbolicLink()) return 'link';
  return stats.isDirectory() ? 'folder' : 'file';
}

export async function pathKind(file: string): Promise<PathKind> {
  try {
    return kindOf(await fsp.lstat(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
}

export function pathKindSync(file: string): PathKind {
  return kindOf(lstatSync(file, { throwIfNoEntry: false }));
}
