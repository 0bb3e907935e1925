// Counts the files and bytes under a folder: proof that a side extracted everything.
import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';

export async function treeTotals(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return { files, bytes };
}
