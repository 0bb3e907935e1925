// JSON answers are read whole up to a documented limit (far past the old 16 MiB cut that made a
// long log read as "not JSON"), and past it fail with an error that names the limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_JSON_BYTES, readJsonText } from '../../src/gumloop/client';
import { isGumloopError } from '../../src/errors';

/** A response body of `count` chunks; the same buffer each time, so the test itself stays small. */
function body(chunk: Buffer, count: number): AsyncIterable<Buffer> & { destroy(): void; destroyed: boolean } {
  const stream = {
    destroyed: false,
    destroy() {
      stream.destroyed = true;
    },
    async *[Symbol.asyncIterator]() {
      for (let i = 0; i < count && !stream.destroyed; i++) yield chunk;
    },
  };
  return stream;
}

test('the limit is at least 256 MiB', () => {
  assert.ok(MAX_JSON_BYTES >= 256 * 1024 * 1024);
});

test('an answer of 24 MiB (past the old 16 MiB cut) is read whole', async () => {
  const line = Buffer.from(`"${'x'.repeat(1022)}",`);
  const lines = 24 * 1024;
  const text = await readJsonText(body(line, lines), 'get_pl_run');
  assert.equal(text.length, line.length * lines);
  assert.equal(JSON.parse(`[${text.slice(0, -1)}]`).length, lines);
});

test('past the limit: an error that names the limit and the endpoint, and the body is let go', async () => {
  const mebibyte = Buffer.alloc(1024 * 1024, 0x20);
  const stream = body(mebibyte, 257);
  const error = await readJsonText(stream, 'list_saved_items').then(
    () => assert.fail('expected a failure'),
    (e: unknown) => e,
  );
  assert.ok(isGumloopError(error, 'invalid-response'));
  assert.match(error.message, /answer to list_saved_items is larger than 256 MiB, the most this client reads/);
  assert.doesNotMatch(error.message, /not JSON/);
  assert.equal(stream.destroyed, true);
  await assert.rejects(readJsonText(body(Buffer.from('12345'), 3), 'get_pl_run', { limit: 10 }), /larger than/);
  assert.equal(await readJsonText(body(Buffer.from('12345'), 2), 'get_pl_run', { limit: 10 }), '1234512345');
});

test('a Content-Length right, short or long gives the same text', async () => {
  for (const expectedBytes of [undefined, 10, 3, 7, 64, Number.NaN]) {
    assert.equal(await readJsonText(body(Buffer.from('12345'), 2), 'get_pl_run', { expectedBytes }), '1234512345', String(expectedBytes));
  }
});
