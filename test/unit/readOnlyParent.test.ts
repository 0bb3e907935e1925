// A destination the user can write inside a folder they cannot (`--out ~`, a workspace mounted into
// a read-only folder): the lock and scratch go inside the destination, and nothing is left there.
// Root ignores permissions, so as root the CLI runs as "nobody" (from its own copy of the bundle:
// the clone may be in a folder nobody cannot read); otherwise the parent is chmod 555.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEMO } from '../emulator/server';
import { copyCliFor, runCli, type OtherUser } from '../support/cliRunner';
import { withEmulator } from '../support/emulatorFixture';

const NOBODY_IDS = { uid: 65534, gid: 65534 };
const asRoot = process.getuid?.() === 0;

describe('a writable destination in a read-only parent (built CLI)', { skip: process.platform === 'win32' && 'POSIX permissions' }, () => {
  const emu = withEmulator({ before, after });
  let root = '';
  let parent = '';
  let out = '';
  let nobody: OtherUser | undefined;
  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'gl-readonly-'));
    await chmod(root, 0o755);
    parent = path.join(root, 'home');
    out = path.join(parent, 'out');
    await mkdir(out, { recursive: true });
    if (asRoot) {
      await chown(out, NOBODY_IDS.uid, NOBODY_IDS.gid);
      nobody = { ...NOBODY_IDS, cli: await copyCliFor(root) };
    } else await chmod(parent, 0o555);
  });
  after(async () => {
    await chmod(parent, 0o755).catch(() => undefined);
    await rm(root, { recursive: true, force: true });
  });
  const env = () => ({ GUMLOOP_API_KEY: DEMO.apiKey, GUMLOOP_BASE_URL: emu.get().baseUrl, HOME: out });
  const download = (destination: string, extra: string[] = []) =>
    runCli(['download', '--run-id', DEMO.runs.report, '--user-id', DEMO.userId, '--file', 'summary.json', '--out', destination, ...extra], env(), out, nobody);

  test('the download lands, and no lock or scratch is left inside the destination or beside it', async () => {
    const mtimeBefore = (await stat(out)).mtimeMs;
    const failed = await runCli(['download', '--run-id', 'NoSuchRun0001', '--user-id', DEMO.userId, '--file', 'summary.json', '--out', out], env(), out, nobody);
    assert.equal(failed.code, 1, failed.stderr);
    // Put back through utimes, which keeps whole milliseconds.
    assert.ok(Math.abs((await stat(out)).mtimeMs - mtimeBefore) < 1, 'a failed download leaves the folder as it was, mtime included');

    const run = await download(out);
    assert.equal(run.code, 0, run.stderr);
    const seed = await readFile(path.join(emu.get().dataDir, 'runs', DEMO.runs.report, 'files', 'summary.json'));
    assert.ok((await readFile(path.join(out, 'summary.json'))).equals(seed));
    assert.deepEqual(await readdir(out), ['summary.json']);
    assert.deepEqual(await readdir(parent), ['out']);
  });

  test('a destination that does not exist yet in that folder: one clear line, nothing created', async () => {
    const run = await download(path.join(parent, 'new-folder'));
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^gumloop-files: Cannot write into “.*home” \(EACCES\)\. Choose another folder or fix its permissions\.$/);
    assert.deepEqual(await readdir(parent), ['out']);
  });
});
