// Run Again's pure parts: which recorded file inputs are reused or uploaded again, the one
// confirmation (Gumloop's text cleaned), the run a command is given, and `run --inputs-from`
// (the shapes it reads, the errors that say what to give, flags over the report).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { UsageError } from '../../src/cli/args';
import { inputsFrom, mergeInputs, parseInputsReport } from '../../src/cli/inputsFrom';
import type { FlowInput } from '../../src/gumloop/pipelines';
import type { SentInput } from '../../src/runs/runInputs';
import { decideFile, planRunAgain, prefillValues, runAgainTarget } from '../../src/start/runAgain';
import { fileGoneMessage, runAgainDetail, runAgainQuestion } from '../../src/ui/runAgainText';

const source = { uri: 'file:///w/notes.txt', size: 12, mtime: 1_700_000_000_000 };
const recorded: SentInput[] = [
  { name: 'topic', value: 'otters' },
  { name: 'document', value: 'notes.txt', file: 'notes.txt', source },
];

test('a file input is reused while the file is as it was read, uploaded again when its size or time changed, gone when missing', () => {
  assert.equal(decideFile(source, { size: 12, mtime: source.mtime }), 'reuse');
  assert.equal(decideFile(source, { size: 13, mtime: source.mtime }), 'upload');
  assert.equal(decideFile(source, { size: 12, mtime: source.mtime + 1 }), 'upload');
  assert.equal(decideFile(source, undefined), 'gone');
  // Nothing recorded to compare: the uploaded name the run was started with is sent again.
  assert.equal(decideFile(undefined, undefined), 'reuse');
});

test('the plan sends text as it was, an unchanged file by its uploaded name, a changed one for upload, a gone one refused', () => {
  const unchanged = planRunAgain(recorded, new Map([[source.uri, { size: 12, mtime: source.mtime }]]));
  assert.deepEqual(unchanged.text, [{ name: 'topic', value: 'otters' }]);
  assert.deepEqual(unchanged.files, [{ name: 'document', path: 'notes.txt', source, uploaded: 'notes.txt' }]);
  assert.deepEqual(unchanged.gone, []);
  const changed = planRunAgain(recorded, new Map([[source.uri, { size: 40, mtime: source.mtime }]]));
  assert.deepEqual(changed.files, [{ name: 'document', path: 'notes.txt', source }]);
  const gone = planRunAgain(recorded, new Map([[source.uri, undefined]]));
  assert.deepEqual(gone.files, []);
  assert.deepEqual(gone.gone, [recorded[1]]);
  assert.match(fileGoneMessage(recorded[1]), /needs “notes\.txt” for input “document”, and it is no longer in the workspace\. Choose another file with Run Again with Changes…/);
});

test('the confirmation names the flow and every input, a file by its local path; Gumloop’s text is cleaned and cut', () => {
  assert.equal(runAgainQuestion('Weekly report', recorded), 'Run “Weekly report” again with: topic = otters, document = notes.txt?');
  assert.equal(runAgainQuestion('Weekly report', []), 'Run “Weekly report” again with no inputs (the flow’s saved values)?');
  const hostile = runAgainQuestion('Evil\u001b[2J\nflow\u202e', [{ name: 'to\u0007pic', value: `${'x'.repeat(500)}\r\nmore` }]);
  assert.doesNotMatch(hostile, /[\u0000-\u001f\u007f\u202e]/);
  assert.match(hostile, /^Run “Evil ⏎ flow” again with: topic = x+…/);
  assert.ok(hostile.length < 200, `the question is ${hostile.length} characters`);
  const many = Array.from({ length: 11 }, (_, i) => ({ name: `in${i}`, value: `${i}` }));
  assert.match(runAgainQuestion('F', many), /in7 = 7 and 3 more\?$/);
  assert.equal(runAgainDetail(['notes.txt'], ['data.csv']), 'Changed since the last run, uploaded again: data.csv. Unchanged, not uploaded again: notes.txt. The run uses your Gumloop credits.');
});

test('With Changes… prefills the prompts with the run’s values, a file input with its workspace path', () => {
  assert.deepEqual(prefillValues(recorded), { topic: 'otters', document: 'notes.txt' });
});

test('the run a command is given: a run ID, a Recent Runs row, a Flows view run; anything else is none', () => {
  assert.deepEqual(runAgainTarget('abc123'), { runId: 'abc123' });
  assert.deepEqual(runAgainTarget({ kind: 'run', runId: 'abc123' }), { runId: 'abc123' });
  assert.deepEqual(runAgainTarget({ kind: 'run', runId: 'abc123', flowId: 'F1' }), { runId: 'abc123', flowId: 'F1' });
  for (const bad of [undefined, '', 'a b', 42, { kind: 'flow', flowId: 'F1' }, { runId: '../x' }]) assert.equal(runAgainTarget(bad), undefined, JSON.stringify(bad));
});

test('--inputs-from reads a run --json report, a plain object, a name/value list or Gumloop’s input_name list', () => {
  const report = { runId: 'r1', flowId: 'F', inputs: [{ name: 'doc', value: 'a.txt', file: '/data/a.txt' }, { name: 'tone', value: 'dry' }], exitCode: 0 };
  assert.deepEqual(parseInputsReport(JSON.stringify(report)), { ok: true, value: [{ name: 'doc', value: 'a.txt', file: '/data/a.txt' }, { name: 'tone', value: 'dry' }] });
  assert.deepEqual(parseInputsReport('\uFEFF{"topic": "cats", "count": 3, "draft": true}'), { ok: true, value: [{ name: 'topic', value: 'cats' }, { name: 'count', value: '3' }, { name: 'draft', value: 'true' }] });
  assert.deepEqual(parseInputsReport('[{"input_name": "topic", "value": "cats"}]'), { ok: true, value: [{ name: 'topic', value: 'cats' }] });
  assert.deepEqual(parseInputsReport('{"pipeline_inputs": [{"input_name": "topic", "value": ""}]}'), { ok: true, value: [{ name: 'topic', value: '' }] });
  assert.deepEqual(parseInputsReport('{}'), { ok: true, value: [] });
});

test('--inputs-from refuses what holds no inputs, saying which shapes it reads', () => {
  const reasons: [string, RegExp][] = [
    ['topic=cats', /^not JSON\. Give the output of `gumloop-files run --json`, an object \{"name": "value"\}, or a list/],
    ['"cats"', /^holds string, not inputs\. Give the output of/],
    ['null', /^holds null, not inputs/],
    ['{"runId": "r1", "state": "DONE", "exitCode": 0}', /names no inputs .*Pass the inputs with --input/],
    ['{"inputs": "topic=cats"}', /its “inputs” is not a list/],
    ['[{"input_name": "topic"}]', /item 1 of the inputs has no name and text value/],
    ['{"topic": {"nested": 1}}', /input “topic” is not text/],
  ];
  for (const [text, reason] of reasons) {
    const parsed = parseInputsReport(text);
    assert.equal(parsed.ok, false, text);
    if (!parsed.ok) assert.match(parsed.reason, reason, text);
  }
});

test('--inputs-from on a missing file or a non-report is a clear error; - reads standard input', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gl-inputs-from-'));
  try {
    await assert.rejects(inputsFrom(path.join(dir, 'gone.json')), /--inputs-from: cannot read “.*gone\.json” \(ENOENT\)\. Give the output of `gumloop-files run --json`/);
    await writeFile(path.join(dir, 'list.txt'), 'a\nb\n');
    await assert.rejects(inputsFrom(path.join(dir, 'list.txt')), (error: Error) => error instanceof UsageError && /list\.txt: not JSON/.test(error.message));
    assert.deepEqual(await inputsFrom('-', Readable.from([Buffer.from('{"topic": "from stdin"}')])), [{ name: 'topic', value: 'from stdin' }]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('flags override the report’s input of the same name; the report’s file inputs go by their uploaded name', () => {
  const declared: FlowInput[] = [{ name: 'doc', dataType: 'file' }, { name: 'tone', dataType: 'string' }, { name: 'sheet', dataType: 'file' }];
  const report: SentInput[] = [{ name: 'doc', value: 'a.txt', file: './a.txt' }, { name: 'tone', value: 'dry' }, { name: 'sheet', value: 'q3.csv' }];
  assert.deepEqual(mergeInputs(report, [], [], declared), {
    text: [{ name: 'tone', value: 'dry' }],
    files: [
      { name: 'doc', path: './a.txt', uploaded: 'a.txt' },
      // A plain object does not say which inputs are files: the flow's declared kind does.
      { name: 'sheet', path: 'q3.csv', uploaded: 'q3.csv' },
    ],
  });
  assert.deepEqual(mergeInputs(report, [{ name: 'tone', value: 'warm' }], [{ name: 'doc', path: './b.txt' }], declared), {
    text: [{ name: 'tone', value: 'warm' }],
    files: [{ name: 'sheet', path: 'q3.csv', uploaded: 'q3.csv' }, { name: 'doc', path: './b.txt' }],
  });
});
