// The CLI as a CI user gets it without the repository: `npm pack`, then `npm install -g` of the
// tarball into a temporary prefix, offline with an empty npm cache (so the package must need
// nothing from a registry), and `npx` from the tarball. Run by `npm run test:pack`, not with the
// unit tests: `npm pack` rebuilds dist/ (prepack), which the unit tests' CLI suite runs from.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEMO } from '../emulator/server';
import { withoutOuterNpm } from '../e2e/vscodeInstall';
import { withEmulator } from '../support/emulatorFixture';
import { snapshot } from '../support/fsSnapshot';
import { REPO_ROOT } from '../support/paths';

const { version } = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
const TARBALL_NAME = `gumloop-files-${version}.tgz`;
/** Small enough that a CI job downloads it in a blink; today about 130 KB. */
const MAX_TARBALL_BYTES = 250 * 1024;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command; resolves with its exit code and output (never rejects on a non-zero exit). */
function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Run> {
  return new Promise((resolve, reject) => {
    // The outer `npm run`'s npm_* variables (prefix, cache, global, ...) must not steer these npms.
    const env = { ...withoutOuterNpm(process.env), ...options.env };
    execFile(command, args, { cwd: options.cwd, env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error);
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}

function succeeded(result: Run, what: string): Run {
  assert.equal(result.code, 0, `${what} failed:\n${result.stderr}`);
  return result;
}

describe('the gumloop-files npm package', () => {
  const emu = withEmulator({ before, after });
  let root = '';
  let tarball = '';
  let prefix = '';
  let npmCache = '';
  let bin = '';

  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'gl-pack-'));
    const packed = path.join(root, 'packed');
    prefix = path.join(root, 'prefix');
    npmCache = path.join(root, 'npm-cache');
    await mkdir(packed);
    succeeded(await run('npm', ['pack', '--pack-destination', packed], { cwd: REPO_ROOT }), 'npm pack');
    tarball = path.join(packed, TARBALL_NAME);
    assert.deepEqual(await readdir(packed), [TARBALL_NAME]);
    // Far from the repository, offline and with an empty cache: anything the package needed from a
    // registry would fail the install.
    const install = await run('npm', ['install', '--global', '--prefix', prefix, '--cache', npmCache, '--offline', '--no-audit', '--no-fund', tarball], { cwd: root });
    succeeded(install, 'npm install -g of the tarball');
    bin = path.join(prefix, 'bin', 'gumloop-files');
  });
  after(() => rm(root, { recursive: true, force: true }));

  test('holds the bundled CLI, README, LICENSE and package.json, and nothing else', async () => {
    const listing = succeeded(await run('tar', ['-tzf', tarball], { cwd: root }), 'tar');
    const files = listing.stdout.trim().split('\n').sort();
    assert.deepEqual(files, ['package/LICENSE', 'package/README.md', 'package/dist/cli.js', 'package/package.json']);
    for (const file of files) assert.doesNotMatch(file, /^package\/(src|test|node_modules|out)\/|\.map$|\.ts$/);
    const size = (await stat(tarball)).size;
    assert.ok(size <= MAX_TARBALL_BYTES, `tarball is ${Math.round(size / 1024)} KB, more than ${MAX_TARBALL_BYTES / 1024} KB`);
  });

  test('declares no runtime dependencies: undici is bundled into dist/cli.js', () => {
    const installed = JSON.parse(readFileSync(path.join(prefix, 'lib', 'node_modules', 'gumloop-files', 'package.json'), 'utf8')) as { dependencies?: object };
    assert.deepEqual(installed.dependencies ?? {}, {});
    assert.equal(existsSync(path.join(prefix, 'lib', 'node_modules', 'gumloop-files', 'node_modules')), false);
  });

  test('the installed gumloop-files answers --help and --version', async () => {
    const help = succeeded(await run(bin, ['--help'], { cwd: root }), 'gumloop-files --help');
    assert.match(help.stdout, /^Usage:\n {2}gumloop-files download --run-id <id>/m);
    assert.match(help.stdout, /--version/);
    const printed = succeeded(await run(bin, ['--version'], { cwd: root }), 'gumloop-files --version');
    assert.equal(printed.stdout, `${version}\n`);
  });

  test('the installed gumloop-files downloads a run from the emulator, byte for byte', async () => {
    const seedFiles = path.join(emu.get().dataDir, 'runs', DEMO.runs.nested, 'files');
    const expected = await snapshot(seedFiles);
    const names = Object.keys(expected).filter((name) => !name.endsWith('/'));
    const out = path.join(root, 'downloaded');
    const args = ['download', '--run-id', DEMO.runs.nested, '--user-id', DEMO.userId, '--out', out, ...names.flatMap((name) => ['--file', name])];
    const env = { GUMLOOP_API_KEY: DEMO.apiKey, GUMLOOP_BASE_URL: emu.get().baseUrl };
    const download = succeeded(await run(bin, args, { cwd: root, env }), 'gumloop-files download');
    assert.deepEqual(download.stdout.trim().split('\n').sort(), [...names].sort());
    assert.deepEqual(await snapshot(out), expected);
  });

  test("the README's install lines name this version's tarball", () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    assert.ok(readme.includes(`npm install -g ./${TARBALL_NAME}`), `README installs ./${TARBALL_NAME}`);
    assert.ok(readme.includes(`npx --yes --package ./${TARBALL_NAME} gumloop-files`), `README runs ./${TARBALL_NAME} with npx`);
  });

  test('npx runs it straight from the tarball', async () => {
    const args = ['--yes', '--offline', '--cache', npmCache, '--package', tarball, '--', 'gumloop-files', '--version'];
    const printed = succeeded(await run('npx', args, { cwd: root }), 'npx gumloop-files --version');
    assert.equal(printed.stdout, `${version}\n`);
  });
});
