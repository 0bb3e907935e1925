import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isApiId, parseFileNames, validateApiId, validateApiKey, validateBaseUrl, validateId, validateRunId } from '../../src/validation';
import { GumloopClient } from '../../src/gumloop/client';
import { redact } from '../../src/errors';
import { fileLikeStrings } from '../../src/runs/outputs';
import { softwareCrc32 } from '../../src/archive/crc32';

test('run IDs: trimmed, taken from a pasted URL, otherwise refused with a reason', () => {
  assert.deepEqual(validateRunId('  Q7kR2mXv9LpT '), { ok: true, value: 'Q7kR2mXv9LpT' });
  assert.deepEqual(validateRunId('https://www.gumloop.com/pipeline?run_id=Q7kR2mXv9LpT&x=1'), { ok: true, value: 'Q7kR2mXv9LpT' });
  for (const bad of ['', 'abc', 'has space', '../x', 'x'.repeat(200)]) assert.equal(validateRunId(bad).ok, false, bad);
});

test('file names: commas and newlines, trimmed, de-duplicated', () => {
  assert.deepEqual(parseFileNames('a.csv, b.json\nc/d.txt,,a.csv'), { ok: true, value: ['a.csv', 'b.json', 'c/d.txt'] });
  assert.equal(parseFileNames(' , ').ok, false);
  assert.equal(parseFileNames('bad\u0001name').ok, false);
});

test('API keys: one line of printable ASCII of a plausible length', () => {
  assert.deepEqual(validateApiKey(' Bearer demo-api-key-7f3a9c2e51b84d06 '), { ok: true, value: 'demo-api-key-7f3a9c2e51b84d06' });
  for (const bad of ['', 'short', 'has a space in it somewhere', 'ключ-ключ-ключ-ключ-ключ']) assert.equal(validateApiKey(bad).ok, false, bad);
  for (const bad of ['k3y-9x', 'k3y 9x k3y 9x k3y 9x']) {
    const reason = (validateApiKey(bad) as { reason: string }).reason;
    assert.ok(!reason.includes('k3y'), 'a refusal never echoes the key');
  }
});

test('IDs', () => {
  assert.equal(validateId('demo-user', 'user ID').ok, true);
  assert.equal(validateId('a b', 'user ID').ok, false);
});

test('agents-API IDs are opaque: any printable ASCII without spaces, up to 256, is taken back as listed', () => {
  for (const id of ['art_01J+x=y/z', 'sess:Rs000001', 'a'.repeat(256)]) assert.deepEqual(validateApiId(` ${id} `, 'artifact ID'), { ok: true, value: id });
  for (const id of ['a b', 'a\u202eb', 'a\x1b[31m', 'é', 'a'.repeat(257)]) assert.equal(isApiId(id), false, JSON.stringify(id));
  assert.equal(validateApiId(' ', 'artifact ID').ok, false);
});

test('base URLs: absolute http: or https: only, said at once; the client refuses others before any request', async () => {
  assert.deepEqual(validateBaseUrl(' https://api.gumloop.com/api/v1 '), { ok: true, value: 'https://api.gumloop.com/api/v1' });
  assert.equal(validateBaseUrl('http://127.0.0.1:8787/api/v1').ok, true);
  const reasons = ['not a url', 'ftp://example.com/api', 'api.gumloop.com/api/v1', 'https://me:secret@example.com'].map((url) => {
    const checked = validateBaseUrl(url);
    return checked.ok ? 'ok' : checked.reason;
  });
  assert.match(reasons[0], /“not a url” is not a URL: give an absolute http:\/\/ or https:\/\/ URL/);
  assert.match(reasons[1], /is a ftp: URL/);
  assert.match(reasons[2], /is not a URL/);
  assert.match(reasons[3], /must not contain a user name or password/);
  assert.ok(!reasons[3].includes('secret'));
  const client = new GumloopClient({ credentials: { apiKey: 'k'.repeat(20), authMode: 'oauth', userId: 'u' }, baseUrl: 'not a url' });
  await assert.rejects(client.getRun('Run1'), (error: Error & { code?: string }) => error.code === 'invalid-input' && /base URL setting is wrong: “not a url” is not a URL/.test(error.message));
});

test('redaction removes every occurrence of each secret', () => {
  assert.equal(redact('key=s3cr3t-key and again s3cr3t-key', ['s3cr3t-key', undefined]), 'key=«redacted» and again «redacted»');
});

test('file-like strings in run outputs become suggestions', () => {
  const found = fileLikeStrings({ files: ['a.csv', 'b/c.json'], note: 'not a file', url: 'https://x.y/z.png', nested: { deeper: ['d.pdf'] }, revenue: '54556.00', version: 'v1.2', mp3: 'song.mp3' });
  assert.deepEqual([...found].sort(), ['a.csv', 'b/c.json', 'd.pdf', 'song.mp3']);
});

test('the software CRC-32 (for extension hosts without zlib.crc32) matches zlib', async () => {
  const zlib = await import('node:zlib');
  const native = (zlib as unknown as { crc32?: (d: Buffer, i?: number) => number }).crc32;
  const data = Buffer.from('The quick brown fox jumps over the lazy dog');
  assert.equal(softwareCrc32(data), 0x414fa339);
  assert.equal(softwareCrc32(data.subarray(10), softwareCrc32(data.subarray(0, 10))), 0x414fa339, 'incremental');
  if (native) assert.equal(native(data), softwareCrc32(data));
});
