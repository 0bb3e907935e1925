// .ci/run must give the e2e harness a fresh, empty cache every time (a warm cache once hid a broken
// cold install, issue 9) and remove it afterwards. Run for real, with npm and dpkg replaced by
// stubs that record what they were given, from a copy in an empty folder: should a stub ever be
// bypassed, a real `npm ci` would find no project there rather than replace this one's modules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../support/paths';

async function stub(binDir: string, name: string, body: string): Promise<void> {
  const file = path.join(binDir, name);
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

async function runCi(root: string, env: NodeJS.ProcessEnv): Promise<{ calls: string[]; caches: { dir: string; entries: string }[] }> {
  const bin = path.join(root, 'bin');
  await mkdir(bin, { recursive: true });
  const record = path.join(root, 'record');
  await writeFile(record, '');
  await stub(bin, 'dpkg', 'exit 0');
  // `npm test` notes the cache it was given and whether that folder existed empty, then fills it
  // the way the harness would, so the clean-up is really tested.
  await stub(
    bin,
    'npm',
    `echo "npm $*" >> "${record}"
if [ "$1" = test ]; then
  echo "cache $GUMLOOP_E2E_CACHE [$(ls -A "$GUMLOOP_E2E_CACHE" 2>&1)]" >> "${record}"
  mkdir -p "$GUMLOOP_E2E_CACHE/code-server" && echo installed > "$GUMLOOP_E2E_CACHE/code-server/marker"
fi`,
  );
  const script = path.join(root, 'clone', '.ci', 'run');
  await mkdir(path.dirname(script), { recursive: true });
  await copyFile(path.join(REPO_ROOT, '.ci', 'run'), script);
  await promisify(execFile)('bash', [script], { env: { ...env, PATH: `${bin}${path.delimiter}${process.env.PATH}` } });
  const lines = (await readFile(record, 'utf8')).trim().split('\n');
  const caches = lines.filter((line) => line.startsWith('cache ')).map((line) => {
    const [, dir, entries] = /^cache (.*) \[(.*)\]$/.exec(line) ?? [];
    return { dir, entries };
  });
  return { calls: lines.filter((line) => line.startsWith('npm ')), caches };
}

test('.ci/run: npm ci, then npm test with a new empty e2e cache each time, removed afterwards', async (t) => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'gl-ci-run-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const warm = path.join(root, 'warm-cache');
  await mkdir(warm);
  // Even a developer's exported cache must not leak into CI.
  const env = { ...process.env, GUMLOOP_E2E_CACHE: warm };
  const first = await runCi(root, env);
  const second = await runCi(root, env);
  for (const run of [first, second]) {
    assert.deepEqual(run.calls, ['npm ci --no-audit --no-fund', 'npm test']);
    assert.equal(run.caches.length, 1);
    assert.equal(run.caches[0].entries, '', 'the cache was empty when npm test started');
    assert.notEqual(run.caches[0].dir, warm);
    assert.equal(await exists(run.caches[0].dir), false, 'the cache is removed afterwards');
  }
  assert.notEqual(first.caches[0].dir, second.caches[0].dir);
  assert.equal(await exists(warm), true, 'a cache CI did not create is left alone');
});
