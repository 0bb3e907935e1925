// Builds the production bundle and packages it, so the tests exercise exactly what would ship.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { exec } from './exec';

export async function buildAndPackage(repoRoot: string, vsixFile: string, log: (line: string) => void): Promise<string> {
  const started = Date.now();
  await exec(process.execPath, ['esbuild.mjs', '--production'], { cwd: repoRoot });
  const bundle = path.join(repoRoot, 'dist', 'extension.js');
  if (!fs.existsSync(bundle)) throw new Error(`esbuild finished but ${bundle} does not exist`);
  // --no: use the project's own vsce, never fetch one.
  await exec('npx', ['--no', 'vsce', 'package', '--no-dependencies', '-o', vsixFile], { cwd: repoRoot });
  if (!fs.existsSync(vsixFile)) throw new Error(`vsce finished but ${vsixFile} does not exist`);
  log(`e2e: packaged ${path.basename(vsixFile)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return vsixFile;
}
