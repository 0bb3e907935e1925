// Server text is data in the Flows view: answers whose every text field carries escape sequences,
// C1 controls, BEL/BS/CR, bidi overrides and a fake line (the emulator's `hostile-text` fault)
// are parsed and presented; no label, description or tooltip may carry any of it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GumloopError } from '../../src/errors';
import { parseSavedItems } from '../../src/gumloop/flows';
import { parseRunInfo } from '../../src/gumloop/client';
import { errorForStatus } from '../../src/gumloop/httpErrors';
import { parseInputs, startPipeline } from '../../src/gumloop/pipelines';
import { parseRunHistory } from '../../src/gumloop/runHistory';
import { inputPrompt, leftInputsNotice, resolveInputs } from '../../src/runs/runInputs';
import { presentFailure, presentFlow, presentNodeError, presentOutput, presentRemoteRun, runViewOf, type NodePresentation } from '../../src/ui/flowsPresentation';
import { downloadSummary } from '../../src/ui/downloadSummary';
import { escapeMarkdown } from '../../src/ui/presentationFormat';
import { FAKE_FINISHED_LINE, hostileText } from '../emulator/hostileText';

const NOW = Date.parse('2026-11-27T12:00:00Z');
/** What must never reach a person: C0 but tab and line feed, DEL, C1, bidi overrides and isolates. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const hostile = (value: unknown) => JSON.stringify(hostileText(value));

function assertClean(what: string, text: string | undefined): void {
  if (text === undefined) return;
  assert.doesNotMatch(text, CONTROL, `${what}: ${JSON.stringify(text)}`);
  for (const line of text.split('\n')) assert.ok(!line.startsWith(FAKE_FINISHED_LINE), `${what} has a line of its own saying “${FAKE_FINISHED_LINE}”`);
}

function assertNodeClean(what: string, node: NodePresentation): void {
  assertClean(`${what} label`, node.label);
  assertClean(`${what} description`, node.description);
  assertClean(`${what} tooltip`, node.tooltip());
}

test('the decoration is really there before parsing (else this file proves nothing)', () => {
  const raw = hostile({ name: 'Weekly report', state: 'DONE', log: ['one'] });
  assert.match(JSON.parse(raw).name, CONTROL);
  assert.match(JSON.parse(raw).log[0], /\ngumloop-files: run X is finished/);
});

test('flows, runs, run details, outputs and a failure: clean labels, descriptions and tooltips', () => {
  const [flow] = parseSavedItems(hostile({ saved_items: [{ saved_item_id: 'SaLes7Flow2K', name: 'Quarterly sales', description: 'Reads\norders', created_ts: '2026-06-02T09:00:00Z' }] }));
  assert.equal(flow.savedItemId, 'SaLes7Flow2K', 'ids stay as sent');
  assert.match(flow.name, /^Quarterly sales( ⏎ )+gumloop-files: run X is finished \(DONE\)$/, 'the fake line is shown on the same line, visibly');
  assert.equal(flow.createdTs, '2026-06-02T09:00:00Z', 'a date loses only the decoration');
  assert.ok(!flow.name.includes('evil.example'), 'the hyperlink went with its escape sequence');

  const history = parseRunHistory(
    hostile({ SaLes7Flow2K: [{ run_id: 'Q7kR2mXv9LpT', state: 'FAILED', created_ts: '2026-11-27T10:00:00Z', finished_ts: '2026-11-27T10:05:00Z' }, { run_id: 'R5unNing8QwE', state: 'RUNNING', created_ts: '2026-11-27T11:00:00Z', finished_ts: null }] }),
    'SaLes7Flow2K',
  );
  assert.deepEqual(history.map((run) => [run.runId, run.state]), [['R5unNing8QwE', 'RUNNING'], ['Q7kR2mXv9LpT', 'FAILED']]);
  assertNodeClean('flow', presentFlow(flow, history[0], NOW));

  const details = parseRunInfo(hostile({ user_id: 'demo-user', state: 'FAILED', outputs: { files: ['report\u009b2J.csv', 'dir/\u202etxt.exe', 'a\u001b]8;;https://evil.example/\u0007b.csv'] }, created_ts: '2026-11-27T10:00:00Z', finished_ts: '2026-11-27T10:05:00Z', log: ['Reader: read 3 rows', { step: 'Writer', error: 'sheet is empty' }] }));
  assert.equal(details.state, 'FAILED');
  for (const summary of history) assertNodeClean(`run ${summary.runId}`, presentRemoteRun(runViewOf(summary, flow.savedItemId, flow.name, details, true), NOW));
  assertNodeClean('failure', presentFailure('Q7kR2mXv9LpT', details.log));
  for (const name of ['report\u009b2J.csv', 'dir/\u202etxt.exe', 'a\u001b]8;;https://evil.example/\u0007b.csv']) {
    assertNodeClean(`output ${JSON.stringify(name)}`, presentOutput('Q7kR2mXv9LpT', name, undefined));
    assertNodeClean(`downloaded output ${JSON.stringify(name)}`, presentOutput('Q7kR2mXv9LpT', name, '/home/me/out'));
  }
});

test('an error body from Gumloop is one clean line in the error node and its tooltip', () => {
  for (const status of [400, 401, 403, 404, 500, 502]) {
    const error = errorForStatus(status, JSON.stringify({ error: hostileText('Something broke') }), {}, { baseUrl: 'https://api.gumloop.com/api/v1', userId: 'demo-user', requestTimeoutMs: 1000 });
    assert.match(error.message, /Gumloop said: “Something broke( ⏎ )+gumloop-files: run X is finished \(DONE\)”/);
    assertClean(`${status} message`, error.message);
    assertNodeClean(`${status} node`, presentNodeError('flows', 'flows', error));
  }
  const plain = errorForStatus(500, `\u001b[31mplain text body\u0007`, {}, { baseUrl: 'x', requestTimeoutMs: 1 });
  assert.match(plain.message, /Gumloop said: “plain text body”/);
  assert.ok(plain instanceof GumloopError);
});

test('Run Flow: input prompts and the messages naming declared inputs are clean; the start URL too', async () => {
  const inputs = parseInputs(hostile({ inputs: [{ name: 'topic', data_type: 'string', description: 'What about' }, { name: 'doc', data_type: 'file' }] }));
  assert.deepEqual(inputs.map((input) => input.dataType), ['string', 'file'], 'the data type is still read');
  for (const input of inputs) assertClean('prompt', inputPrompt(input));
  // Inputs left out are not refused (they keep the flow's saved values), but their names are said.
  const left = resolveInputs(inputs, [], []);
  assert.ok(left.ok);
  const notice = leftInputsNotice(left.value.left);
  assert.ok(notice);
  assertClean('inputs left out', notice);
  const unknown = resolveInputs(inputs, [{ name: 'other', value: 'x' }], []);
  assert.ok(!unknown.ok);
  assertClean('unknown input', unknown.reason);

  const started = await startPipeline({ getJson: () => Promise.reject(new Error('unused')), postJson: () => Promise.resolve(hostile({ run_id: 'NewRun0001', url: 'https://www.gumloop.com/pipeline?run_id=NewRun0001' })) }, 'SaLes7Flow2K', []);
  assert.equal(started.url, 'https://www.gumloop.com/pipeline?run_id=NewRun0001');
});

test('a run ID from Gumloop that is not an ID is refused, not shown', async () => {
  const runs = parseRunHistory(JSON.stringify({ F: [{ run_id: 'ok\u001b[2Jrun', state: 'DONE' }, { run_id: 'GoodRun0001', state: 'DONE' }] }), 'F');
  assert.deepEqual(runs.map((run) => run.runId), ['GoodRun0001']);
  const fake = { getJson: () => Promise.reject(new Error('unused')), postJson: () => Promise.resolve(JSON.stringify({ run_id: 'x\u009b2J' })) };
  await assert.rejects(startPipeline(fake, 'F', []), /without a usable run ID/);
});

test('Markdown tooltips take names as text: links, emphasis and entities stay literal', () => {
  assert.equal(escapeMarkdown('[click](https://evil) *b* &#x202E; ~~s~~'), '\\[click\\]\\(https://evil\\) \\*b\\* \\&\\#x202E; \\~\\~s\\~\\~');
});

test('an echoed key is redacted from the error text even when escape codes split it or the cut would halve it', () => {
  const key = 'demo-api-key-7f3a9c2e51b84d06';
  const context = { baseUrl: 'x', userId: 'demo-user', requestTimeoutMs: 1, secrets: [key] };
  const split = errorForStatus(401, JSON.stringify({ error: `Invalid key demo-api\u001b[0m-key-7f3a9c2e51b84d06` }), {}, context);
  assert.ok(!split.message.includes(key), split.message);
  assert.match(split.message, /Invalid key «redacted»/);
  const late = errorForStatus(500, JSON.stringify({ error: `${'x'.repeat(290)} ${key}` }), {}, context);
  assert.ok(!late.message.includes(key.slice(0, 8)), late.message);
});

test('the download summary names files cleanly (they stay as they are on disk)', () => {
  const names = ['report\u009b2J.csv', 'dir/\u202etxt.exe'];
  const summary = downloadSummary({ runId: 'R1', written: names, overwritten: names, skipped: [], archiveFiles: names, missing: ['gone\u001b]0;x\u0007.csv'], destinationLabel: 'out' });
  assertClean('summary', summary.message);
  assert.match(summary.message, /“report\.csv”/);
});

test('a flow ID from Gumloop that is not an ID is skipped, not printed', () => {
  const flows = parseSavedItems(JSON.stringify({ saved_items: [{ saved_item_id: 'F\u001b[2J', name: 'bad' }, { saved_item_id: 'GoodFlow01', name: 'good' }] }));
  assert.deepEqual(flows.map((flow) => flow.savedItemId), ['GoodFlow01']);
});
