// The CLI at parity with the editor and with Gumloop's own CLI: the scope from GUMLOOP_USER_ID /
// GUMLOOP_PROJECT_ID (a flag wins, as with GUMLOOP_BASE_URL), --max-size and --max-entries (the
// editor's gumloop.maxExtractSize and entry limit), and the exit codes --help promises.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXIT } from '../../src/cli/exitCodes';
import { HELP } from '../../src/cli/help';
import { addRun } from '../emulator/addRun';
import { DEMO } from '../emulator/server';
import { runCli } from '../support/cliRunner';
import { withEmulator } from '../support/emulatorFixture';

describe('gumloop-files: environment, archive limits and exit codes', () => {
  const emu = withEmulator({ before, after });
  let cwd = '';
  const env = (extra: Record<string, string> = {}) => ({ GUMLOOP_API_KEY: DEMO.apiKey, GUMLOOP_BASE_URL: emu.get().baseUrl, ...extra });
  /** The user_id / project_id of the last list_saved_items request. */
  const lastScope = () => {
    const request = emu.get().requests.filter((r) => r.path.endsWith('/list_saved_items')).at(-1);
    return { user: request?.query.user_id, project: request?.query.project_id };
  };
  before(async () => {
    cwd = await mkdtemp(path.join(os.tmpdir(), 'gl-cli-parity-'));
    // Two files, one of 1.5 MiB: past a --max-size of 1 MB, within 2.
    await addRun(emu.get().dataDir, 'BigFiles0001', {}, { 'big.bin': Buffer.alloc(1.5 * 1024 * 1024, 7), 'small.txt': 'small\n' });
  });
  after(() => rm(cwd, { recursive: true, force: true }));

  test('GUMLOOP_USER_ID and GUMLOOP_PROJECT_ID give the scope when no flag does; a flag wins', async () => {
    const fromEnv = await runCli(['flows', '--json'], env({ GUMLOOP_USER_ID: DEMO.userId }), cwd);
    assert.equal(fromEnv.code, 0, fromEnv.stderr);
    assert.deepEqual(lastScope(), { user: DEMO.userId, project: undefined });
    const flagWins = await runCli(['flows', '--json', '--user-id', DEMO.userId], env({ GUMLOOP_USER_ID: DEMO.otherUserId }), cwd);
    assert.equal(flagWins.code, 0, flagWins.stderr);
    assert.deepEqual(lastScope(), { user: DEMO.userId, project: undefined });
    const project = await runCli(['flows', '--json'], env({ GUMLOOP_USER_ID: DEMO.userId, GUMLOOP_PROJECT_ID: DEMO.projectId }), cwd);
    assert.equal(project.code, 0, project.stderr);
    assert.equal(lastScope().project, DEMO.projectId);
    const projectFlagWins = await runCli(['flows', '--json', '--project-id', DEMO.projectId], env({ GUMLOOP_USER_ID: DEMO.userId, GUMLOOP_PROJECT_ID: 'not-this-project' }), cwd);
    assert.equal(projectFlagWins.code, 0, projectFlagWins.stderr);
    assert.equal(lastScope().project, DEMO.projectId);
    // Neither flag nor variable: the usage error names the flag.
    const none = await runCli(['flows'], env(), cwd);
    assert.equal(none.code, EXIT.usage);
    // --base-url wins over GUMLOOP_BASE_URL: a dead address in the variable is never tried.
    const baseUrl = await runCli(['flows', '--json', '--base-url', emu.get().baseUrl], env({ GUMLOOP_BASE_URL: 'http://127.0.0.1:9/api/v1', GUMLOOP_USER_ID: DEMO.userId }), cwd);
    assert.equal(baseUrl.code, 0, baseUrl.stderr);
  });

  test('--max-size (MB) and --max-entries: past them nothing is written and the flag is named; within them the download works', async () => {
    const args = (out: string, ...limits: string[]) => ['download', '--run-id', 'BigFiles0001', '--file', 'big.bin', '--file', 'small.txt', '--user-id', DEMO.userId, '--out', path.join(cwd, out), ...limits];
    const tooBig = await runCli(args('size-1', '--max-size', '1'), env(), cwd);
    assert.equal(tooBig.code, EXIT.failed, tooBig.stderr);
    assert.match(tooBig.stderr, /would unpack to more than 1\.0 MB \(the limit\).*or raise --max-size <MB>\.$/);
    assert.deepEqual(await readdir(cwd).then((names) => names.filter((name) => name.startsWith('size-1'))), [], 'nothing written');
    const fits = await runCli(args('size-2', '--max-size', '2'), env(), cwd);
    assert.equal(fits.code, 0, fits.stderr);
    assert.deepEqual(fits.stdout.trim().split('\n').sort(), ['big.bin', 'small.txt']);
    const tooMany = await runCli(args('entries-1', '--max-entries', '1'), env(), cwd);
    assert.equal(tooMany.code, EXIT.failed, tooMany.stderr);
    assert.match(tooMany.stderr, /The archive has 2 entries, more than the limit of 1\. Download fewer files at a time, or raise --max-entries <n>\.$/);
    const enough = await runCli(args('entries-2', '--max-entries', '2'), env(), cwd);
    assert.equal(enough.code, 0, enough.stderr);
  });

  test('--max-size and --max-entries: refused before anything is sent when malformed, or without --download', async () => {
    emu.get().clearRequests();
    const base = ['download', '--run-id', 'BigFiles0001', '--file', 'big.bin', '--user-id', DEMO.userId, '--out', path.join(cwd, 'never')];
    for (const [flag, value, message] of [
      ['--max-size', '0', /--max-size must be a whole number of MB from 1 to 1048576/],
      ['--max-size', '1.5', /--max-size must be a whole number of MB/],
      ['--max-size', '1048577', /--max-size must be a whole number of MB/],
      ['--max-entries', '0', /--max-entries must be a whole number of archive entries, at least 1/],
      ['--max-entries', 'many', /--max-entries must be a whole number/],
    ] as const) {
      const result = await runCli([...base, flag, value], env(), cwd);
      assert.equal(result.code, EXIT.usage, `${flag} ${value}: ${result.stderr}`);
      assert.match(result.stderr, message);
    }
    for (const command of [['run', '--flow', 'QuickRep0rt1', '--wait'], ['watch', '--run-id', 'BigFiles0001']]) {
      const result = await runCli([...command, '--user-id', DEMO.userId, '--max-size', '10'], env(), cwd);
      assert.equal(result.code, EXIT.usage, result.stderr);
      assert.match(result.stderr, /--max-size needs --download/);
    }
    assert.deepEqual(emu.get().requests, [], 'nothing was sent');
  });

  test('--help names every exit code, and the one for a broken setup is not taken by another', () => {
    const codes = Object.values(EXIT);
    assert.equal(new Set(codes).size, codes.length, 'each code means one thing');
    const exitText = HELP.slice(HELP.indexOf('Exit codes:'));
    for (const code of codes) assert.match(exitText, new RegExp(`\\b${code} `), `--help explains exit ${code}`);
    assert.match(exitText, /3 could not talk to Gumloop or not authorised/);
    assert.match(HELP, /GUMLOOP_USER_ID/);
    assert.match(HELP, /GUMLOOP_PROJECT_ID/);
    assert.match(HELP, /--max-size <MB>/);
    assert.match(HELP, /--max-entries <n>/);
    assert.match(HELP, /GITHUB_ACTIONS=true/);
  });
});
