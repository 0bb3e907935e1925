// Gumloop: Run Flow… as a person uses it: from the palette, an input answered, the plan's limit
// met once and Try Again, the progress notification followed to the end, Download clicked; and from ▷ on a Flows row, a run watched
// in the tree, cancelled and stopped on Gumloop.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { UiTest, UiTestContext } from '../uiTest';
import { PLAN_LIMIT_MESSAGE } from '../../../src/gumloop/pipelines';
import { shortRunId } from '../../../src/views/runPresentation';
import { answerInput, clickNotificationAction, pickQuickItem, runCommand, treeRow, waitForNotification } from '../workbench';
import { expand, flowsRow } from './flowSteps';
import { assertSameBytes, check, clearNotifications, setApiKey, showRecentRuns } from './steps';

const RUN_FLOW = 'Gumloop: Run Flow…';

/** The run the emulator started for `flowId` (the newest, if several). */
function startedRun(ctx: UiTestContext, flowId: string): { runId: string; inputs: unknown } {
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

async function startRunFlow(page: Page, flowName: string): Promise<void> {
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
      await flowRow.hover();
      await flowRow.locator('.action-label[aria-label^="Run Flow"]').click();
      await waitForNotification(ctx.page, /Running · /, 30_000);
      await expand(flowRow);
      await flowsRow(ctx.page, /Running · /).waitFor({ timeout: 30_000 });
      await clickNotificationAction(ctx.page, /Gumloop: “Slow e2e flow”/, 'Cancel');
      const dialog = ctx.page.locator('.monaco-dialog-box', { hasText: 'on Gumloop too' });
      await dialog.waitFor({ timeout: 30_000 });
      await ctx.screenshot('run-flow-stop-question');
      await dialog.locator('.monaco-button', { hasText: 'Stop the Run' }).click();
      await waitForNotification(ctx.page, '“Slow e2e flow” was stopped (run ', 60_000);
      const { runId } = startedRun(ctx, slowFlow);
      const state = await stateOf(ctx, runId);
      check(state === 'TERMINATED', `run ${runId} is ${state} on Gumloop`);
      // Show Run Log opens the run's whole log, read-only, ending with the termination.
      await clickNotificationAction(ctx.page, 'was stopped', 'Show Run Log');
      await ctx.page.locator('.tabs-container .tab', { hasText: `${runId}.log` }).waitFor({ timeout: 30_000 });
      await ctx.page.locator('.editor-instance .view-lines', { hasText: '__TERMINATED__' }).waitFor({ timeout: 30_000 });
      await ctx.screenshot('run-flow-run-log');
    },
  },
];
