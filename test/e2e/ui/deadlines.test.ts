// A slow Gumloop in VS Code: a lookup that runs out of time says so, with Try Again, instead of
// ending in silence as if the user had cancelled it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addFlow } from '../../emulator/server';
import type { UiTest } from '../uiTest';
import { clickNotificationAction, waitForNotification } from '../workbench';
import { flowsRow } from './flowSteps';
import { acceptOfferedFiles, assertSameBytes, check, clearNotifications, clickDialogButton, destination, readyWithKey, seedFile, startDownload } from './steps';

export const tests: UiTest[] = [
  {
    name: 'a lookup that dribbles (Download Run Files) ends in an error with Try Again, and Try Again downloads',
    // The shortest request timeout keeps the test fast; the answer dribbles a byte every 200 ms,
    // so only a limit on the whole answer (not the silence timeout) can end it.
    workspaceSettings: { 'gumloop.requestTimeoutSeconds': 5 },
    async run(ctx) {
      const runId = ctx.demo.runs.report;
      await readyWithKey(ctx);
      const lookup = { endpoint: 'get_pl_run', subject: runId };
      ctx.emulator.setFaultFor(lookup, { type: 'slow', bytesPerSecond: 5 });
      try {
        const started = Date.now();
        await startDownload(ctx.page, runId);
        const toast = await waitForNotification(ctx.page, 'did not finish answering within 5 s', 30_000);
        const waited = Date.now() - started;
        check(waited < 20_000, `the error came after ${waited} ms`);
        await toast.locator('.monaco-button', { hasText: 'Try Again' }).waitFor({ timeout: 5_000 });
        await ctx.screenshot('lookup-timed-out');
      } finally {
        ctx.emulator.setFaultFor(lookup, undefined);
      }
      await clickNotificationAction(ctx.page, 'did not finish answering', 'Try Again');
      await acceptOfferedFiles(ctx.page);
      const file = path.join(destination(ctx, runId), 'sales-report.csv');
      for (let waited = 0; !fs.existsSync(file) && waited < 60_000; waited += 500) await ctx.page.waitForTimeout(500);
      assertSameBytes(file, seedFile(ctx, runId, 'sales-report.csv'));
    },
  },
  {
    name: 'Stop the Run with a kill_pipeline that never answers: a warning within seconds that the run may still be going',
    timeoutMs: 180_000,
    async run(ctx) {
      await addFlow(ctx.emulator.dataDir, 'E2eHungKill1', { name: 'Hung kill flow', inputs: [], run_ms: 120_000 });
      await readyWithKey(ctx);
      await clearNotifications(ctx.page);
      const row = flowsRow(ctx.page, 'Hung kill flow');
      await row.waitFor({ timeout: 30_000 });
      await row.hover();
      await row.locator('.action-label[aria-label^="Run Flow"]').click();
      // A flow with no inputs is confirmed first: runs spend credits.
      await clickDialogButton(ctx.page, 'Run “Hung kill flow” now?', 'Run');
      await waitForNotification(ctx.page, /Running · /, 30_000);
      const kill = { endpoint: 'kill_pipeline' };
      ctx.emulator.setFaultFor(kill, { type: 'stall' });
      try {
        await clickNotificationAction(ctx.page, /Gumloop: “Hung kill flow”/, 'Cancel');
        const asked = Date.now();
        await clickDialogButton(ctx.page, 'on Gumloop too', 'Stop the Run');
        await waitForNotification(ctx.page, 'got no answer from Gumloop within 5 s, so the run may still be going', 30_000);
        const waited = Date.now() - asked;
        check(waited < 15_000, `the warning came after ${waited} ms`);
        await ctx.screenshot('hung-kill');
      } finally {
        ctx.emulator.setFaultFor(kill, undefined);
      }
    },
  },
];
