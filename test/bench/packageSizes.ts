// The shipped sizes: the production bundle and the .vsix. Both are built in a staging folder, so
// the dev bundle in dist/ (which tests and other tools use meanwhile) is never replaced.
import { execFile } from 'node:child_process';
import { cp, mkdir, rm, stat, symlink } from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';
import AdmZip from 'adm-zip';
import { REPO_ROOT } from './benchPaths';

/** What vsce reads; .vscodeignore decides what of it ships. */
const PACKAGE_INPUTS = ['package.json', '.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE', 'media'];

export interface PackageSizes {
  extensionBundle: string;
  /** All the JavaScript the extension ships: every .js in the .vsix (dist/extension.js, the transport, what loads on first use). */
  extensionBundleBytes: number;
  /** Each of those files and its size, largest first. */
  shippedScripts: { name: string; bytes: number }[];
  vsixBytes: number;
}

export async function buildAndMeasurePackage(stageDir: string): Promise<PackageSizes> {
  const run = promisify(execFile);
  await rm(stageDir, { recursive: true, force: true });
  await mkdir(stageDir, { recursive: true });
  // esbuild.mjs builds src/ into dist/ relative to its working folder: links make the stage look like the repo.
  await symlink(path.join(REPO_ROOT, 'src'), path.join(stageDir, 'src'));
  await symlink(path.join(REPO_ROOT, 'node_modules'), path.join(stageDir, 'node_modules'));
  await run(process.execPath, [path.join(REPO_ROOT, 'esbuild.mjs'), '--production'], { cwd: stageDir });
  await rm(path.join(stageDir, 'src'));
  await rm(path.join(stageDir, 'node_modules'));
  for (const input of PACKAGE_INPUTS) {
    await cp(path.join(REPO_ROOT, input), path.join(stageDir, input), { recursive: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error; // README/CHANGELOG may not be written yet; vsce says so.
    });
  }
  const vsix = path.join(stageDir, 'x.vsix');
  // The project's own vsce, run directly: never a download, wherever the stage is.
  const vsce = path.join(path.dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
  await run(process.execPath, [vsce, 'package', '--no-dependencies', '-o', vsix], { cwd: stageDir });
  const extensionBundle = path.join(stageDir, 'dist', 'extension.js');
  // Read from the .vsix itself, so a new bundle file is counted the day it ships.
  const shippedScripts = new AdmZip(vsix)
    .getEntries()
    .filter((entry) => entry.entryName.startsWith('extension/') && entry.entryName.endsWith('.js'))
    .map((entry) => ({ name: entry.entryName.slice('extension/'.length), bytes: entry.header.size }))
    .sort((a, b) => b.bytes - a.bytes);
  if (!shippedScripts.some((script) => script.name === 'dist/extension.js')) throw new Error(`the .vsix has no dist/extension.js: ${shippedScripts.map((script) => script.name).join(', ')}`);
  const extensionBundleBytes = shippedScripts.reduce((sum, script) => sum + script.bytes, 0);
  return { extensionBundle, extensionBundleBytes, shippedScripts, vsixBytes: (await stat(vsix)).size };
}
