// `flows` and `runs` tables: capped column widths and one write per row, so a huge answer prints in
// output linear in its rows (a 453 KB answer once printed 100 MB); `runs` times as people read them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runsTableRows } from '../../src/cli/runs';
import { fit, writeTable, type Column } from '../../src/cli/table';

const COLUMNS: readonly Column[] = [
  { header: 'FLOW ID', maxWidth: 40 },
  { header: 'NAME', maxWidth: 60 },
  { header: 'CREATED', maxWidth: 10 },
];
/** The widest line these columns can print: every cap, the separators and the line feed. */
const MAX_LINE = 40 + 2 + 60 + 2 + 10 + 1;

function render(rows: string[][]): string[] {
  const writes: string[] = [];
  writeTable((line) => writes.push(line), COLUMNS, rows);
  return writes;
}

test('a 100,000-character name among 50,000 rows: every line within the caps, output linear in the rows', () => {
  const huge = 'N'.repeat(100_000);
  const rows = Array.from({ length: 50_000 }, (_, index) => [`flow${index}`, index === 7 ? huge : `name ${index}`, '2026-11-01']);
  const writes = render(rows);
  assert.equal(writes.length, 50_001, 'one write per row plus the header, never one joined string');
  let bytes = 0;
  for (const line of writes) {
    assert.ok(line.endsWith('\n') && line.indexOf('\n') === line.length - 1, 'one line per write');
    assert.ok(line.length <= MAX_LINE, `a line of ${line.length} characters`);
    bytes += line.length;
  }
  assert.ok(bytes <= 50_001 * MAX_LINE, `${bytes} characters`);
  assert.equal(writes[8], `${'flow7'.padEnd('flow49999'.length)}  ${'N'.repeat(59)}…  2026-11-01\n`);
  // Twice the rows, at most twice the output (plus the header): linear, not rows × longest cell.
  const doubled = render([...rows, ...rows]).reduce((sum, line) => sum + line.length, 0);
  assert.ok(doubled <= 2 * bytes, `${doubled} vs ${bytes}`);
});

test('columns are as wide as their widest cell when it fits the cap, never padded to a cut one', () => {
  assert.deepEqual(render([['a', 'short', '2026-11-01'], ['bbbb', 'longer name', '']]), ['FLOW ID  NAME         CREATED\n', 'a        short        2026-11-01\n', 'bbbb     longer name\n']);
});

test('cells are one line of plain text: escapes, line breaks and bidi overrides from the server are gone', () => {
  assert.equal(fit('Rep\u001b[31mort\nDraft\u202e', 60), 'Report ⏎ Draft');
  assert.equal(fit('😀'.repeat(70), 60), `${'😀'.repeat(59)}…`, 'characters, not UTF-16 units; no half emoji');
  assert.equal(fit(`\u001b]0;${'x'.repeat(500)}`, 10), '…', 'a huge escape sequence is cut and said to be cut, not shown');
});

test('runs: when each started, relative to now, and how long it took, like gh run list', () => {
  const now = Date.parse('2026-12-05T12:00:00Z');
  const rows = runsTableRows(
    [
      { runId: 'R1', state: 'RUNNING', createdTs: '2026-12-05T11:58:00Z', finishedTs: null },
      { runId: 'R2', state: 'DONE', createdTs: '2026-12-05T11:00:00Z', finishedTs: '2026-12-05T11:01:12Z' },
      { runId: 'R3', state: 'FAILED', createdTs: '2026-12-03T09:00:00Z', finishedTs: '2026-12-03T11:05:00Z' },
      { runId: 'R4', state: 'DONE', createdTs: 'not a time' },
      { runId: 'R5', createdTs: '2026-12-05T11:59:50Z' },
    ],
    now,
  );
  assert.deepEqual(rows, [
    ['R1', 'Running', '2 min ago', '2 min so far'],
    ['R2', 'Done', '1 h ago', '1 min 12 s'],
    ['R3', 'Failed', '2 days ago', '2 h 5 min'],
    ['R4', 'Done', '', ''],
    ['R5', '?', 'just now', '10 s so far'],
  ]);
  for (const row of rows) for (const cell of row) assert.doesNotMatch(cell, /\d{4}-\d{2}-\d{2}T/, 'no ISO times for people');
});
