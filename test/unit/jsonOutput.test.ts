// --json's one writer: what a script reads, with nothing in it that could act on a terminal or viewer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonLine, jsonLinePieces } from '../../src/cli/jsonOutput';

test('--json output escapes C1 controls, U+2028/2029 and bidi overrides, and reads back the same', () => {
  const value = { state: 'DONE\u009b2J', note: 'a\u2028b\u2029c\u202ed\u2067e\u0085', plain: 'résumé ✓' };
  const line = jsonLine(value);
  assert.ok(line.endsWith('}\n'));
  assert.doesNotMatch(line, /[\u0080-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
  assert.match(line, /\\u009b2J/);
  assert.deepEqual(JSON.parse(line), value);
});

test('a long list is written in pieces that join to the same single line', () => {
  const list = Array.from({ length: 2_500 }, (_, index) => ({ flowId: `F${index}`, name: index === 1_700 ? 'x\u202ey' : `flow ${index}`, description: null }));
  const pieces = [...jsonLinePieces(list)];
  assert.ok(pieces.length > 2, 'more than one write');
  assert.equal(pieces.join(''), jsonLine(list));
  assert.deepEqual(JSON.parse(pieces.join('')), list);
  assert.deepEqual([...jsonLinePieces({ a: 1 })], [jsonLine({ a: 1 })]);
  assert.deepEqual([...jsonLinePieces([])], ['[]\n']);
});
