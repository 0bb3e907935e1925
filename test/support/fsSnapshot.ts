// Snapshots a folder tree (names, sizes, contents' hashes) so tests can assert "nothing changed".
import { createHash } from 'node:crypto';
import { readdir, readFile, lstat } from 'node:fs/promises';
import * as path from 'node:path';

export async function snapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  async function walk(dir: string): Promise<void> {
    for (const name of (await readdir(dir)).sort()) {
      const full = path.join(dir, name);
      const rel = path.relative(root, full);
      const stats = await lstat(full);
      if (stats.isDirectory()) {
        out[`${rel}/`] = 'dir';
        await walk(full);
      } else if (stats.isFile()) {
        out[rel] = stats.size > 64 * 1024 * 1024 ? `size:${stats.size}` : createHash('sha1').update(await readFile(full)).digest('hex');
      } else {
        out[rel] = 'special';
      }
    }
  }
  await walk(root);
  return out;
}
