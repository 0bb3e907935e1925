import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EXIT, exitCodeForRun } from '../../src/cli/exitCodes';
import type { FlowInput } from '../../src/gumloop/pipelines';
import { afterRunSetting, confirmRunMessage, failedMessage, finishedMessage, formatElapsed, progressMessage, stoppedMessage } from '../../src/remote/runProgress';
import { FILE_PICK_LIMIT, fileListNote, filePickChoices, flowFromTarget, inputPrompt, leftInputsNotice, latestPerFlow, orderByLastRun, parseAssignment, rememberedValue, rememberInputs, resolveInputs, unreadableInputFile, uploadNameFor, validateInputValue } from '../../src/runs/runInputs';

const declared: FlowInput[] = [
  { name: 'topic', dataType: 'string', description: 'What to write about' },
  { name: 'doc', dataType: 'file' },
];

test('name=value: the value may hold “=” or be empty; no name is a clear error', () => {
  assert.deepEqual(parseAssignment('q=a=b', '--input'), { ok: true, value: { name: 'q', value: 'a=b' } });
  assert.deepEqual(parseAssignment('q=', '--input'), { ok: true, value: { name: 'q', value: '' } });
  assert.deepEqual(parseAssignment(' spaced name =x', '--input'), { ok: true, value: { name: 'spaced name', value: 'x' } });
  for (const bad of ['novalue', '=x', '']) {
    const parsed = parseAssignment(bad, '--input');
    assert.equal(parsed.ok, false, bad);
    if (!parsed.ok) assert.match(parsed.reason, /--input expects name=value/);
  }
});

test('values: long text and control characters are refused; tabs and newlines are fine', () => {
  assert.equal(validateInputValue({ name: 'a' }, 'line 1\n\tline 2'), undefined);
  assert.match(validateInputValue({ name: 'a' }, 'x'.repeat(100_001)) ?? '', /longer than 100,000 characters/);
  assert.match(validateInputValue({ name: 'a' }, 'bell\u0007') ?? '', /control characters/);
});

test('resolveInputs: declared inputs, each once, of the right kind, in the flow’s order; inputs left out are listed, not refused', () => {
  const ok = resolveInputs(declared, [{ name: 'topic', value: 'cats' }], [{ name: 'doc', path: 'a.pdf' }]);
  assert.deepEqual(ok, { ok: true, value: { text: [{ name: 'topic', value: 'cats' }], files: [{ name: 'doc', path: 'a.pdf' }], left: [] } });
  // Gumloop documents no required inputs: an Input node left out runs on the value saved in the flow.
  assert.deepEqual(resolveInputs(declared, [], []), { ok: true, value: { text: [], files: [], left: ['topic', 'doc'] } });
  assert.equal(leftInputsNotice(['topic', 'doc']), "Inputs not given, left to the flow's saved values: topic, doc");
  assert.equal(leftInputsNotice([]), undefined);
  const reasons = [
    resolveInputs(declared, [{ name: 'topic', value: 'a' }, { name: 'topic', value: 'b' }], [{ name: 'doc', path: 'a' }]),
    resolveInputs(declared, [{ name: 'topik', value: 'a' }], [{ name: 'doc', path: 'a' }]),
    resolveInputs(declared, [{ name: 'topic', value: 'a' }, { name: 'doc', value: 'x' }], []),
    resolveInputs(declared, [], [{ name: 'topic', path: 'a' }, { name: 'doc', path: 'b' }]),
    resolveInputs(declared, [{ name: 'topic', value: 'a' }], [{ name: 'doc', path: ' ' }]),
  ].map((r) => (r.ok ? 'ok' : r.reason));
  assert.deepEqual(reasons, [
    'Input “topic” is given twice; give each input once',
    'This flow has no input “topik”; its inputs are: topic, doc',
    '“doc” is a file input: pass it with --input-file doc=<path>',
    '“topic” is a text input: pass it with --input topic=<value>',
    '--input-file doc= needs a file path',
  ]);
});

test('a flow that declares no inputs accepts any names (webhook-style flows read the whole body)', () => {
  assert.deepEqual(resolveInputs([], [{ name: 'anything', value: '1' }], []), { ok: true, value: { text: [{ name: 'anything', value: '1' }], files: [], left: [] } });
  assert.deepEqual(resolveInputs([], [], []), { ok: true, value: { text: [], files: [], left: [] } });
});

test('prompts show the description; last values are remembered per flow, most recent flow first, bounded', () => {
  assert.equal(inputPrompt(declared[0]), 'topic (text): What to write about. Leave empty to use the value saved in the flow.');
  assert.equal(inputPrompt(declared[1]), 'doc (file)');
  let memory = rememberInputs({}, 'F1', { topic: 'cats' });
  memory = rememberInputs(memory, 'F2', { topic: 'dogs' });
  memory = rememberInputs(memory, 'F1', { topic: 'birds' });
  assert.equal(rememberedValue(memory, 'F1', 'topic'), 'birds');
  assert.equal(rememberedValue(memory, 'F2', 'topic'), 'dogs');
  assert.equal(rememberedValue(memory, 'F3', 'topic'), undefined);
  const flows = [{ savedItemId: 'F3' }, { savedItemId: 'F2' }, { savedItemId: 'F1' }, { savedItemId: 'F4' }];
  assert.deepEqual(orderByLastRun(flows, new Map(), memory).map((f) => f.savedItemId), ['F1', 'F2', 'F3', 'F4'], 'with no times known, the memory order');
  let many = {};
  for (let i = 0; i < 5; i++) many = rememberInputs(many, `F${i}`, {}, 3);
  assert.deepEqual(Object.keys(many), ['F2', 'F3', 'F4']);
});

test('the flow picker: known run times first (newest first), then flows run here before, then Gumloop\'s order', () => {
  const flows = ['A', 'B', 'C', 'D', 'E'].map((savedItemId) => ({ savedItemId }));
  // Recent Runs saw B at 100 and D at 300; the Flows view saw B again at 500 (its newest run) and E with no start time.
  const lastRunAt = latestPerFlow([
    { flowId: 'B', at: 100 },
    { flowId: 'D', at: 300 },
    { flowId: 'B', at: 500 },
    { flowId: 'E', at: Number.NaN },
    { flowId: 'A', at: 0 },
    { flowId: undefined, at: 900 },
  ]);
  assert.deepEqual([...lastRunAt], [['B', 500], ['D', 300]]);
  const memory = rememberInputs({}, 'C', {});
  assert.deepEqual(orderByLastRun(flows, lastRunAt, memory).map((f) => f.savedItemId), ['B', 'D', 'C', 'A', 'E']);
});

test('uploaded files keep their base name', () => {
  assert.equal(uploadNameFor('data/in/report.pdf'), 'report.pdf');
  assert.equal(uploadNameFor('C:\\work\\a b.csv'), 'a b.csv');
});

test('exit codes: DONE 0, FAILED and TERMINATED 1, timeout 124; usage 2 and Ctrl-C 130 are fixed', () => {
  assert.equal(exitCodeForRun('done', false), 0);
  assert.equal(exitCodeForRun('failed', false), 1);
  assert.equal(exitCodeForRun('terminated', false), 1);
  assert.equal(exitCodeForRun('terminating', false), 1, 'a run stuck TERMINATING ends the wait as stopped');
  assert.equal(exitCodeForRun('running', true), 124);
  assert.equal(exitCodeForRun('done', true), 124);
  assert.deepEqual([EXIT.usage, EXIT.interrupted], [2, 130]);
});

test('progress: state, stopwatch time and the latest log line without colour codes', () => {
  assert.equal(formatElapsed(65_400), '1:05');
  assert.equal(formatElapsed(3_725_000), '1:02:05');
  assert.equal(progressMessage('running', 'RUNNING', 12_000, '\u001b[34m__system__: Reader\u001b[0m'), 'Running · 0:12 · Reader');
  assert.equal(progressMessage('queued', 'QUEUED', 0, undefined), 'Queued · 0:00');
  assert.equal(progressMessage('unknown', 'PAUSED', 1000, ''), 'PAUSED · 0:01');
  assert.equal(finishedMessage('Weekly report', 'R1', 3), '“Weekly report” finished (run R1): 3 output files');
  assert.equal(finishedMessage('Weekly report', 'R1', 1), '“Weekly report” finished (run R1): 1 output file');
  assert.equal(failedMessage('Report', 'R2', 'failed', 'Error: no rows'), '“Report” failed (run R2): Error: no rows');
  assert.equal(failedMessage('Report', 'R2', 'terminated', undefined), '“Report” was stopped (run R2).');
  assert.equal(failedMessage('Report', 'R2', 'terminating', undefined), '“Report” is still stopping on Gumloop (run R2).');
  assert.deepEqual(['download', 'nothing', 'ask', 'x', undefined].map(afterRunSetting), ['download', 'nothing', 'ask', 'ask', 'ask']);
});

test('Run Flow’s target: a Flows view node, a plain flow, or nothing usable', () => {
  assert.deepEqual(flowFromTarget({ kind: 'flow', flowId: 'F1' }), { savedItemId: 'F1', name: undefined });
  assert.deepEqual(flowFromTarget({ savedItemId: 'F2', name: 'Report' }), { savedItemId: 'F2', name: 'Report' });
  assert.deepEqual(flowFromTarget({ flow: { savedItemId: 'F3', name: 'X' } }), { savedItemId: 'F3', name: 'X' });
  for (const junk of [undefined, 'F1', { flowId: 'has space' }, { kind: 'run', runId: 'R1' }]) assert.equal(flowFromTarget(junk), undefined);
});

test('an input file that cannot be read is said in words, never as a raw ENOENT', () => {
  assert.equal(unreadableInputFile('document', 'README.md', 'FileNotFound'), 'Couldn’t read “README.md” for input “document”: it is no longer there. Pick another file, or restore it, and run the flow again.');
  assert.match(unreadableInputFile('doc', 'a/b', 'EISDIR'), /: it is a folder\./);
  assert.match(unreadableInputFile('doc', 'a/b', 'NoPermissions'), /no permission/);
  for (const code of ['EIO', undefined]) assert.match(unreadableInputFile('doc', 'x', code), /: the file could not be read\./);
  assert.doesNotMatch(unreadableInputFile('doc', 'x', 'ENOENT'), /ENOENT|Error:/);
});

test('a stop asked for, and the question before a run with nothing to answer', () => {
  assert.equal(stoppedMessage('Weekly report', 'R1'), 'Stopped “Weekly report” (run R1) on Gumloop.');
  assert.equal(confirmRunMessage('Invoice triage'), 'Run “Invoice triage” now?');
});

test('file picker: the remembered file first, then by label; Browse… last when the list is the whole workspace', () => {
  const files = [{ label: 'beta/b.txt' }, { label: 'alpha/z.txt' }, { label: 'alpha/a.txt' }];
  const browse = { browse: true };
  const note = fileListNote({ count: 3, more: false, folders: 2 });
  assert.equal(note, undefined);
  assert.deepEqual(filePickChoices(files, 'beta/b.txt', browse, note), [{ label: 'beta/b.txt' }, { label: 'alpha/a.txt' }, { label: 'alpha/z.txt' }, browse]);
  assert.deepEqual(filePickChoices(files, undefined, browse, note), [{ label: 'alpha/a.txt' }, { label: 'alpha/z.txt' }, { label: 'beta/b.txt' }, browse]);
});

test('file picker: a list that is not the whole workspace puts Browse… first and says why, never a dead end', () => {
  const browse = { browse: true };
  const failed = fileListNote({ count: 0, more: false, failure: 'search\u0007 provider\nfailed', folders: 1 });
  assert.match(failed ?? '', /could not be listed \(search provider ⏎ failed\): browse for the file/);
  assert.doesNotMatch(failed ?? '', /[\u0000-\u001f]/);
  assert.match(fileListNote({ count: 0, more: false, folders: 0 }) ?? '', /No folder is open in this window: browse for the file/);
  assert.match(fileListNote({ count: 0, more: false, folders: 2 }) ?? '', /has no files .*browse for the file/);
  // No silent cap: a list cut at the limit says so, with the limit.
  assert.match(fileListNote({ count: FILE_PICK_LIMIT, more: true, folders: 1 }) ?? '', /Only 5,000 of the workspace's files are listed: type to filter them, or browse/);
  assert.equal(fileListNote({ count: FILE_PICK_LIMIT, more: false, folders: 1 }), undefined);
  const note = fileListNote({ count: 2, more: true, folders: 1 }, 2);
  assert.match(note ?? '', /Only 2 of/);
  assert.deepEqual(filePickChoices([{ label: 'b' }, { label: 'a' }], undefined, browse, note), [browse, { label: 'a' }, { label: 'b' }]);
  assert.deepEqual(filePickChoices([], undefined, browse, failed), [browse]);
});
