// Which archive entries a download writes: only those asked for, by one rule (archive/requested.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { notRequestedMessage, requestedNames, selectRequested } from '../../src/archive/requested';
import { DEFAULT_LIMITS } from '../../src/archive/limits';
import { planArchive } from '../../src/archive/safety';
import type { ZipEntry } from '../../src/archive/zipIndex';

const entry = (name: string): ZipEntry => ({ name, rawName: Buffer.from(name), method: 0, flags: 0, compressedSize: 1, uncompressedSize: 1, crc32: 0, localHeaderOffset: 0, versionMadeBy: 0, externalAttributes: 0 });

test('a path is wanted when it equals a requested name or lies under a requested folder', () => {
  const names = requestedNames(['a.csv', 'q3', 'reports/2026/', './docs\\x.md', 'summary.csv', 'nope.txt']);
  const wanted = ['a.csv', 'q3/b.json', 'q3/deep/c.json', 'reports/2026/q3/s.csv', 'docs/x.md'];
  const unwanted = ['A.csv', 'a.csv.bak', 'q3b/x', 'reports/summary.csv', 'reports/2025/s.csv', 'other/a.csv', '.github/workflows/a.csv', 'unrequested.sh'];
  for (const path of wanted) assert.equal(names.wants(path), true, path);
  for (const path of unwanted) assert.equal(names.wants(path), false, path);
  const accents = requestedNames(['re\u0301sume\u0301.txt']);
  assert.equal(accents.wants('r\u00e9sum\u00e9.txt'), true, 'decomposed asked, composed stored');
  assert.deepEqual(accents.unmatched(), []);
  // The same file name in another folder is not what was asked for, so summary.csv is still missing.
  assert.deepEqual(names.unmatched(), ['summary.csv', 'nope.txt']);
});

test('the plan keeps the requested files and the folders they need; the rest is listed, not written', () => {
  const plan = planArchive(['ok.txt', 'reports/', 'reports/a.csv', 'logs/', 'unrequested.sh', '.github/workflows/x.yml'].map(entry), DEFAULT_LIMITS, 'linux');
  const { plan: narrowed, notRequested, missing } = selectRequested(plan, ['ok.txt', 'reports/a.csv', 'gone.csv']);
  assert.deepEqual(narrowed.files.map((file) => file.path), ['ok.txt', 'reports/a.csv']);
  assert.deepEqual(narrowed.directories, ['reports'], 'a listed folder holding a requested file is no surprise');
  assert.deepEqual(narrowed.folders, ['reports']);
  assert.equal(narrowed.totalBytes, 2);
  assert.deepEqual(notRequested, ['unrequested.sh', '.github/workflows/x.yml', 'logs/']);
  assert.deepEqual(missing, ['gone.csv']);
});

test('the not-requested line counts them all and lists the first five, cleaned', () => {
  assert.equal(notRequestedMessage([]), '');
  assert.equal(notRequestedMessage(['x.sh']), 'The archive also held 1 entry you did not ask for; it was not written: x.sh.');
  const many = notRequestedMessage(['a', 'b\u001b[31m', 'c', 'd', 'e', 'f', 'g']);
  assert.equal(many, 'The archive also held 7 entries you did not ask for; they were not written: a, b, c, d, e and 2 more.');
});
