// The Flows view as a person uses it: browse flows → runs → output files, download one by
// clicking it, watch a running run finish, Download When Done, and an error node's Retry.
// Runs the tests add go to flows the other tests do not open, with ids of their own.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addRun } from '../../emulator/server';
import type { UiTest, UiTestContext } from '../uiTest';
import { answerInput, clickNotificationAction, contextMenuAction, runCommand, waitForNotification } from '../workbench';
import { expand, flowsRow } from './flowSteps';
import { assertSameBytes, check, clearNotifications, destination, seedFile, setApiKey, showRecentRuns } from './steps';

async function openFlows(ctx: UiTestContext): Promise<void> {
  await showRecentRuns(ctx.page);
  await setApiKey(ctx.page, ctx.demo.apiKey);
  await clearNotifications(ctx.page);
}

/** A flow of the test's own, so no other test's runs share its rows. */
function addFlow(ctx: UiTestContext, flowId: string, name: string): void {
  const folder = path.join(ctx.emulator.dataDir, 'flows', flowId);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'flow.json'), JSON.stringify({ name, created_ts: '2026-11-20T00:00:00Z', user_id: ctx.demo.userId, inputs: [] }));
}

function downloads(ctx: UiTestContext, runId: string): number {
  return ctx.emulator.requests.filter((request) => request.path.endsWith('/download_files') && (request.body as { run_id?: string } | null)?.run_id === runId).length;
}

export const tests: UiTest[] = [
  {
    name: 'Flows: expand a flow and a run, click an output file: it lands byte-exact and opens; clicked again it opens at once',
    async run(ctx) {
      const runId = ctx.demo.runs.report;
      await openFlows(ctx);
      await expand(flowsRow(ctx.page, 'Quarterly sales report'));
      // The report run took 1 min 44 s; the older run of the same flow 1 min 32 s.
      await expand(flowsRow(ctx.page, /Done · 1 min 44 s/));
      const output = flowsRow(ctx.page, 'summary.json');
      await flowsRow(ctx.page, 'sales-report.csv').waitFor({ timeout: 30_000 });
      await ctx.screenshot('flows-expanded');
      await output.click();
      await waitForNotification(ctx.page, `Downloaded 1 file from run ${runId}`, 60_000);
      assertSameBytes(path.join(destination(ctx, runId), 'summary.json'), seedFile(ctx, runId, 'summary.json'));
      check(!fs.existsSync(path.join(destination(ctx, runId), 'chart.png')), 'only the clicked file is downloaded');
      await ctx.page.locator('.part.editor .tab', { hasText: 'summary.json' }).waitFor({ timeout: 30_000 });
      await flowsRow(ctx.page, /summary\.json\s*downloaded/).waitFor({ timeout: 30_000 });
      // Recent Runs has it too, with the flow's name.
      await ctx.page.locator('.pane-body .monaco-list-row', { hasText: 'Quarterly sales report' }).filter({ hasText: runId }).first().waitFor({ timeout: 30_000 });

      const before = downloads(ctx, runId);
      await runCommand(ctx.page, 'View: Close All Editors');
      await ctx.page.locator('.part.editor .tab', { hasText: 'summary.json' }).waitFor({ state: 'detached', timeout: 30_000 });
      await output.click();
      await ctx.page.locator('.part.editor .tab', { hasText: 'summary.json' }).waitFor({ timeout: 30_000 });
      check(downloads(ctx, runId) === before, 'an output already downloaded opens without downloading again');
      await ctx.screenshot('flows-output-opened');
    },
  },
  {
    name: 'Flows: a running run turns Done in the tree without a click; a failed run shows why and its log',
    async run(ctx) {
      const runId = 'E2eLiveRun01';
      // A lifecycle with no steps: RUNNING (outputs empty) until the test hook moves it.
      const lifecycle = { started_at: new Date().toISOString(), steps: [] };
      await addRun(ctx.emulator.dataDir, runId, { state: 'RUNNING', saved_item_id: ctx.demo.flows.invoiceTriage, lifecycle, log: ['Starting flow "Invoice triage"'] }, { 'triage.csv': 'supplier,count\nAcme,3\n' });
      await openFlows(ctx);
      await expand(flowsRow(ctx.page, 'Invoice triage'));
      await flowsRow(ctx.page, /Running · /).waitFor({ timeout: 30_000 });
      await ctx.emulator.setRunState(runId, 'DONE', ['Flow finished']);
      // Polled at most every 5 s while visible: it turns Done on its own.
      await flowsRow(ctx.page, /Done · /).waitFor({ timeout: 30_000 });
      await expand(flowsRow(ctx.page, /Done · /));
      await flowsRow(ctx.page, 'triage.csv').waitFor({ timeout: 30_000 });

      await expand(flowsRow(ctx.page, 'CRM contacts export'));
      await expand(flowsRow(ctx.page, /Failed · /));
      const why = flowsRow(ctx.page, /Why: Flow failed after 81\.6s/);
      await why.waitFor({ timeout: 30_000 });
      await why.click();
      const logTab = ctx.page.locator('.part.editor .tab', { hasText: `${ctx.demo.runs.failed}.log` });
      await logTab.waitFor({ timeout: 30_000 });
      await ctx.page.locator('.part.editor .view-lines', { hasText: 'CRM Reader could not authenticate' }).waitFor({ timeout: 30_000 });
      await ctx.screenshot('flows-failed-run-log');
    },
  },
  {
    name: 'Flows: Download When Done survives a window reload and downloads the run’s files once when it finishes',
    timeoutMs: 150_000,
    async run(ctx) {
      const runId = 'E2eWaitRun01';
      const files = { 'letters/fr.txt': 'Bonjour\n', 'summary.md': '# Done\n' };
      await addRun(ctx.emulator.dataDir, runId, { state: 'RUNNING', saved_item_id: ctx.demo.flows.multilingual, lifecycle: { started_at: new Date().toISOString(), steps: [] }, log: [] }, files);
      await openFlows(ctx);
      await expand(flowsRow(ctx.page, 'Multilingual export'));
      const running = flowsRow(ctx.page, /Running · /);
      await contextMenuAction(ctx.page, running, 'Download When Done');
      await waitForNotification(ctx.page, `Gumloop will download run ${runId}’s files into gumloop/${runId}/ when it is done.`);
      await flowsRow(ctx.page, /Downloads when done · /).waitFor({ timeout: 30_000 });
      const armedAt = Date.now();
      // The mark is kept with the workspace: the reloaded window goes on waiting.
      await ctx.page.reload({ waitUntil: 'domcontentloaded' });
      await ctx.page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 60_000 });
      await showRecentRuns(ctx.page);
      await expand(flowsRow(ctx.page, 'Multilingual export'));
      await flowsRow(ctx.page, /Downloads when done · /).waitFor({ timeout: 30_000 });
      await ctx.emulator.setRunState(runId, 'DONE');
      await waitForNotification(ctx.page, `Downloaded 2 files from run ${runId}`, 60_000);
      for (const [name, content] of Object.entries(files)) check(fs.readFileSync(path.join(destination(ctx, runId), name), 'utf8') === content, `${name} downloaded byte-exact`);
      // The window before the reload must not download it as well: had its extension host lived
      // on, its poller (5 s, ×1.5 while unchanged) would have asked again within 25 s of the mark.
      await ctx.page.waitForTimeout(Math.max(0, armedAt + 25_000 - Date.now()));
      check(downloads(ctx, runId) === 1, `downloaded once, not ${downloads(ctx, runId)} times`);
    },
  },
  {
    name: 'Flows: Download When Done confirms with a message whose Cancel Download When Done takes the mark off the row',
    async run(ctx) {
      const runId = 'E2eWaitRun02';
      addFlow(ctx, 'E2eWaitFlow2', 'Cancel e2e flow');
      await addRun(ctx.emulator.dataDir, runId, { state: 'RUNNING', saved_item_id: 'E2eWaitFlow2', lifecycle: { started_at: new Date().toISOString(), steps: [] }, log: [] }, {});
      await openFlows(ctx);
      await expand(flowsRow(ctx.page, 'Cancel e2e flow'));
      await contextMenuAction(ctx.page, flowsRow(ctx.page, /Running · /), 'Download When Done');
      const marked = flowsRow(ctx.page, /Downloads when done · Running/);
      await marked.waitFor({ timeout: 30_000 });
      await clickNotificationAction(ctx.page, `Gumloop will download run ${runId}’s files`, 'Cancel Download When Done');
      await marked.waitFor({ state: 'detached', timeout: 30_000 });
      await flowsRow(ctx.page, /^(?!.*Downloads when done).*Running · /).waitFor({ timeout: 30_000 });
    },
  },
  {
    name: 'Flows: Show Run Log of a running run follows it: the open document turns Failed with the new log lines, and wraps',
    timeoutMs: 120_000,
    async run(ctx) {
      const flowId = 'E2eLogFlow01';
      const runId = 'E2eLogRun001';
      addFlow(ctx, flowId, 'Log e2e flow');
      const longLine = `Reading rows: ${'row '.repeat(120)}end`;
      await addRun(ctx.emulator.dataDir, runId, { state: 'RUNNING', saved_item_id: flowId, lifecycle: { started_at: new Date().toISOString(), steps: [] }, log: [longLine] }, {});
      await openFlows(ctx);
      await expand(flowsRow(ctx.page, 'Log e2e flow'));
      await contextMenuAction(ctx.page, flowsRow(ctx.page, /Running · /), 'Show Run Log');
      await ctx.page.locator('.part.editor .tab', { hasText: `${runId}.log` }).waitFor({ timeout: 30_000 });
      const text = ctx.page.locator('.part.editor .view-lines');
      await text.filter({ hasText: `Run ${runId} · Running` }).waitFor({ timeout: 30_000 });
      // Three lines of text (head, blank, the long line): more rows on screen means the long one wraps.
      const rows = await ctx.page.locator('.part.editor .view-lines .view-line').count();
      check(rows > 4, `the run log wraps its long line (${rows} rows for 3 lines)`);
      await ctx.emulator.setRunState(runId, 'FAILED', ['Error: the sheet is locked']);
      // Followed at the Flows view's pace (5 s, then longer while nothing changes), without a click.
      await text.filter({ hasText: `Run ${runId} · Failed` }).waitFor({ timeout: 45_000 });
      await text.filter({ hasText: 'Error: the sheet is locked' }).waitFor({ timeout: 5_000 });
      await ctx.screenshot('flows-run-log-follows');
    },
  },
  {
    name: 'Flows: a 403 on one flow shows its error node; Retry works after Set User ID',
    async run(ctx) {
      ctx.emulator.setFaultFor({ endpoint: 'get_plrun_saved_item_map', subject: ctx.demo.flows.boardPack }, { type: 'status', status: 403, error: 'API key does not match user', times: 1 });
      await openFlows(ctx);
      await expand(flowsRow(ctx.page, 'Board pack builder'));
      const error = flowsRow(ctx.page, /Couldn’t load runs: the key does not match this user or project \(403\)/);
      await error.waitFor({ timeout: 30_000 });
      await flowsRow(ctx.page, 'Quarterly sales report').waitFor();
      await ctx.screenshot('flows-error-node');
      await contextMenuAction(ctx.page, error, 'Set User ID');
      await answerInput(ctx.page, ctx.demo.userId, { promptContains: 'Your Gumloop user ID' });
      await contextMenuAction(ctx.page, error, 'Retry');
      await flowsRow(ctx.page, /Terminated|Stopped · /).waitFor({ timeout: 30_000 });
      await error.waitFor({ state: 'detached', timeout: 30_000 });
    },
  },
];
