// GitHub Actions' language as the CLI and the Action write it: command escaping as the toolkit
// does it, $GITHUB_OUTPUT heredocs, the job summary's Markdown, server text kept from acting as a
// command, and the Action's inputs read as the runner passes them. Pure: no process, no server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actionCommandLine, actionInput } from '../../src/cli/action';
import { parseCommandLine } from '../../src/cli/args';
import { SCOPE_VARIABLES, withScopeFromEnvironment, inGitHubActions } from '../../src/cli/environment';
import { jsonLine } from '../../src/cli/jsonOutput';
import { jobSummary, runDuration } from '../../src/cli/jobSummary';
import { formatDuration } from '../../src/text';
import { escapeData, escapeProperty, looksLikeCommand, markdownText, outputEntry, signedUrls, WorkflowCommands, workflowCommand } from '../../src/cli/workflowCommands';

test('command values: %, CR and LF escaped as the toolkit does; properties also : and ,', () => {
  assert.equal(escapeData('100% done\r\nnext'), '100%25 done%0D%0Anext');
  // % first: an escape already in the text is not read back as a line break.
  assert.equal(escapeData('%0A'), '%250A');
  assert.equal(escapeProperty('run: a,b%\n'), 'run%3A a%2Cb%25%0A');
  assert.equal(workflowCommand('error', { title: 'Gumloop run R1: failed, badly' }, 'line one\nline two'), '::error title=Gumloop run R1%3A failed%2C badly::line one%0Aline two\n');
  assert.equal(workflowCommand('group', {}, 'Run'), '::group::Run\n');
  assert.equal(workflowCommand('error', { title: undefined, file: '' }, 'x'), '::error::x\n', 'empty properties are left out');
});

test('$GITHUB_OUTPUT: a multi-line value whole, between a delimiter line; a value holding the delimiter is refused', () => {
  assert.equal(outputEntry('outputs', '{"a":1}\nsecond line', 'ghadelimiter_X'), 'outputs<<ghadelimiter_X\n{"a":1}\nsecond line\nghadelimiter_X\n');
  const random = outputEntry('state', 'DONE');
  const delimiter = /^state<<(ghadelimiter_[0-9a-f-]{36})\n/.exec(random)?.[1];
  assert.ok(delimiter, random);
  assert.equal(random, `state<<${delimiter}\nDONE\n${delimiter}\n`);
  assert.notEqual(outputEntry('state', 'DONE'), random, 'a new delimiter each time');
  assert.throws(() => outputEntry('files', 'a\nghadelimiter_X\nstate<<x', 'ghadelimiter_X'), /delimiter/);
});

test('lines the runner would obey are recognised, leading space included, and the older ##[ form', () => {
  for (const line of ['::add-mask::x', '   ::set-output name=files::[]', '\t::stop-commands::t', 'text ##[error]x']) assert.ok(looksLikeCommand(line), line);
  for (const line of ['gumloop-files: run R1 is running', '  Reader: read 3 rows: a::b', 'https://x.test/a::b']) assert.ok(!looksLikeCommand(line), line);
});

test('untrusted text: plain lines as they are; command-like lines printed with commands stopped; signed URLs masked first', () => {
  const written: string[] = [];
  const workflow = new WorkflowCommands((text) => written.push(text), (text) => text.replaceAll('sk-key', '«redacted»'), 'TOKEN');
  workflow.untrusted('  Reader: read 3 rows\n');
  assert.deepEqual(written, ['  Reader: read 3 rows\n']);
  written.length = 0;
  workflow.untrusted('  ::add-mask::DONE\n  ::set-output name=state::DONE sk-key\n');
  assert.deepEqual(written, ['::stop-commands::TOKEN\n  ::add-mask::DONE\n  ::set-output name=state::DONE «redacted»\n::TOKEN::\n']);
  written.length = 0;
  workflow.untrusted('  wrote https://storage.example/r.csv?X-Goog-Signature=abc123&X-Goog-Expires=60 and https://example.com/docs\n');
  assert.equal(written[0], '::add-mask::https://storage.example/r.csv?X-Goog-Signature=abc123&X-Goog-Expires=60\n', 'the mask comes before the line');
  assert.equal(written.length, 2);
});

test('stdout: guarded on its own stream; --json text never holds ##[ and reads back the same', () => {
  const workflow = new WorkflowCommands(() => assert.fail('guarded() writes nothing'), undefined, 'TOKEN');
  assert.equal(workflow.guarded('report.csv\n'), 'report.csv\n');
  assert.equal(workflow.guarded('::error::x.csv\n'), '::stop-commands::TOKEN\n::error::x.csv\n::TOKEN::\n');
  const value = { files: ['##[error]x.csv', '###[y', 'a\\##[b'], url: '::set-output name=a::b' };
  const line = jsonLine(value);
  assert.ok(!line.includes('##['), line);
  assert.ok(!looksLikeCommand(line), line);
  assert.deepEqual(JSON.parse(line), value);
});

test('the key is masked once and first; a mask is never redacted; groups do not nest; errors escaped and redacted', () => {
  const written: string[] = [];
  const workflow = new WorkflowCommands((text) => written.push(text), (text) => text.replaceAll('sk-key-1', '«redacted»'));
  workflow.mask('sk-key-1');
  workflow.mask(' sk-key-1 ');
  workflow.group('Gumloop run R1');
  workflow.group('Gumloop run R2');
  workflow.endGroup();
  workflow.endGroup();
  workflow.error('Gumloop said: sk-key-1\nrefused', 'gumloop-files');
  assert.deepEqual(written, [
    '::add-mask::sk-key-1\n',
    '::group::Gumloop run R1\n',
    '::endgroup::\n',
    '::group::Gumloop run R2\n',
    '::endgroup::\n',
    '::error title=gumloop-files::Gumloop said: «redacted»%0Arefused\n',
  ]);
});

test('signed URLs: only links that carry a signature or token', () => {
  assert.deepEqual(signedUrls('a https://s3.example/x?X-Amz-Signature=1 b https://cdn.example/y?token=t c https://example.com/?page=2 "https://h.example/z?sig=9"'), [
    'https://s3.example/x?X-Amz-Signature=1',
    'https://cdn.example/y?token=t',
    'https://h.example/z?sig=9',
  ]);
});

test('job summary: the flow, the run linked, state, duration and the files with sizes; server text Markdown-escaped', () => {
  const summary = jobSummary({
    flowId: 'QuickRep0rt1',
    flowName: 'Sales | <b>Q3</b> [x](javascript:alert(1))',
    runId: 'Run0001',
    runUrl: 'https://www.gumloop.com/pipeline?run_id=Run0001',
    state: 'DONE',
    durationMs: 65_000,
    files: [
      { path: 'out/report.csv', bytes: 26 },
      { path: 'out/a|b_*.md', bytes: 2048 },
    ],
  });
  assert.ok(summary.includes('| Flow | Sales \\| &lt;b&gt;Q3&lt;/b&gt; \\[x\\]\\(javascript:alert\\(1\\)\\) (QuickRep0rt1) |'), summary);
  assert.match(summary, /\| Run \| \[Run0001\]\(https:\/\/www\.gumloop\.com\/pipeline\?run_id=Run0001\) \|/);
  assert.match(summary, /\| State \| DONE \|/);
  assert.match(summary, /\| Duration \| 1 min 5 s \|/);
  assert.match(summary, /#### Files written \(2\)/);
  assert.match(summary, /\| out\/report\\\.csv \| 26 bytes \|/);
  assert.match(summary, /\| out\/a\\\|b\\_\\\*\\\.md \| 2\.0 KB \|/);
  // A run URL that is not http(s) is not made a link.
  assert.match(jobSummary({ flowId: 'F1', runId: 'R1', runUrl: 'javascript:alert(1)', files: [] }), /\| Run \| R1 \|[\s\S]*No files were written\./);
  assert.match(jobSummary({ flowId: 'F1', files: [], error: 'run R1 failed: Error: the sheet is empty' }), /\*\*Failed:\*\* run R1 failed: Error: the sheet is empty/);
  assert.equal(markdownText('a\nb'), 'a b', 'a line break cannot end a table row');
});

test('durations: Gumloop’s clock when it has both times, readable units', () => {
  assert.equal(runDuration('2026-12-01T10:00:00Z', '2026-12-01T10:02:03Z'), 123_000);
  assert.equal(runDuration('2026-12-01T10:00:00Z', null), undefined);
  assert.equal(runDuration('nonsense', '2026-12-01T10:00:00Z'), undefined);
  assert.deepEqual([850, 42_000, 185_000, 3_600_000, 7_440_000].map((ms) => formatDuration(ms)), ['850 ms', '42 s', '3 min 5 s', '1 h', '2 h 4 min']);
});

test('Action inputs are read as the runner passes them: INPUT_ + upper case, spaces as _, hyphens kept; defaults applied', () => {
  const env = {
    INPUT_FLOW: ' QuickRep0rt1 ',
    INPUT_INPUTS: 'topic=cats\n\n  tone=dry  \r\nempty=',
    'INPUT_INPUT-FILES': 'doc=docs/brief.txt',
    'INPUT_USER-ID': 'demo-user',
    INPUT_USER_ID: 'not-this-one',
    INPUT_DOWNLOAD: 'gumloop-out',
    'INPUT_BASE-URL': 'http://127.0.0.1:9/api/v1',
  };
  assert.equal(actionInput(env, 'user-id'), 'demo-user');
  assert.equal(actionInput(env, 'timeout'), '1800');
  assert.equal(actionInput(env, 'on-conflict'), 'overwrite');
  assert.equal(actionInput({ 'INPUT_ON-CONFLICT': 'skip' }, 'on-conflict'), 'skip');
  const argv = actionCommandLine(env);
  assert.deepEqual(argv, [
    'run', '--flow', 'QuickRep0rt1', '--wait', '--timeout', '1800', '--json',
    '--input', 'topic=cats', '--input', 'tone=dry', '--input', 'empty=',
    '--input-file', 'doc=docs/brief.txt',
    '--user-id', 'demo-user', '--base-url', 'http://127.0.0.1:9/api/v1',
    '--download', '--out', 'gumloop-out', '--on-conflict', 'overwrite',
  ]);
  // The CLI's own parser takes it: the Action cannot build a command line the CLI refuses.
  assert.doesNotThrow(() => parseCommandLine(argv));
  assert.ok(!actionCommandLine({ INPUT_FLOW: 'F1' }).includes('--download'), 'an empty download input downloads nothing');
});

test('the scope from the environment: GUMLOOP_USER_ID and GUMLOOP_PROJECT_ID fill a missing flag; a flag wins', () => {
  assert.deepEqual(SCOPE_VARIABLES, { 'user-id': 'GUMLOOP_USER_ID', 'project-id': 'GUMLOOP_PROJECT_ID' });
  const env = { GUMLOOP_USER_ID: ' env-user ', GUMLOOP_PROJECT_ID: 'env-project' };
  assert.deepEqual(withScopeFromEnvironment({}, env), { 'user-id': 'env-user', 'project-id': 'env-project' });
  assert.deepEqual(withScopeFromEnvironment({ 'user-id': 'flag-user' }, env), { 'user-id': 'flag-user', 'project-id': 'env-project' });
  assert.deepEqual(withScopeFromEnvironment({}, { GUMLOOP_USER_ID: '  ' }), {}, 'blank is unset');
  assert.equal(inGitHubActions({ GITHUB_ACTIONS: 'true' }), true);
  assert.equal(inGitHubActions({ GITHUB_ACTIONS: 'false' }), false);
  assert.equal(inGitHubActions({}), false);
});
