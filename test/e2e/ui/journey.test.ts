// The download journey a newcomer walks (issue 10): a setting changed mid-session, names typed into
// the file picker, a run still running or failed, and what the result message says.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addRun } from '../../emulator/server';
import type { UiTest } from '../uiTest';
import { answerInput, chooseFolder, clickNotificationAction, contextMenuAction, pickQuickItem, runCommand, showsOnHover, treeRow, waitForNotification } from '../workbench';
import { acceptOfferedFiles, answerConflicts, assertSameBytes, check, clearNotifications, clickDialogButton, destination, downloadOffered, readyWithKey, seedFile, setApiKey, showRecentRuns, startDownload } from './steps';

const NAMES_TITLE = 'Download Run Files (2/2)';

export const tests: UiTest[] = [
  {
    name: 'after Set User ID (a settings change) the next download still reaches the emulator',
    async run(ctx) {
      await readyWithKey(ctx);
      await clearNotifications(ctx.page);
      await runCommand(ctx.page, 'Gumloop: Set User ID');
      await answerInput(ctx.page, ctx.demo.userId, { promptContains: 'Your Gumloop user ID' });
      await waitForNotification(ctx.page, `Gumloop user ID set to “${ctx.demo.userId}”; Gumloop accepts your API key for it.`, 60_000);
      ctx.emulator.clearRequests();
      const runId = ctx.demo.runs.report;
      await downloadOffered(ctx.page, runId, `Downloaded 4 files from run ${runId} to gumloop/${runId}.`);
      assertSameBytes(path.join(destination(ctx, runId), 'summary.json'), seedFile(ctx, runId, 'summary.json'));
      check(ctx.emulator.requests.some((r) => r.path.endsWith('/download_files')), 'the download went to the emulator');
    },
  },
  {
    name: 'names typed into the file picker are the names downloaded, and the picker says so',
    async run(ctx) {
      const runId = ctx.demo.runs.report;
      await readyWithKey(ctx);
      await startDownload(ctx.page, runId);
      const picker = ctx.page.locator('.quick-input-widget');
      await picker.locator('.quick-input-title', { hasText: NAMES_TITLE }).waitFor({ timeout: 30_000 });
      await picker.locator('input').first().fill('nope.csv, summary.json');
      await picker.locator('.quick-input-title', { hasText: 'Enter downloads the typed names: nope.csv, summary.json' }).waitFor({ timeout: 30_000 });
      await ctx.screenshot('typed-names');
      await picker.locator('input').first().press('Enter');
      await waitForNotification(ctx.page, /Downloaded 1 file from run .* The run has no “nope\.csv”/, 60_000);
      assertSameBytes(path.join(destination(ctx, runId), 'summary.json'), seedFile(ctx, runId, 'summary.json'));
      check(!fs.existsSync(path.join(destination(ctx, runId), 'sales-report.csv')), 'the pre-ticked names were not downloaded');
    },
  },
  {
    name: 'a running run: Download When Done waits (Cancel stops the wait), then the files land',
    timeoutMs: 180_000,
    async run(ctx) {
      const runId = `Wait${Date.now()}`;
      await addRun(ctx.emulator.dataDir, runId, { state: 'RUNNING', log: ['Starting flow "Slow export"'] }, {});
      await readyWithKey(ctx);
      // Cancel on the waiting notification ends the wait: no more polls, nothing written.
      await startDownload(ctx.page, runId);
      await clickNotificationAction(ctx.page, `Run ${runId} is still running`, 'Download When Done');
      const waiting = /Run is running · waiting \d+:\d\d/;
      await clickNotificationAction(ctx.page, waiting, 'Cancel');
      await ctx.page.locator('.notifications-toasts .notification-list-item', { hasText: waiting }).waitFor({ state: 'hidden', timeout: 30_000 });
      const polls = () => ctx.emulator.requests.filter((request) => request.path.endsWith('/get_pl_run') && request.query.run_id === runId).length;
      const pollsAtCancel = polls();
      await ctx.page.waitForTimeout(6_000); // longer than the watcher's longest pause (5 s)
      check(polls() === pollsAtCancel, `no polls after Cancel (${polls() - pollsAtCancel} more)`);
      check(!fs.existsSync(destination(ctx, runId)), 'a cancelled wait writes nothing');

      await clearNotifications(ctx.page);
      await startDownload(ctx.page, runId);
      await clickNotificationAction(ctx.page, `Run ${runId} is still running`, 'Download When Done');
      await waitForNotification(ctx.page, waiting, 30_000);
      await ctx.screenshot('download-when-done');
      check(!fs.existsSync(destination(ctx, runId)), 'nothing is written while the run runs');
      // The flow finishes on Gumloop's side.
      await addRun(ctx.emulator.dataDir, runId, { state: 'DONE', log: ['Starting flow "Slow export"', 'Done'] }, { 'result.csv': 'id,total\n1,42\n' });
      await acceptOfferedFiles(ctx.page);
      await waitForNotification(ctx.page, `Downloaded 1 file from run ${runId}`, 60_000);
      check(fs.readFileSync(path.join(destination(ctx, runId), 'result.csv'), 'utf8') === 'id,total\n1,42\n', 'the finished run’s file landed');
    },
  },
  {
    name: 'a failed run says why, shows its log, and downloads partial files only when asked',
    async run(ctx) {
      const runId = ctx.demo.runs.failed;
      await readyWithKey(ctx);
      await startDownload(ctx.page, runId);
      await ctx.page.locator('.monaco-dialog-box', { hasText: 'CRM Reader could not authenticate' }).waitFor({ timeout: 60_000 });
      await ctx.screenshot('failed-run');
      check(!fs.existsSync(destination(ctx, runId)), 'nothing is written before the choice');
      await clickDialogButton(ctx.page, `Run ${runId} failed`, 'Show Run Log');
      await ctx.page.locator('.part.editor .tab', { hasText: `run ${runId}.log` }).waitFor({ timeout: 30_000 });
      await ctx.page.locator('.part.editor .view-lines', { hasText: 'CRM Reader: page 2 failed' }).waitFor({ timeout: 30_000 });
      await clickNotificationAction(ctx.page, 'Download the files it wrote anyway?', 'Download Partial Files');
      await acceptOfferedFiles(ctx.page);
      await waitForNotification(ctx.page, `Downloaded 1 file from run ${runId}`, 60_000);
      assertSameBytes(path.join(destination(ctx, runId), 'partial.csv'), seedFile(ctx, runId, 'partial.csv'));
    },
  },
  {
    name: 'after Keep Both the message names the renamed file, and Reveal in Explorer shows it',
    async run(ctx) {
      const runId = ctx.demo.runs.nested;
      await readyWithKey(ctx);
      await downloadOffered(ctx.page, runId);
      // Only README.txt is still there, with the user's own text: one conflict.
      const folder = destination(ctx, runId);
      for (const sub of ['images', 'reports']) fs.rmSync(path.join(folder, sub), { recursive: true, force: true });
      fs.writeFileSync(path.join(folder, 'README.txt'), 'my notes\n');

      await startDownload(ctx.page, runId);
      await acceptOfferedFiles(ctx.page);
      await ctx.page.locator('.quick-input-widget .quick-input-title', { hasText: 'already exists in' }).waitFor({ timeout: 60_000 });
      await pickQuickItem(ctx.page, 'Keep Both');
      const summary = 'Kept both: saved as “README (1).txt”.';
      await waitForNotification(ctx.page, summary, 60_000);
      await ctx.screenshot('kept-both');
      check(fs.readFileSync(path.join(folder, 'README.txt'), 'utf8') === 'my notes\n', 'the user’s file is untouched');
      assertSameBytes(path.join(folder, 'README (1).txt'), seedFile(ctx, runId, 'README.txt'));
      await clickNotificationAction(ctx.page, summary, 'Reveal in Explorer');
      await ctx.page.locator('.explorer-folders-view .monaco-list-row.selected', { hasText: 'README (1).txt' }).waitFor({ timeout: 30_000 });
    },
  },
  {
    name: 'a retry is said in the progress, and Open Settings lands on gumloop.baseUrl',
    async run(ctx) {
      const runId = ctx.demo.runs.unicode;
      await readyWithKey(ctx);
      ctx.emulator.setFault(runId, { type: 'status', status: 429, times: 1, retryAfter: 3 });
      await startDownload(ctx.page, runId);
      await acceptOfferedFiles(ctx.page);
      await waitForNotification(ctx.page, /\(429\); retrying in 3 s… \(attempt 2 of 4\)/, 30_000);
      await waitForNotification(ctx.page, `Downloaded 3 files from run ${runId}`, 60_000);

      // An answer no Gumloop endpoint gives suggests a wrong base URL: Open Settings shows that setting.
      ctx.emulator.setFault(runId, { type: 'status', status: 418 });
      try {
        await clearNotifications(ctx.page);
        await runCommand(ctx.page, 'Gumloop: Download Run Files');
        await answerInput(ctx.page, runId, { promptContains: 'Download Run Files (1/2)' });
        await ctx.page.locator('.quick-input-widget .quick-input-title', { hasText: NAMES_TITLE }).waitFor({ timeout: 30_000 });
        await ctx.page.locator('.quick-input-widget input').first().fill('résumé.txt');
        await ctx.page.locator('.quick-input-widget input').first().press('Enter');
        await clickNotificationAction(ctx.page, 'unexpected status 418', 'Open Settings');
      } finally {
        ctx.emulator.setFault(runId, undefined);
      }
      await ctx.page.locator('.settings-editor .setting-item-contents', { hasText: 'Base Url' }).first().waitFor({ timeout: 30_000 });
      await ctx.screenshot('open-settings-base-url');
      const rows = await ctx.page.locator('.settings-editor .setting-item-contents .setting-item-label').allInnerTexts();
      check(rows.length === 1, `only the base URL is listed: ${rows.join(' | ')}`);
    },
  },
  {
    name: 'Recent Runs: a run tells its details on hover; a deleted file shows missing without Refresh, a click downloads it again; Remove has Undo; Clear History keeps files',
    timeoutMs: 180_000,
    async run(ctx) {
      const runId = ctx.demo.runs.report;
      await readyWithKey(ctx);
      await downloadOffered(ctx.page, runId, `Downloaded 4 files from run ${runId}`);
      const run = treeRow(ctx.page, runId);
      await run.waitFor({ timeout: 30_000 });
      // The tooltip is built on hover (resolveTreeItem), not with the row.
      await showsOnHover(ctx.page, run, `Destination: ${destination(ctx, runId)}`);
      if ((await run.getAttribute('aria-expanded')) === 'false') await run.click();
      await treeRow(ctx.page, 'summary.json').waitFor({ timeout: 30_000 });
      const file = path.join(destination(ctx, runId), 'summary.json');
      fs.rmSync(file);
      // No Refresh: the file watcher redraws the view.
      await treeRow(ctx.page, /summary\.json\s*missing/).waitFor({ timeout: 30_000 });
      await clearNotifications(ctx.page);
      await treeRow(ctx.page, /summary\.json\s*missing/).click();
      await clickNotificationAction(ctx.page, '“summary.json” was moved or deleted', 'Download Again');
      await answerConflicts(ctx.page, 'Skip');
      await waitForNotification(ctx.page, `Downloaded 1 file from run ${runId}`, 60_000);
      assertSameBytes(file, seedFile(ctx, runId, 'summary.json'));
      await contextMenuAction(ctx.page, treeRow(ctx.page, 'invoice.pdf'), 'Open to the Side');
      await ctx.page.locator('.part.editor .tab', { hasText: 'invoice.pdf' }).waitFor({ timeout: 30_000 });
      check((await ctx.page.locator('.part.editor .editor-group-container').count()) === 2, 'opened in a second editor group');

      await clearNotifications(ctx.page);
      await contextMenuAction(ctx.page, treeRow(ctx.page, runId), 'Remove from History');
      await clickNotificationAction(ctx.page, `Removed run ${runId} from Recent Runs; its files were not touched.`, 'Undo');
      await treeRow(ctx.page, runId).waitFor({ timeout: 30_000 });

      await runCommand(ctx.page, 'Gumloop: Clear History');
      await clickDialogButton(ctx.page, 'Clear the list of recent Gumloop runs?', 'Clear History');
      await waitForNotification(ctx.page, 'History cleared; your files were not touched.');
      await ctx.page.locator('.welcome-view-content', { hasText: 'History cleared; your files were not touched.' }).waitFor({ timeout: 30_000 });
      check(fs.existsSync(file), 'the files stay');
    },
  },
  {
    name: 'with no folder open: the folder picker has a title, the result names the absolute folder, and Reveal in Explorer opens it',
    timeoutMs: 180_000,
    async run(ctx) {
      // An empty window in the same browser context (the key stored below stays with the context).
      const page = await ctx.context.newPage();
      await page.goto(`${ctx.url}/?ew=true`, { waitUntil: 'domcontentloaded' });
      await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
      await ctx.page.close();
      await showRecentRuns(page);
      await setApiKey(page, ctx.demo.apiKey, 'accepted by Gumloop');
      await clearNotifications(page);
      await runCommand(page, 'Gumloop: Download Run Files');
      await clickDialogButton(page, 'No folder is open', 'Choose Folder');
      // A folder the user already has there, which the dialog lists and the download leaves alone.
      const existing = path.join(ctx.workspace, 'notes');
      fs.mkdirSync(existing);
      fs.writeFileSync(path.join(existing, 'todo.md'), '- keep me\n');
      await chooseFolder(page, 'Gumloop: Choose the Folder to Download Run Files Into', ctx.workspace, 'notes');
      const runId = ctx.demo.runs.unicode;
      await answerInput(page, runId, { promptContains: 'Download Run Files (1/2)' });
      await acceptOfferedFiles(page);
      const folder = destination(ctx, runId);
      const summary = `Downloaded 3 files from run ${runId} to ${folder}.`;
      await waitForNotification(page, summary, 60_000);
      await clickNotificationAction(page, summary, 'Reveal in Explorer');
      // The Explorer shows only workspace folders: the empty window opens the folder itself.
      await page.waitForURL((url) => new URL(url).searchParams.get('folder') === folder, { timeout: 60_000 });
      check(fs.readFileSync(path.join(existing, 'todo.md'), 'utf8') === '- keep me\n', 'the folder already there is untouched');
    },
  },
];
