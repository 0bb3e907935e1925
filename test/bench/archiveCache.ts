// Generates each shape's archive once and reuses it. The archive is written under a temporary
// name and a marker is written last, so an interrupted generation is noticed and redone.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { ZipFileWriter } from '../support/zipWriter';
import { ARCHIVES_DIR } from './benchPaths';
import type { Shape } from './shapes';

/** Bump when a shape's content changes, so cached archives are regenerated. */
const GENERATION_VERSION = 1;

export interface CachedArchive {
  file: string;
  bytes: number;
}

export async function ensureArchive(shape: Shape, scale: number, log: (line: string) => void): Promise<CachedArchive> {
  const file = path.join(ARCHIVES_DIR, `${shape.name}${scale === 1 ? '' : `-scale-${scale}`}.zip`);
  const marker = `${file}.complete`;
  const wanted = JSON.stringify({ version: GENERATION_VERSION, shape: shape.name, scale });
  if (existsSync(file) && existsSync(marker) && (await readFile(marker, 'utf8')) === wanted) {
    return { file, bytes: (await stat(file)).size };
  }
  await mkdir(ARCHIVES_DIR, { recursive: true });
  await rm(marker, { force: true });
  const partial = `${file}.partial`;
  const started = Date.now();
  log(`generating ${path.basename(file)} (${shape.title(scale)}); cached for later runs`);
  const writer = await ZipFileWriter.create(partial);
  await shape.build(writer, scale);
  await writer.close();
  await rename(partial, file);
  await writeFile(marker, wanted);
  const bytes = (await stat(file)).size;
  log(`  ${(bytes / 1e6).toFixed(0)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { file, bytes };
}
