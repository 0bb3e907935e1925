// Gumloop: Run Flow… as a person uses it: from the palette, an input answered, the plan's limit
// met once and Try Again, the progress notification followed to the end, Download clicked; a file
// input picked in a single-folder and in a multi-root workspace, or through Browse… when the
// workspace has none; the stop question dismissed, the outputs shown; and from ▷ on a Flows row,
// confirmed, a run watched in the tree, cancelled and stopped on Gumloop.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { UiTest, UiTestContext } from '../uiTest';
import { PLAN_LIMIT_MESSAGE } from '../../../src/gumloop/pipelines';
import { shortRunId } from '../../../src/ui/runPresentation';
import { addFlow } from '../../emulator/addFlow';
import { answerInput, chooseFile, clickNotificationAction, openWorkspaceFile, pickQuickItem, runCommand, treeRow, waitForNotification } from '../workbench';
import { expand, flowsRow } from './flowSteps';
import { assertSameBytes, check, clearNotifications, clickDialogButton, setApiKey, showRecentRuns } from './steps';

const RUN_FLOW = 'Gumloop: Run Flow…';

/** The run the emulator started for `flowId` (the newest, if several). */
export function startedRun(ctx: UiTestContext, flowId: string): { runId: string; inputs: unknown } {
  const runsDir = path.join(ctx.emulator.dataDir, 'runs');
  const runs = fs
    .readdirSync(runsDir)
    .map((runId) => ({ runId, json: JSON.parse(fs.readFileSync(path.join(runsDir, runId, 'run.json'), 'utf8')) as { saved_item_id?: string; created_ts: string; inputs?: unknown } }))
    .filter((run) => run.json.saved_item_id === flowId)
    .sort((a, b) => b.json.created_ts.localeCompare(a.json.created_ts));
  check(runs[0], `no run of ${flowId} was started`);
  return { runId: runs[0].runId, inputs: runs[0].json.inputs };
}

async function stateOf(ctx: UiTestContext, runId: string): Promise<string> {
  const response = await fetch(`${ctx.emulator.baseUrl}/get_pl_run?run_id=${runId}&user_id=${ctx.demo.userId}`, {
    headers: { authorization: `Bearer ${ctx.demo.apiKey}`, 'x-auth-key': ctx.demo.userId },
  });
  return ((await response.json()) as { state: string }).state;
}

/** A flow with one file input whose log starts with Gumloop's system marker, producing summary.md. */
async function addDocumentFlow(ctx: UiTestContext, flowId: string, name: string, runMs: number): Promise<void> {
  await addFlow(ctx.emulator.dataDir, flowId, {
    name,
    inputs: [{ name: 'document', data_type: 'file', description: 'The document to read' }],
    run_ms: runMs,
    run_log: ['\u001b[34m__system__: __STARTING__:Input\u001b[0m', 'File Reader: read the document', 'Flow finished'],
  });
  const files = path.join(ctx.emulator.dataDir, 'flows', flowId, 'files');
  fs.mkdirSync(files, { recursive: true });
  fs.writeFileSync(path.join(files, 'summary.md'), '# Summary\n');
}

/** What the emulator received for an uploaded input file. */
export function uploaded(ctx: UiTestContext, fileName: string): Buffer {
  return fs.readFileSync(path.join(ctx.emulator.dataDir, 'uploads', ctx.demo.userId, fileName));
}

export function startRequests(ctx: UiTestContext, flowId: string): number {
  return ctx.emulator.requests.filter((request) => request.path.endsWith('/start_pipeline') && (request.body as { saved_item_id?: string } | null)?.saved_item_id === flowId).length;
}

export async function startRunFlow(page: Page, flowName: string): Promise<void> {
  await clearNotifications(page);
  await runCommand(page, RUN_FLOW);
  // The list is virtualised: filter it as a person would, so the flow's row is rendered.
  const input = page.locator('.quick-input-widget input').first();
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().waitFor({ timeout: 30_000 });
  await input.fill(flowName);
  await pickQuickItem(page, new RegExp(flowName));
}

export const tests: UiTest[] = [
  {
    name: 'Run Flow with an input from the palette: at the plan limit Try Again starts it; watch it finish, click Download, the files land',
    timeoutMs: 180_000,
    async run(ctx) {
      await showRecentRuns(ctx.page);
      await setApiKey(ctx.page, ctx.demo.apiKey);
      // The first start meets the plan's concurrency limit (429); Try Again starts it with the same input.
      ctx.emulator.setFaultFor({ endpoint: 'start_pipeline', subject: ctx.demo.flows.blogWriter }, { type: 'status', status: 429, times: 1, error: 'Too many concurrent runs' });
      await startRunFlow(ctx.page, 'Blog post writer');
      await answerInput(ctx.page, 'otters in winter', { promptContains: 'What should the post be about?' });
      await clickNotificationAction(ctx.page, PLAN_LIMIT_MESSAGE, 'Try Again');
      await waitForNotification(ctx.page, /Gumloop: “Blog post writer”/, 30_000);
      // The run is in Recent Runs while it runs, with its flow's name.
      await treeRow(ctx.page, shortRunId(startedRun(ctx, ctx.demo.flows.blogWriter).runId)).filter({ hasText: 'Blog post writer' }).waitFor({ timeout: 30_000 });
      await ctx.screenshot('run-flow-progress');
      await waitForNotification(ctx.page, /“Blog post writer” finished \(run \S+\): 3 output files/, 90_000);
      const { runId, inputs } = startedRun(ctx, ctx.demo.flows.blogWriter);
      check(JSON.stringify(inputs) === JSON.stringify([{ input_name: 'topic', value: 'otters in winter' }]), `inputs sent: ${JSON.stringify(inputs)}`);
      await ctx.screenshot('run-flow-finished');
      await clickNotificationAction(ctx.page, `“Blog post writer” finished (run ${runId}): 3 output files`, 'Download');
      await waitForNotification(ctx.page, `Downloaded 3 files from run ${runId} to gumloop/${runId}`, 60_000);
      const flowFiles = path.join(ctx.emulator.dataDir, 'flows', ctx.demo.flows.blogWriter, 'files');
      for (const name of ['post.md', 'outline.txt', 'hero.svg']) assertSameBytes(path.join(ctx.workspace, 'gumloop', runId, name), fs.readFileSync(path.join(flowFiles, name)));
    },
  },
  {
    name: 'Run Flow from ▷ on a flow in the Flows view: the run shows there while it runs; Cancel, Stop the Run: it is TERMINATED on Gumloop',
    timeoutMs: 180_000,
    async run(ctx) {
      const slowFlow = 'E2eSlowFlow1';
      const folder = path.join(ctx.emulator.dataDir, 'flows', slowFlow);
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(folder, 'flow.json'), JSON.stringify({ name: 'Slow e2e flow', created_ts: '2026-11-20T00:00:00Z', user_id: ctx.demo.userId, inputs: [], run_ms: 120_000, run_log: ['step 1', 'step 2', 'done'] }));
      await showRecentRuns(ctx.page);
      await setApiKey(ctx.page, ctx.demo.apiKey);
      await clearNotifications(ctx.page);
      const flowRow = flowsRow(ctx.page, 'Slow e2e flow');
      await flowRow.waitFor({ timeout: 30_000 });
      // A flow with no inputs asks first (runs spend credits); Cancel starts nothing.
      await flowRow.hover();
      await flowRow.locator('.action-label[aria-label^="Run Flow"]').click();
      await ctx.page.locator('.monaco-dialog-box', { hasText: 'Run “Slow e2e flow” now?' }).waitFor({ timeout: 30_000 });
      await ctx.screenshot('run-flow-confirm');
      await clickDialogButton(ctx.page, 'Run “Slow e2e flow” now?', 'Cancel');
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      check(startRequests(ctx, slowFlow) === 0, 'Cancel in the confirmation still started the flow');
      await flowRow.hover();
      await flowRow.locator('.action-label[aria-label^="Run Flow"]').click();
      await clickDialogButton(ctx.page, 'Run “Slow e2e flow” now?', 'Run');
      await waitForNotification(ctx.page, /Running · /, 30_000);
      check(startRequests(ctx, slowFlow) === 1, `start_pipeline requests: ${startRequests(ctx, slowFlow)}`);
      await expand(flowRow);
      await flowsRow(ctx.page, /Running · /).waitFor({ timeout: 30_000 });
      await clickNotificationAction(ctx.page, /Gumloop: “Slow e2e flow”/, 'Cancel');
      const dialog = ctx.page.locator('.monaco-dialog-box', { hasText: 'on Gumloop too' });
      await dialog.waitFor({ timeout: 30_000 });
      await ctx.screenshot('run-flow-stop-question');
      await dialog.locator('.monaco-button', { hasText: 'Stop the Run' }).click();
      const { runId } = startedRun(ctx, slowFlow);
      // The stop was asked for: an information message, not an error.
      const stopped = await waitForNotification(ctx.page, `Stopped “Slow e2e flow” (run ${runId}) on Gumloop.`, 60_000);
      check((await stopped.locator('.codicon-info').count()) === 1 && (await stopped.locator('.codicon-error').count()) === 0, 'the stop the user asked for is shown as an error');
      const state = await stateOf(ctx, runId);
      check(state === 'TERMINATED', `run ${runId} is ${state} on Gumloop`);
      // Show Run Log opens the run's whole log, read-only, ending with the termination in words.
      await clickNotificationAction(ctx.page, 'on Gumloop.', 'Show Run Log');
      await ctx.page.locator('.tabs-container .tab', { hasText: `${runId}.log` }).waitFor({ timeout: 30_000 });
      const log = ctx.page.locator('.editor-instance .view-lines');
      await log.filter({ hasText: 'Stopped' }).waitFor({ timeout: 30_000 });
      check(!(await log.innerText()).includes('__'), `the run log shows Gumloop's markers: ${await log.innerText()}`);
      await ctx.screenshot('run-flow-run-log');
    },
  },
  {
    name: 'Run Flow with a file input in a single-folder workspace: the file is uploaded, the progress reads “Starting: Input”, Cancel in the stop question keeps watching, Show Outputs is read-only and Download stays',
    timeoutMs: 240_000,
    async run(ctx) {
      const flowId = 'E2eDocFlow01';
      await addDocumentFlow(ctx, flowId, 'E2e document flow', 24_000);
      const content = Buffer.from('# Brief\nRead me in a single-folder workspace.\n');
      fs.writeFileSync(path.join(ctx.workspace, 'brief-single.md'), content);
      await showRecentRuns(ctx.page);
      await setApiKey(ctx.page, ctx.demo.apiKey);
      await startRunFlow(ctx.page, 'E2e document flow');
      // Shown relative to the one folder: no folder name in front (which was read as a path).
      await pickQuickItem(ctx.page, 'brief-single.md');
      const progress = await waitForNotification(ctx.page, /Starting: Input/, 30_000);
      check(!(await progress.innerText()).includes('__'), `the progress shows Gumloop's markers: ${await progress.innerText()}`);
      await ctx.screenshot('run-flow-file-input-progress');
      const { runId, inputs } = startedRun(ctx, flowId);
      check(JSON.stringify(inputs) === JSON.stringify([{ input_name: 'document', value: 'brief-single.md' }]), `inputs sent: ${JSON.stringify(inputs)}`);
      check(uploaded(ctx, 'brief-single.md').equals(content), 'the uploaded file is not the picked one');
      const row = treeRow(ctx.page, shortRunId(runId));
      await row.filter({ hasText: 'not downloaded' }).waitFor({ timeout: 30_000 });
      // Cancel, then dismiss the stop question: watching goes on to the end.
      await clickNotificationAction(ctx.page, /Gumloop: “E2e document flow”/, 'Cancel');
      await clickDialogButton(ctx.page, 'on Gumloop too', 'Cancel');
      await waitForNotification(ctx.page, /Gumloop: “E2e document flow”/, 10_000);
      await waitForNotification(ctx.page, /” finished \(run \S+\): 1 output file/, 60_000);
      // Show Outputs: a read-only document, never an Untitled one to save; the message with Download comes back.
      await clickNotificationAction(ctx.page, /” finished \(run \S+\): 1 output file/, 'Show Outputs');
      await ctx.page.locator('.tabs-container .tab', { hasText: `${runId} outputs.jsonc` }).waitFor({ timeout: 30_000 });
      await ctx.page.locator('.editor-instance .view-lines', { hasText: '// Files: summary.md' }).waitFor({ timeout: 30_000 });
      await ctx.page.locator('.editor-instance .view-lines').click();
      await ctx.page.keyboard.type('x');
      check((await ctx.page.locator('.tabs-container .tab', { hasText: 'Untitled' }).count()) === 0, 'Show Outputs opened an Untitled document');
      check((await ctx.page.locator('.tabs-container .tab.dirty').count()) === 0, 'the outputs document took an edit');
      await ctx.screenshot('run-flow-show-outputs');
      await clickNotificationAction(ctx.page, /” finished \(run \S+\): 1 output file/, 'Download');
      await waitForNotification(ctx.page, `Downloaded 1 file from run ${runId}`, 60_000);
      assertSameBytes(path.join(ctx.workspace, 'gumloop', runId, 'summary.md'), Buffer.from('# Summary\n'));
      await row.filter({ hasNotText: 'not downloaded' }).waitFor({ timeout: 30_000 });
    },
  },
  {
    name: 'Run Flow, Only Stop Watching: Recent Runs keeps the run current by itself until it is Done',
    timeoutMs: 180_000,
    async run(ctx) {
      const flowId = 'E2eQuietFlow';
      await addFlow(ctx.emulator.dataDir, flowId, { name: 'E2e unwatched flow', inputs: [], run_ms: 12_000, run_log: ['step 1', 'Flow finished'] });
      await showRecentRuns(ctx.page);
      await setApiKey(ctx.page, ctx.demo.apiKey);
      await startRunFlow(ctx.page, 'E2e unwatched flow');
      await clickDialogButton(ctx.page, 'Run “E2e unwatched flow” now?', 'Run');
      await waitForNotification(ctx.page, /Gumloop: “E2e unwatched flow”/, 30_000);
      const { runId } = startedRun(ctx, flowId);
      const row = treeRow(ctx.page, shortRunId(runId));
      await row.filter({ hasText: /Queued|Running/ }).waitFor({ timeout: 30_000 });
      await clickNotificationAction(ctx.page, /Gumloop: “E2e unwatched flow”/, 'Cancel');
      await clickDialogButton(ctx.page, 'on Gumloop too', 'Only Stop Watching');
      // No Refresh clicked: the view's own follower reads the run until it ends.
      await row.filter({ hasText: 'Done' }).waitFor({ timeout: 60_000 });
      check((await stateOf(ctx, runId)) === 'DONE', 'the run did not finish on Gumloop');
      check((await ctx.page.locator('.notifications-toasts .notification-list-item', { hasText: /” finished \(run / }).count()) === 0, 'a run no longer watched announced its end');
    },
  },
  {
    name: 'Run Flow with a file input in a workspace with no files: Browse… says why, the file chosen in the dialog is the one uploaded',
    timeoutMs: 180_000,
    async run(ctx) {
      const flowId = 'E2eDocFlow03';
      await addDocumentFlow(ctx, flowId, 'E2e browse flow', 2_000);
      // The window's folder stays empty; the file lives next to it.
      const elsewhere = `${ctx.workspace}-elsewhere`;
      fs.mkdirSync(elsewhere, { recursive: true });
      fs.writeFileSync(path.join(elsewhere, 'picked-in-dialog.txt'), 'chosen in the dialog\n');
      await showRecentRuns(ctx.page);
      await setApiKey(ctx.page, ctx.demo.apiKey);
      await startRunFlow(ctx.page, 'E2e browse flow');
      const browse = ctx.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Browse…' }).first();
      await browse.filter({ hasText: 'The workspace has no files' }).waitFor({ timeout: 30_000 });
      await browse.click();
      await chooseFile(ctx.page, 'Run “E2e browse flow” (1/1)', elsewhere, 'picked-in-dialog.txt');
      await waitForNotification(ctx.page, /” finished \(run \S+\): 1 output file/, 60_000);
      const { inputs } = startedRun(ctx, flowId);
      check(JSON.stringify(inputs) === JSON.stringify([{ input_name: 'document', value: 'picked-in-dialog.txt' }]), `inputs sent: ${JSON.stringify(inputs)}`);
      check(uploaded(ctx, 'picked-in-dialog.txt').toString() === 'chosen in the dialog\n', `uploaded: ${uploaded(ctx, 'picked-in-dialog.txt').toString()}`);
    },
  },
  {
    name: 'Run Flow with a file input in a multi-root workspace: the file picked in the second folder is the one uploaded',
    timeoutMs: 180_000,
    async run(ctx) {
      const flowId = 'E2eDocFlow02';
      await addDocumentFlow(ctx, flowId, 'E2e multi-root flow', 3_000);
      for (const folder of ['alpha', 'beta']) {
        fs.mkdirSync(path.join(ctx.workspace, folder), { recursive: true });
        fs.writeFileSync(path.join(ctx.workspace, folder, 'notes-multi.txt'), `notes in ${folder}\n`);
      }
      const workspaceFile = path.join(ctx.workspace, 'two.code-workspace');
      fs.writeFileSync(workspaceFile, JSON.stringify({ folders: [{ path: 'alpha' }, { path: 'beta' }] }));
      // The test's window turns into the two-folder workspace (a second tab would render in the background).
      const page = ctx.page;
      await openWorkspaceFile(page, ctx.url, workspaceFile, ['alpha', 'beta'], ctx.log);
      await showRecentRuns(page);
      await setApiKey(page, ctx.demo.apiKey);
      await startRunFlow(page, 'E2e multi-root flow');
      await pickQuickItem(page, 'beta/notes-multi.txt');
      await waitForNotification(page, /” finished \(run \S+\): 1 output file/, 60_000);
      const { inputs } = startedRun(ctx, flowId);
      check(JSON.stringify(inputs) === JSON.stringify([{ input_name: 'document', value: 'notes-multi.txt' }]), `inputs sent: ${JSON.stringify(inputs)}`);
      check(uploaded(ctx, 'notes-multi.txt').toString() === 'notes in beta\n', `uploaded: ${uploaded(ctx, 'notes-multi.txt').toString()}`);
    },
  },
];
