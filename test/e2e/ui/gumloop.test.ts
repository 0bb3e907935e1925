// The extension as a person uses it, in order (Recent Runs history lives in the server's
// globalState and carries over between tests; secrets live in the browser and do not).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { UiTest } from '../uiTest';
import { clickNotificationAction, contextMenuAction, pickQuickItem, answerInput, runCommand, treeRow, waitForNotification } from '../workbench';
import { acceptOfferedFiles, answerConflicts, assertSameBytes, check, clearNotifications, destination, downloadOffered, pasteAndEnter, readyWithKey, seedFile, setApiKey, showRecentRuns, startDownload } from './steps';

export const tests: UiTest[] = [
  {
    name: 'the Gumloop view shows the Set API Key welcome when no key is stored',
    async run(ctx) {
      await showRecentRuns(ctx.page);
      // The Flows view has a Set API Key welcome too: this one is Recent Runs'.
      const welcome = ctx.page.locator('.welcome-view-content', { hasText: 'Download the files your Gumloop flow runs produce' });
      await welcome.waitFor({ timeout: 30_000 });
      await welcome.locator('.monaco-button', { hasText: 'Set API Key' }).waitFor();
      await ctx.screenshot('welcome-no-key');
    },
  },
  {
    name: 'Set API Key through the palette (password box) changes the welcome',
    async run(ctx) {
      await showRecentRuns(ctx.page);
      await setApiKey(ctx.page, ctx.demo.apiKey);
      const welcome = ctx.page.locator('.welcome-view-content', { hasText: 'No runs downloaded yet' });
      await welcome.locator('.monaco-button', { hasText: 'Download Run Files' }).waitFor({ timeout: 30_000 });
      // Names are suggested from the run's outputs: the welcome no longer asks the user to know them.
      await welcome.getByText('the files its outputs name are suggested', { exact: false }).waitFor();
      await ctx.screenshot('welcome-with-key');
    },
  },
  {
    name: 'Download Run Files: typed run ID and file names land byte-exact and show in Recent Runs',
    async run(ctx) {
      const runId = ctx.demo.runs.report;
      await showRecentRuns(ctx.page);
      await setApiKey(ctx.page, ctx.demo.apiKey);
      await startDownload(ctx.page, runId);
      // The run's outputs suggest names; "Other file names…" lets us type them instead.
      await pickQuickItem(ctx.page, /Other file names/);
      await ctx.page.keyboard.press('Enter');
      await answerInput(ctx.page, 'sales-report.csv, chart.png', { promptContains: 'separated by commas' });
      await waitForNotification(ctx.page, `Downloaded 2 files from run ${runId} to gumloop/${runId}`, 60_000);
      await ctx.screenshot('downloaded');
      for (const name of ['sales-report.csv', 'chart.png']) assertSameBytes(path.join(destination(ctx, runId), name), seedFile(ctx, runId, name));
      check(!fs.existsSync(path.join(destination(ctx, runId), 'invoice.pdf')), 'only the typed names are downloaded');
      const row = treeRow(ctx.page, runId);
      await row.waitFor({ timeout: 30_000 });
      await row.click();
      await treeRow(ctx.page, 'sales-report.csv').waitFor({ timeout: 30_000 });
      await treeRow(ctx.page, 'chart.png').waitFor();
      await ctx.screenshot('recent-runs');
    },
  },
  {
    name: 'Download Run Files: an unknown run ID is said in the question, which stays open to correct it',
    async run(ctx) {
      const runId = ctx.demo.runs.report;
      await showRecentRuns(ctx.page);
      await setApiKey(ctx.page, ctx.demo.apiKey);
      await startDownload(ctx.page, 'NoSuchRun123');
      // Said in the question itself (input box message or, with recent runs, the first row), not in a toast.
      await ctx.page.locator('.quick-input-widget', { hasText: 'Gumloop has no run “NoSuchRun123”' }).waitFor({ timeout: 30_000 });
      await ctx.screenshot('unknown-run-inline');
      check((await ctx.page.locator('.notifications-toasts .notification-list-item', { hasText: 'has no run' }).count()) === 0, 'no toast for an unknown run');
      await answerInput(ctx.page, runId);
      await acceptOfferedFiles(ctx.page);
      await waitForNotification(ctx.page, `from run ${runId} to gumloop/${runId}`, 60_000);
      assertSameBytes(path.join(destination(ctx, runId), 'sales-report.csv'), seedFile(ctx, runId, 'sales-report.csv'));
      // With a history the question is the recent-runs picker: it says it in its first row and stays open too.
      await startDownload(ctx.page, 'NoSuchRun456');
      await ctx.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Gumloop has no run “NoSuchRun456”' }).waitFor({ timeout: 30_000 });
      await ctx.page.keyboard.press('Escape');
    },
  },
  {
    name: 'a wrong key: the error offers Set API Key',
    async run(ctx) {
      await showRecentRuns(ctx.page);
      // The key is checked as it is saved: Gumloop's refusal is said at once.
      await setApiKey(ctx.page, 'wrong-key-0123456789abcdef', 'Gumloop API key saved, but Gumloop did not accept it (401)');
      // The run is looked up right after its ID: the 401 comes at step 1, before any file question.
      await startDownload(ctx.page, ctx.demo.runs.nested);
      const toast = await waitForNotification(ctx.page, 'did not accept the API key (401)', 60_000);
      check(!(await toast.innerText()).includes('wrong-key-0123456789abcdef'), 'the key is not shown');
      await ctx.screenshot('wrong-key');
      await clickNotificationAction(ctx.page, 'did not accept the API key', 'Set API Key');
      await ctx.page.locator('.quick-input-widget input[type="password"]').waitFor({ timeout: 30_000 });
      check(!fs.existsSync(path.join(ctx.workspace, 'gumloop')), 'nothing was written');
      // The right key, and the download carries on from the run lookup without being asked again.
      await answerInput(ctx.page, ctx.demo.apiKey, { promptContains: 'Paste your Gumloop API key' });
      await pickQuickItem(ctx.page, 'Personal API key');
      await waitForNotification(ctx.page, 'Gumloop API key saved and accepted by Gumloop.', 60_000);
      await acceptOfferedFiles(ctx.page);
      // On disk rather than by its toast, which may already be hidden behind the others.
      const readme = path.join(destination(ctx, ctx.demo.runs.nested), 'README.txt');
      for (let waited = 0; !fs.existsSync(readme) && waited < 60_000; waited += 500) await ctx.page.waitForTimeout(500);
      assertSameBytes(readme, seedFile(ctx, ctx.demo.runs.nested, 'README.txt'));
    },
  },
  {
    name: 'a conflict: downloading again asks, and Skip leaves the existing file untouched',
    async run(ctx) {
      const runId = ctx.demo.runs.nested;
      await readyWithKey(ctx);
      await downloadOffered(ctx.page, runId);
      const mine = path.join(destination(ctx, runId), 'README.txt');
      fs.writeFileSync(mine, 'my local notes\n');

      await startDownload(ctx.page, runId);
      await acceptOfferedFiles(ctx.page);
      await ctx.page.locator('.quick-input-widget .quick-input-title', { hasText: 'already exists in' }).waitFor({ timeout: 60_000 });
      await ctx.screenshot('conflict-question');
      const answered = await answerConflicts(ctx.page, 'Skip');
      check(answered >= 1, 'the conflict was asked about');
      await waitForNotification(ctx.page, /Downloaded 0 files from run .* Skipped 4 existing files \(kept yours\)/, 60_000);
      check(fs.readFileSync(mine, 'utf8') === 'my local notes\n', 'the skipped file is untouched');
    },
  },
  {
    name: 'tree actions: Download Again works, Remove from History removes the node',
    async run(ctx) {
      const runId = ctx.demo.runs.unicode;
      await showRecentRuns(ctx.page);
      await setApiKey(ctx.page, ctx.demo.apiKey);
      await startDownload(ctx.page, runId);
      await acceptOfferedFiles(ctx.page);
      await waitForNotification(ctx.page, `Downloaded 3 files from run ${runId}`, 60_000);
      const file = path.join(destination(ctx, runId), 'データ.csv');
      fs.writeFileSync(file, 'stale');

      const row = treeRow(ctx.page, runId);
      await row.waitFor({ timeout: 30_000 });
      await clearNotifications(ctx.page);
      await contextMenuAction(ctx.page, row, 'Download Again');
      await ctx.page.locator('.quick-input-widget .quick-input-title', { hasText: 'already exists in' }).waitFor({ timeout: 60_000 });
      await pickQuickItem(ctx.page, 'Overwrite All');
      await waitForNotification(ctx.page, /Downloaded 3 files from run U1nIc0deX5yZ/, 60_000);
      assertSameBytes(file, seedFile(ctx, runId, 'データ.csv'));

      await contextMenuAction(ctx.page, treeRow(ctx.page, runId), 'Remove from History');
      await treeRow(ctx.page, runId).waitFor({ state: 'detached', timeout: 30_000 });
      check(fs.existsSync(file), 'removing from history keeps the files');
      await ctx.screenshot('removed-from-history');
    },
  },
  {
    // With a history the run ID is asked in a quick pick, whose "Download this run" item comes back
    // from the extension host a moment after each keystroke: Enter pressed at once (as after a
    // paste) must still take the typed ID.
    name: 'with a history, a new run ID pasted into the run picker and entered at once is downloaded',
    async run(ctx) {
      await showRecentRuns(ctx.page);
      await setApiKey(ctx.page, ctx.demo.apiKey);
      await startDownload(ctx.page, ctx.demo.runs.nested);
      await acceptOfferedFiles(ctx.page);
      await waitForNotification(ctx.page, `from run ${ctx.demo.runs.nested}`, 60_000);

      const runId = ctx.demo.runs.report;
      await clearNotifications(ctx.page);
      await runCommand(ctx.page, 'Gumloop: Download Run Files');
      await ctx.page.locator('.quick-input-widget .quick-input-title', { hasText: 'Download Run Files (1/2)' }).waitFor({ timeout: 30_000 });
      await pasteAndEnter(ctx.page, runId);
      await acceptOfferedFiles(ctx.page);
      await waitForNotification(ctx.page, `Downloaded 4 files from run ${runId}`, 60_000);
      assertSameBytes(path.join(destination(ctx, runId), 'summary.json'), seedFile(ctx, runId, 'summary.json'));
      await treeRow(ctx.page, runId).waitFor({ timeout: 30_000 });
      await ctx.screenshot('second-run');
    },
  },
];
