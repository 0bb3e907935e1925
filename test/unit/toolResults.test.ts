// The tools' result texts: the facts the agent needs next, Gumloop's text cleaned, every cut said,
// errors with their fix, and a run's confirmation naming the flow, the inputs and the cost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunInfo } from '../../src/gumloop/types';
import {
  MAX_LISTED, MAX_OUTPUT_CHARS,
  flowsResult, runResult, startedResult, downloadResult, conflictResult,
  errorResult, runConfirmation, agentsResult, artifactsResult, artifactsDownloadResult,
} from '../../src/ui/toolResults';
import { GumloopError } from '../../src/errors';

const ESC = '\u001b';
const done: RunInfo = { userId: 'u', state: 'DONE', outputs: { report: 'sales.csv' }, createdTs: '2026-12-01T10:00:00Z', finishedTs: '2026-12-01T10:01:00Z', log: ['one', 'two', `${ESC}[31mthree${ESC}[0m`] };

test('flows: name and flowId per line, the last run when looked up, how many were looked up', () => {
  const text = flowsResult(
    [
      { savedItemId: 'f1', name: `Sales ${ESC}]0;pwned${ESC}\\report`, createdTs: '2026-10-01' },
      { savedItemId: 'f2', name: 'Fresh' },
      { savedItemId: 'f3', name: 'Many' },
    ],
    new Map([
      ['f1', { runId: 'r1', state: 'DONE', createdTs: '2026-12-01' }],
      ['f2', undefined],
    ]),
  );
  assert.equal(
    text,
    [
      '3 saved flows (flowId is what gumloop_runFlow takes):',
      '- Sales report — flowId: f1, created 2026-10-01, last run r1 DONE at 2026-12-01',
      '- Fresh — flowId: f2, never run',
      '- Many — flowId: f3',
      'Last runs were looked up for 2 of 3 flows.',
    ].join('\n'),
  );
  assert.match(flowsResult([], new Map()), /^No saved flows in this scope\. Check the “gumloop\.userId”/);
});

test('a long list says how many it left out', () => {
  const flows = Array.from({ length: MAX_LISTED + 7 }, (_, index) => ({ savedItemId: `f${index}`, name: `Flow ${index}` }));
  const text = flowsResult(flows, new Map());
  assert.match(text, /… and 7 more flows\./);
  assert.equal(text.split('\n').filter((line) => line.startsWith('- ')).length, MAX_LISTED);
});

test('a run: state, times, outputs, the last log lines cleaned, and the next step', () => {
  const text = runResult('r1', done, { flowName: 'Sales', logLines: 2 });
  assert.equal(
    text,
    [
      'Run r1 of “Sales”: DONE.',
      'Started: 2026-12-01T10:00:00Z. Finished: 2026-12-01T10:01:00Z.',
      'Outputs (JSON):',
      '{"report":"sales.csv"}',
      'Last 2 of 3 log lines:',
      '  two',
      '  three',
      'To put its files in the workspace: gumloop_downloadRunFiles with runId r1.',
    ].join('\n'),
  );
});

test('a run still going when the wait ended says so and how to follow it', () => {
  const text = runResult('r2', { userId: 'u', state: 'RUNNING', outputs: {}, log: [] }, { logLines: 20, waitedSeconds: 60 });
  assert.match(text, /Finished: not yet\./);
  assert.match(text, /Still running after waiting 60 s; the run goes on\. Call gumloop_getRun with runId r2 later\./);
  assert.match(text, /Outputs: none\.\nLog: empty\./);
  assert.doesNotMatch(text, /gumloop_downloadRunFiles/);
});

test('long outputs are cut with the number of characters left out', () => {
  const big = { text: 'x'.repeat(MAX_OUTPUT_CHARS * 2) };
  const text = runResult('r3', { ...done, outputs: big }, { logLines: 0 });
  const left = JSON.stringify(big).length - MAX_OUTPUT_CHARS;
  assert.match(text, new RegExp(`… ${left} more characters of outputs not shown\\.`));
  assert.match(text, /Log: 3 lines \(none asked for\)\./);
});

test('started: the run ID first, the inputs Gumloop filled in', () => {
  assert.equal(startedResult('r4', 'Blog', 'https://www.gumloop.com/x?run_id=r4', ['tone']), 'Started run r4 of “Blog”.\nIn Gumloop: https://www.gumloop.com/x?run_id=r4\nInputs not given (the flow\'s saved values apply): tone.\nFollow it with gumloop_getRun (runId r4).');
});

test('a download names every written path, what was replaced, kept, missing and not asked for', () => {
  const text = downloadResult({
    runId: 'r1',
    destinationLabel: 'gumloop/r1',
    written: ['gumloop/r1/a.csv', 'gumloop/r1/b.pdf'],
    overwritten: ['gumloop/r1/b.pdf'],
    skipped: ['gumloop/r1/c.txt'],
    missing: ['d.png'],
    notRequested: ['x.sh'],
  });
  assert.equal(
    text,
    [
      'Downloaded 2 files of run r1 into gumloop/r1:',
      '- gumloop/r1/a.csv',
      '- gumloop/r1/b.pdf (replaced the existing file)',
      'Kept the existing file (skipped): gumloop/r1/c.txt.',
      'The run has none of: d.png.',
      "1 other entry in Gumloop's archive was not asked for and not written.",
    ].join('\n'),
  );
});

test('a conflict: nothing written, the files named, and how the user consents', () => {
  const text = conflictResult('gumloop_downloadRunFiles for run r1', 'gumloop/r1', ['a.csv', 'b.pdf']);
  assert.match(text, /^Nothing was written: 2 files already exist in gumloop\/r1: a\.csv, b\.pdf\./);
  assert.match(text, /never replaced without the user's consent\. Ask the user, then call gumloop_downloadRunFiles for run r1 again/);
  assert.match(text, /onConflict "skip" .* "keepBoth" .* "overwrite" \(VS Code asks the user to confirm\)/);
});

test('an error says what failed and the fix, with Gumloop’s text cleaned', () => {
  assert.equal(errorResult('list the flows', new GumloopError('unauthorized', 'No Gumloop API key is set. Run “Gumloop: Set API Key”.')), 'Could not list the flows: No Gumloop API key is set. Run “Gumloop: Set API Key”.');
  assert.equal(errorResult('run the flow', new Error(`Gumloop said ${ESC}[2Jbad`)), 'Could not run the flow: Gumloop said bad');
});

test('the run confirmation names the flow, every input and the credits', () => {
  const { title, message } = runConfirmation('Blog post writer', 'BlOgWriter01', [{ name: 'topic', value: `solar\n${ESC}[1Apanels` }, { name: 'tone', value: 'y'.repeat(250) }], 120);
  assert.equal(title, 'Run a Gumloop flow?');
  assert.match(message, /^The agent asks to run the Gumloop flow “Blog post writer” \(BlOgWriter01\)\. Runs spend Gumloop credits\./);
  assert.match(message, /- topic = “solar ⏎ panels”/);
  assert.match(message, /- tone = “y{200}” \(… 50 more characters\)/);
  assert.match(message, /waits up to 120 s/);
  assert.match(runConfirmation(undefined, 'f1', [], 0).message, /flow f1\. Runs spend Gumloop credits\.\nInputs: none given/);
});

test('agents and artifacts: IDs to call with next', () => {
  assert.match(agentsResult([{ id: 'a1', name: 'Research', description: 'Finds things' }]), /^Give agentId .*\n- Research — agentId: a1 — Finds things$/);
  const text = artifactsResult('a1', undefined, [{ id: 'art1', filename: 'report.md', sessionId: 's1', majorVersion: 2, size: 10, createdAt: '2026-12-01' }], 'stopped after 3 pages');
  assert.equal(text, '1 artifact for agent a1:\n- report.md — artifactId: art1, session s1, version 2, 10 bytes, created 2026-12-01\nstopped after 3 pages');
  assert.equal(artifactsResult('a1', 's9', []), 'No artifacts for session s9 of agent a1.');
});

test('an artifacts download names the written paths and every renamed file', () => {
  const text = artifactsDownloadResult({
    destinationLabel: 'gumloop/agents/Research/all',
    written: ['gumloop/agents/Research/all/report.md', 'gumloop/agents/Research/all/report (2).md'],
    overwritten: [],
    skipped: [],
    renamed: [{ from: `report.md`, to: 'report (2).md', why: `another artifact is called that${ESC}[0m` }],
  });
  assert.equal(
    text,
    [
      'Downloaded 2 artifacts into gumloop/agents/Research/all:',
      '- gumloop/agents/Research/all/report.md',
      '- gumloop/agents/Research/all/report (2).md',
      'Saved “report.md” as report (2).md (another artifact is called that).',
    ].join('\n'),
  );
});
