// The runs this window follows, as a person sees them: two runs started with Run Flow and left to
// run (Only Stop Watching) show as "2 Gumloop runs" in the status bar; as each ends the count goes
// down and the item goes away; the last one's done notification offers Download, whose click
// writes the files.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import type { UiTest, UiTestContext } from '../uiTest';
import { addFlow } from '../../emulator/addFlow';
import { clickNotificationAction, waitForNotification } from '../workbench';
import { startedRun, startRunFlow } from './runFlow.test';
import { assertSameBytes, clickDialogButton, setApiKey, showRecentRuns } from './steps';

function statusItem(page: Page, text: string | RegExp) {
  return page.locator('.part.statusbar .statusbar-item', { hasText: text }).first();
}

/** Starts the flow with Run Flow, then leaves it running: the status bar keeps following it. */
async function startAndLeave(ctx: UiTestContext, flowId: string, name: string): Promise<string> {
  await startRunFlow(ctx.page, name);
  await clickDialogButton(ctx.page, `Run “${name}” now?`, 'Run');
  await waitForNotification(ctx.page, new RegExp(`Gumloop: “${name}”`), 30_000);
  const { runId } = startedRun(ctx, flowId);
  await clickNotificationAction(ctx.page, new RegExp(`Gumloop: “${name}”`), 'Cancel');
  await clickDialogButton(ctx.page, 'on Gumloop too', 'Only Stop Watching');
  return runId;
}

export const tests: UiTest[] = [
  {
    name: 'Two runs left running show as “2 Gumloop runs” in the status bar, then one, then none; the done notification’s Download writes the files',
    timeoutMs: 240_000,
    async run(ctx) {
      await addFlow(ctx.emulator.dataDir, 'E2eStatusLong', { name: 'E2e status long', inputs: [], run_ms: 60_000, run_log: ['step 1', 'Flow finished'] });
      await addFlow(ctx.emulator.dataDir, 'E2eStatusShort', { name: 'E2e status short', inputs: [], run_ms: 25_000, run_log: ['step 1', 'Flow finished'] });
      const files = path.join(ctx.emulator.dataDir, 'flows', 'E2eStatusLong', 'files');
      fs.mkdirSync(files, { recursive: true });
      fs.writeFileSync(path.join(files, 'status.md'), '# Status\n');
      await showRecentRuns(ctx.page);
      await setApiKey(ctx.page, ctx.demo.apiKey);
      const longRun = await startAndLeave(ctx, 'E2eStatusLong', 'E2e status long');
      await statusItem(ctx.page, 'Gumloop: “E2e status long”').waitFor({ timeout: 30_000 });
      await startAndLeave(ctx, 'E2eStatusShort', 'E2e status short');
      await statusItem(ctx.page, '2 Gumloop runs').waitFor({ timeout: 30_000 });
      await ctx.screenshot('runs-status-two');
      // The short one ends: one left, named.
      await statusItem(ctx.page, 'Gumloop: “E2e status long”').waitFor({ timeout: 90_000 });
      await waitForNotification(ctx.page, /“E2e status short” is done/, 30_000);
      // The long one ends: the item goes, and its notification offers Download.
      const done = `“E2e status long” is done: 1 file (run ${longRun}).`;
      await waitForNotification(ctx.page, done, 120_000);
      await statusItem(ctx.page, /Gumloop runs|Gumloop: “/).waitFor({ state: 'hidden', timeout: 30_000 });
      await ctx.screenshot('runs-status-done');
      await clickNotificationAction(ctx.page, done, 'Download');
      await waitForNotification(ctx.page, `Downloaded 1 file from run ${longRun}`, 60_000);
      assertSameBytes(path.join(ctx.workspace, 'gumloop', longRun, 'status.md'), Buffer.from('# Status\n'));
    },
  },
];
