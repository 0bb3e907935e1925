import { test } from 'node:test';
import assert from 'node:assert/strict';
import { presentFile, presentRun, relativeTime, shortRunId } from '../../src/ui/runPresentation';
import { presentError } from '../../src/ui/errorPresentation';
import { parseDownloadLink } from '../../src/ui/deepLink';
import { resolveDestination } from '../../src/ui/destination';
import { GumloopError, abortError } from '../../src/errors';
import type { RunRecord } from '../../src/runs/history';

const NOW = Date.parse('2026-11-27T12:00:00Z');
const run: RunRecord = {
  runId: 'Q7kR2mXv9LpT',
  fileNames: ['report.csv', 'charts/a_b.png'],
  files: ['report.csv', 'charts/a_b.png'],
  destination: '/ws/gumloop/Q7kR2mXv9LpT',
  downloadedAt: NOW - 5 * 60_000,
  state: 'DONE',
  createdTs: '2026-11-27T11:00:00Z',
  finishedTs: '2026-11-27T11:02:00Z',
};

test('run items: label, description, tooltip and context tokens', () => {
  const view = presentRun(run, NOW, true);
  assert.equal(view.label, 'Q7kR2mXv9LpT');
  assert.equal(view.description, 'Done · 5 min ago');
  assert.match(view.tooltip(), /`Q7kR2mXv9LpT`/);
  assert.match(view.tooltip(), /Files: 2 files/);
  assert.match(view.tooltip(), /a\\_b\\.png/, 'markdown in names is escaped');
  assert.match(view.tooltip(), /Created: Nov 2[67], 2026, \d{1,2}:\d\d [AP]M/);
  const odd = presentRun({ ...run, createdTs: 'yesterday-ish', fileCount: 12_345, files: ['a'] }, NOW, true).tooltip();
  assert.match(odd, /Created: yesterday-ish/, 'a time that does not parse is shown as it came, not as an error');
  assert.match(odd, /Files: 12,345 files \(the first 1 listed\)/);
  assert.equal(view.contextValue, 'run downloadable hasFolder');
  assert.equal(view.icon.id, 'pass');
  const gone = presentRun({ ...run, state: undefined }, NOW, false);
  assert.equal(gone.contextValue, 'run downloadable folderMissing');
  assert.match(gone.tooltip(), /\(missing\)/);
  assert.equal(gone.description, '5 min ago');
});

test('a run Run Flow started and nobody downloaded says so and offers Download, not Download Again', () => {
  const started = presentRun({ ...run, state: 'DONE', files: [], fileNames: [], notDownloaded: true }, NOW, false);
  assert.equal(started.description, 'Done · not downloaded · 5 min ago');
  assert.equal(started.contextValue, 'run notDownloaded folderMissing');
  assert.match(started.tooltip(), /not downloaded yet/);
  assert.doesNotMatch(started.tooltip(), /Downloaded:/);
  // Run Again needs the run's flow: offered only when it is known.
  assert.equal(presentRun({ ...run, savedItemId: 'WeeklyFlow1' }, NOW, true).contextValue, 'run downloadable hasFolder rerunnable');
});

test('file items: nested path as description, missing files marked', () => {
  const file = presentFile(run, 'charts/a_b.png', true);
  assert.equal(file.label, 'a_b.png');
  assert.equal(file.description, 'charts');
  assert.equal(file.contextValue, 'file');
  const missing = presentFile(run, 'report.csv', false);
  assert.equal(missing.description, 'missing');
  assert.equal(missing.contextValue, 'file missing');
});

test('an error after a run started offers no Try Again: it would start the flow a second time', () => {
  const lost = new GumloopError('server-error', 'Gumloop answered 502. The run may have started.', { status: 502, notRetryable: true });
  assert.deepEqual(presentError(lost).actions, ['showLogs']);
  assert.deepEqual(presentError(new GumloopError('timeout', 'No answer.', { notRetryable: true })).actions, ['openSettings', 'showLogs']);
  assert.ok(presentError(new GumloopError('server-error', 'Gumloop answered 502.', { status: 502 })).actions.includes('retry'), 'other failures keep Try Again');
});

test('relative times and short ids', () => {
  assert.equal(relativeTime(NOW - 10_000, NOW), 'just now');
  assert.equal(relativeTime(NOW - 3 * 3600_000, NOW), '3 h ago');
  assert.equal(relativeTime(NOW - 26 * 3600_000, NOW), 'yesterday');
  assert.equal(relativeTime(NOW - 90 * 86400_000, NOW), '2026-08-29');
  assert.equal(shortRunId('abcdefghijklmnopqrstuvwxyz'), 'abcdefghijkl…');
});

test('errors map to messages with the right actions, and never show the key', () => {
  const key = 'demo-api-key-7f3a9c2e51b84d06';
  assert.deepEqual(presentError(new GumloopError('unauthorized', 'bad key')).actions, ['setApiKey', 'showLogs']);
  assert.deepEqual(presentError(new GumloopError('forbidden', 'mismatch')).actions, ['setUserId', 'showLogs']);
  assert.deepEqual(presentError(new GumloopError('network', 'offline')).actions, ['retry', 'openSettings', 'showLogs']);
  assert.deepEqual(presentError(new GumloopError('timeout', 'slow')).actions, ['retry', 'openSettings', 'showLogs']);
  assert.equal(presentError(new GumloopError('network', 'offline')).setting, 'gumloop.baseUrl', 'Open Settings lands on the base URL');
  assert.equal(presentError(new GumloopError('archive-limit', 'too big')).setting, 'gumloop.maxExtractSize');
  assert.equal(presentError(new GumloopError('conflict', 'exists')).severity, 'warning');
  assert.equal(presentError(new GumloopError('cancelled', 'x')).message, undefined, 'cancelling is not an error');
  const leaked = presentError(new Error(`header Bearer ${key} rejected`), [key]);
  assert.ok(!leaked.message?.includes(key));
  assert.deepEqual(leaked.actions, ['showLogs']);
});

test('a time limit that fired is a timeout with Try Again, never a silent cancel; the user’s cancel stays silent', async () => {
  const limit = AbortSignal.timeout(1);
  await new Promise((resolve) => setTimeout(resolve, 20));
  const view = presentError(abortError(limit));
  assert.match(view.message ?? '', /did not answer in time/);
  assert.deepEqual(view.actions, ['retry', 'openSettings', 'showLogs']);
  assert.equal(view.setting, 'gumloop.requestTimeoutSeconds');
  const user = new AbortController();
  user.abort();
  assert.equal(presentError(abortError(user.signal)).message, undefined);
});

test('deep links', () => {
  const ok = parseDownloadLink('/download', 'run_id=Q7kR2mXv9LpT&file=a.csv&file=b%2Fc.json&saved_item_id=item-1');
  assert.deepEqual(ok, { ok: true, value: { runId: 'Q7kR2mXv9LpT', fileNames: ['a.csv', 'b/c.json'], savedItemId: 'item-1' } });
  assert.equal(parseDownloadLink('/download', 'file=a.csv').ok, false);
  assert.equal(parseDownloadLink('/download', 'run_id=Q7kR2mXv9LpT').ok, false);
  assert.equal(parseDownloadLink('/delete', 'run_id=Q7kR2mXv9LpT&file=a').ok, false);
  assert.equal(parseDownloadLink('/download', 'run_id=..%2F..&file=a').ok, false);
  assert.equal(parseDownloadLink('/download', 'run_id=Q7kR2mXv9LpT&file=a&saved_item_id=a%20b').ok, false);
});

test('destination folder setting', () => {
  assert.deepEqual(resolveDestination('gumloop/${runId}', 'R1234', '/ws'), { ok: true, value: '/ws/gumloop/R1234' });
  assert.deepEqual(resolveDestination('', 'R1234', '/ws'), { ok: true, value: '/ws/gumloop/R1234' });
  assert.deepEqual(resolveDestination('out/${date}/${runId}', 'R1234', '/ws', new Date('2026-11-27T10:00:00Z')), { ok: true, value: '/ws/out/2026-11-27/R1234' });
  assert.deepEqual(resolveDestination('/data/${runId}', 'R1234', '/ws'), { ok: true, value: '/data/R1234' });
  assert.equal(resolveDestination('../outside', 'R1234', '/ws').ok, false);
  assert.equal(resolveDestination('x/${user}', 'R1234', '/ws').ok, false);
});
