// Every command the CLI prints for pasting must run as printed: a real POSIX shell splits each
// hint and the CLI's own parser reads it back, naming the same run, scope and base URL.
import { test } from 'node:test';
import { MAX_OUTPUT_FILES } from '../../src/runs/outputs';
import { DEFAULT_LIMITS } from '../../src/archive/limits';
import assert from 'node:assert/strict';
import { parseCommandLine, type CliValues } from '../../src/cli/args';
import { cliCommand, connectionArgs, inCliTerms, watchAgainCommand } from '../../src/cli/hints';
import { DEFAULT_API_BASE_URL } from '../../src/gumloop/client';
import { errorForTransport } from '../../src/gumloop/httpErrors';
import { shellWords } from '../support/shellWords';

function readBack(hint: string): { command: string; values: CliValues } {
  const [program, ...args] = shellWords(hint);
  assert.equal(program, 'gumloop-files');
  const parsed = parseCommandLine(args);
  assert.equal(parsed.positionals.length, 1, hint);
  return { command: parsed.positionals[0], values: parsed.values };
}

const SCOPES: { name: string; values: CliValues; env: NodeJS.ProcessEnv }[] = [
  { name: 'a user', values: { 'user-id': 'you@example.com' }, env: {} },
  { name: 'a user id with spaces, quotes and a $', values: { 'user-id': `o'brien "ops" $HOME; rm -rf /` }, env: {} },
  { name: 'a project with OAuth', values: { 'project-id': 'proj_42', oauth: true }, env: {} },
  { name: 'a base URL flag with a query', values: { 'user-id': 'u1', 'base-url': 'http://127.0.0.1:8123/api/v1?a=1&b=2' }, env: {} },
  { name: 'a base URL from GUMLOOP_BASE_URL', values: { 'user-id': 'u1' }, env: { GUMLOOP_BASE_URL: 'http://localhost:9/api/v1' } },
  { name: 'a raised --request-timeout', values: { 'user-id': 'u1', 'request-timeout': '120' }, env: {} },
];

for (const scope of SCOPES) {
  test(`the watch-again hint reads back as the same run and scope: ${scope.name}`, () => {
    const env = { ...scope.env, GUMLOOP_API_KEY: 'sk-secret-key-never-printed' };
    const hint = watchAgainCommand(scope.values, env, { runId: 'Run0Id-1_a', savedItemId: 'Flow_1', download: { out: "/data/Q3 'final'/out", policy: 'keep-both', maxFiles: 20_000, limits: { maxTotalBytes: 8192 * 1024 ** 2, maxEntries: 250_000 } } });
    assert.ok(!hint.includes('sk-secret-key-never-printed'), 'never the key');
    const { command, values } = readBack(hint);
    assert.equal(command, 'watch');
    assert.equal(values['run-id'], 'Run0Id-1_a');
    assert.equal(values['saved-item-id'], 'Flow_1');
    assert.equal(values['user-id'], scope.values['user-id']);
    assert.equal(values['project-id'], scope.values['project-id']);
    assert.equal(values.oauth, scope.values.oauth);
    assert.equal(values['base-url'], scope.values['base-url'] ?? scope.env.GUMLOOP_BASE_URL);
    assert.equal(values['request-timeout'], scope.values['request-timeout']);
    assert.equal(values.download, true);
    assert.equal(values.out, "/data/Q3 'final'/out");
    assert.equal(values['on-conflict'], 'keep-both');
    assert.equal(values['max-files'], '20000');
    assert.equal(values['max-size'], '8192');
    assert.equal(values['max-entries'], '250000');
  });
}

test('the hint stays short: the default base URL, the default conflict policy and no download are left out', () => {
  const hint = watchAgainCommand({ 'user-id': 'u1', 'base-url': `${DEFAULT_API_BASE_URL}/` }, {}, { runId: 'R1' });
  assert.equal(hint, 'gumloop-files watch --run-id R1 --user-id u1');
  assert.equal(watchAgainCommand({ 'user-id': 'u1' }, {}, { runId: 'R1', download: { out: '/o', policy: 'fail', maxFiles: MAX_OUTPUT_FILES, limits: DEFAULT_LIMITS } }), 'gumloop-files watch --run-id R1 --user-id u1 --download --out /o');
});

test('quoting: plain words as typed; anything else single-quoted so the shell passes it through unchanged', () => {
  const awkward = ['plain', 'a b', "it's", '$(touch x)', '`id`', 'semi;colon', 'star*', 'back\\slash', 'new\nline', ''];
  assert.equal(cliCommand(['plain', 'you@example.com']), 'gumloop-files plain you@example.com');
  assert.deepEqual(shellWords(cliCommand(awkward)), ['gumloop-files', ...awkward]);
});

test('a silent server: the CLI names its flag where the extension names its setting', () => {
  const error = errorForTransport(Object.assign(new Error('headers timeout'), { code: 'UND_ERR_HEADERS_TIMEOUT' }), { baseUrl: 'https://api.example.test', requestTimeoutMs: 5000 });
  assert.match(error.message, /raise the request timeout setting/, 'the extension keeps its words');
  const cli = inCliTerms(error.message);
  assert.match(cli, /did not send data for 5 s\. Check your connection, or raise --request-timeout <seconds>\.$/);
  assert.equal(parseCommandLine(['--request-timeout', '90']).values['request-timeout'], '90', 'the flag it names exists');
});

test('a page that is not JSON: the CLI names --base-url where the extension names its setting', () => {
  const message = 'Gumloop answered get_pl_run with something that is not JSON. Check the base URL setting; if it points at Gumloop, the API may have changed.';
  assert.equal(inCliTerms(message), 'Gumloop answered get_pl_run with something that is not JSON. Check --base-url (or GUMLOOP_BASE_URL); if it points at Gumloop, the API may have changed.');
  assert.equal(parseCommandLine(['--base-url', 'https://x.example']).values['base-url'], 'https://x.example', 'the flag it names exists');
});

test('the lost-start hint runs as printed: the runs command with the scope in effect', () => {
  const hint = cliCommand(['runs', '--flow', 'Flow_1', ...connectionArgs({ 'project-id': 'team 1', 'user-id': 'u1' }, {})]);
  const { command, values } = readBack(hint);
  assert.equal(command, 'runs');
  assert.deepEqual([values.flow, values['user-id'], values['project-id']], ['Flow_1', 'u1', 'team 1']);
});
