// A run's output file names: every one of them, however many and however nested (up to a deep
// guard), without recursion that a hostile nesting could overflow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_OUTPUT_DEPTH, fileLikeStrings } from '../../src/runs/outputs';
import { outputFileNames } from '../../src/remote/runLog';

test('every file name is collected: no cap at 200 names', () => {
  const names = Array.from({ length: 10_000 }, (_, i) => `out/part-${i}.csv`);
  const found = fileLikeStrings({ files: names, nested: { more: [{ file: 'deep/a.json' }] } });
  assert.equal(found.size, 10_001);
  assert.equal(outputFileNames({ files: names }).length, 10_000);
});

test('names come out in the order the outputs list them', () => {
  assert.deepEqual([...fileLikeStrings({ a: ['x.csv', { b: 'y.png' }], c: 'z.txt', d: 'not a file', e: 'https://h.example/f.pdf' })], ['x.csv', 'y.png', 'z.txt']);
});

test('nesting is followed deep, and a pathological depth neither overflows nor hangs', () => {
  const nest = (depth: number, leaf: unknown) => {
    let value = leaf;
    for (let i = 0; i < depth; i++) value = i % 2 ? { k: value } : [value];
    return value;
  };
  assert.deepEqual([...fileLikeStrings(nest(20, 'twenty.csv'))], ['twenty.csv'], 'the old walk stopped at depth 4');
  assert.deepEqual([...fileLikeStrings(nest(MAX_OUTPUT_DEPTH, 'at-limit.csv'))], ['at-limit.csv']);
  assert.deepEqual([...fileLikeStrings(nest(MAX_OUTPUT_DEPTH + 1, 'too-deep.csv'))], []);
  assert.deepEqual([...fileLikeStrings(nest(200_000, 'x.csv'))], []);
});
