// The Action's committed bundle is what its sources build today (so `npm test` fails when someone
// changes src/ and forgets `npm run build:action`), stays a reasonable size, and action.yml declares
// exactly the inputs, defaults and outputs the code reads and writes. The bundle ships in neither
// the .vsix nor the npm package.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { ACTION_DEFAULTS, ACTION_INPUTS, ACTION_OUTPUTS } from '../../src/cli/action';
import { REPO_ROOT } from '../support/paths';

const BUNDLE = 'dist-action/index.js';
/** The bundle carries the CLI's core and undici; well past this, something unintended came in. */
const BUNDLE_BUDGET_BYTES = 512 * 1024;

/** The top-level section `name:` of action.yml as `key → its indented lines`, read line by line (a flat, known file). */
function section(manifest: string, name: string): Map<string, string[]> {
  const lines = manifest.split('\n');
  const start = lines.indexOf(`${name}:`);
  assert.ok(start >= 0, `action.yml has ${name}:`);
  const entries = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break;
    const key = /^ {2}([a-z-]+):(.*)$/.exec(line);
    if (key) {
      current = key[2].trim() ? [key[2].trim()] : [];
      entries.set(key[1], current);
    } else if (line.trim()) current?.push(line.trim());
  }
  return entries;
}

test('the committed Action bundle is byte for byte what the sources build now', async (t) => {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'gl-action-build-'));
  t.after(() => rm(folder, { recursive: true, force: true }));
  const fresh = path.join(folder, 'index.js');
  await promisify(execFile)(process.execPath, ['esbuild.mjs', '--action', `--action-outfile=${fresh}`], { cwd: REPO_ROOT });
  const [built, committed] = await Promise.all([readFile(fresh), readFile(path.join(REPO_ROOT, BUNDLE))]);
  assert.ok(built.equals(committed), `${BUNDLE} is out of date: run npm run build:action and commit it`);
  assert.ok(committed.length < BUNDLE_BUDGET_BYTES, `${BUNDLE} is ${committed.length} bytes, over its budget of ${BUNDLE_BUDGET_BYTES}`);
  // Built twice, the same bytes: nothing time- or machine-dependent goes in.
  const again = path.join(folder, 'again.js');
  await promisify(execFile)(process.execPath, ['esbuild.mjs', '--action', `--action-outfile=${again}`], { cwd: REPO_ROOT });
  assert.ok((await readFile(again)).equals(built), 'the build is deterministic');
  assert.ok(!built.includes(REPO_ROOT), 'no path of the build machine in the bundle');
});

test('action.yml: the newest Node runtime, the committed bundle, and exactly the inputs, defaults and outputs the code uses', async () => {
  const manifest = await readFile(path.join(REPO_ROOT, 'action.yml'), 'utf8');
  const runs = section(manifest, 'runs');
  assert.deepEqual(runs.get('using'), ['node24']);
  assert.deepEqual(runs.get('main'), [BUNDLE]);
  const inputs = section(manifest, 'inputs');
  assert.deepEqual([...inputs.keys()], [...ACTION_INPUTS]);
  for (const [name, lines] of inputs) {
    assert.ok(lines.some((line) => line.startsWith('description: ')), `${name} is described`);
    assert.ok(lines.includes(`required: ${name === 'flow'}`), `${name}: required only for flow`);
    const declared = lines.find((line) => line.startsWith('default: '))?.slice('default: '.length).replace(/^'(.*)'$/, '$1');
    assert.equal(declared || undefined, name === 'flow' ? undefined : ACTION_DEFAULTS[name as keyof typeof ACTION_DEFAULTS], `${name}'s default`);
  }
  assert.deepEqual([...section(manifest, 'outputs').keys()], [...ACTION_OUTPUTS]);
});

test('the bundle ships in neither the .vsix nor the npm package (both allow-lists leave it out)', async () => {
  for (const file of ['.vscodeignore', '.npmignore']) {
    const lines = (await readFile(path.join(REPO_ROOT, file), 'utf8')).split('\n').map((line) => line.trim());
    assert.ok(lines.includes('**') || lines.includes('*'), `${file} starts from nothing`);
    assert.ok(!lines.some((line) => line.startsWith('!') && (line.includes('dist-action') || line.includes('action.yml'))), `${file} lets the Action in`);
  }
});
