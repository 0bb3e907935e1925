// What is at a path, without following a link there: the one question the conflict check and
// the final move both ask.
import { lstat } from 'node:fs/promises';

export type PathKind = 'missing' | 'file' | 'folder' | 'link';

export async function pathKind(file: string): Promise<PathKind> {
  try {
    const stats = await lstat(file);
    if (stats.isSymbolicLink()) return 'link';
    return stats.isDirectory() ? 'folder' : 'file';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
}
