// The "Gumloop" log channel: what reaches the channel never holds the API key, whether the key
// came in a message, an error's message, its cause chain or a non-Error cause. Loads the real
// Logger (it needs only vscode's types) over a recording channel.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GumloopError, redact } from '../../src/errors';
import { describe as describeError, Logger, type LogChannel } from '../../src/log';

const KEY = 'demo-api-key-7f3a9c2e51b84d06';
const USER = 'demo-user';

function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: string) => void lines.push(`${level} ${message}`);
  const channel = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error'), show: () => undefined, dispose: () => undefined } as unknown as LogChannel;
  const logger = new Logger(channel);
  logger.setSecrets([KEY, undefined]);
  return { logger, lines };
}

test('every level redacts the key in the message; the user id stays (messages name it so it can be checked)', () => {
  const { logger, lines } = recordingLogger();
  const said = `Gumloop said: “API key does not match user (received Authorization “Bearer ${KEY}”, x-auth-key “${USER}”)”`;
  logger.debug(said);
  logger.info(said);
  logger.warn(said);
  logger.error(said);
  assert.equal(lines.length, 4);
  for (const line of lines) {
    assert.ok(!line.includes(KEY), line);
    assert.match(line, /Bearer «redacted»/);
    assert.match(line, /x-auth-key “demo-user”/);
  }
});

test('an error, its cause chain and a non-Error cause are redacted; the stack is not logged', () => {
  const { logger, lines } = recordingLogger();
  const root = { body: `{"error":"bad key ${KEY}"}` };
  const transport = Object.assign(new Error(`connect failed with ${KEY}`, { cause: root }), { code: 'ECONNRESET' });
  const error = new GumloopError('unauthorized', `Gumloop did not accept the API key (401). Gumloop said: “${KEY}”.`, { cause: transport });
  error.stack = `GumloopError: at secret ${KEY}\n    at somewhere`;
  logger.error('Download failed', error);
  assert.equal(lines.length, 1);
  const [line] = lines;
  assert.ok(!line.includes(KEY), line);
  assert.match(line, /^error Download failed: GumloopError unauthorized: Gumloop did not accept the API key \(401\)\. Gumloop said: “«redacted»”\. ← caused by Error ECONNRESET: connect failed with «redacted» ← caused by \{"body":"\{\\"error\\":\\"bad key «redacted»\\"\}"\}$/);
  assert.doesNotMatch(line, /at somewhere/);
});

test('describe follows at most four causes', () => {
  let error: Error = new Error('root');
  for (let i = 0; i < 6; i++) error = new Error(`level ${i}`, { cause: error });
  assert.equal(describeError(error).split(' ← caused by ').length, 4);
});

test('redact: every occurrence, several secrets, and short or missing ones ignored', () => {
  assert.equal(redact(`${KEY}/${KEY} token-abcdef`, [KEY, 'token-abcdef', undefined, 'ab']), '«redacted»/«redacted» «redacted»');
  assert.equal(redact('ab cd', ['ab']), 'ab cd');
});

test('server text in a log line is sanitized first, so an escape code inside the key does not hide it', () => {
  const { logger, lines } = recordingLogger();
  logger.info(`[run R1] \u001b[31mstep failed\u001b[0m with demo-api\u001b[0m-key-7f3a9c2e51b84d06\u009b2J\u202e`);
  assert.deepEqual(lines, ['info [run R1] step failed with «redacted»']);
});
