// Run Again as a person uses it: a flow run from the palette with a text and a file input, then
// ↻ on its finished run in the Flows view, one confirmation that shows the inputs, and the new
// run sent exactly the first run's inputs — the unchanged file by its uploaded name, not uploaded
// again; once the file is edited, uploaded again (the emulator records every start and upload);
// and Run Again on Run Flow's own finished message starts it once more with the same inputs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { UiTest, UiTestContext } from '../uiTest';
import { addFlow } from '../../emulator/addFlow';
import { answerInput, clickNotificationAction, contextMenuAction, pickQuickItem, waitForNotification } from '../workbench';
import { expand, flowsRow } from './flowSteps';
import { startedRun, startRequests, startRunFlow, uploaded } from './runFlow.test';
import { check, clickDialogButton, setApiKey, showRecentRuns } from './steps';

function uploads(ctx: UiTestContext): number {
  return ctx.emulator.requests.filter((request) => request.path.endsWith('/upload_file')).length;
}

export const tests: UiTest[] = [
  {
    name: 'Run Again from the Flows view and from the finished message: one confirmation shows the inputs; the new run gets exactly the first run’s inputs, the unchanged file not uploaded again',
    timeoutMs: 240_000,
    async run(ctx) {
      const flowId = 'E2eAgainFlow';
      await addFlow(ctx.emulator.dataDir, flowId, {
        name: 'E2e again flow',
        inputs: [
          { name: 'topic', data_type: 'string', description: 'What about' },
          { name: 'document', data_type: 'file', description: 'The document to read' },
        ],
        run_ms: 3_000,
        run_log: ['Reader: read the document', 'Flow finished'],
      });
      fs.writeFileSync(path.join(ctx.workspace, 'notes-again.txt'), 'notes for run again\n');
      await showRecentRuns(ctx.page);
      await setApiKey(ctx.page, ctx.demo.apiKey);
      await startRunFlow(ctx.page, 'E2e again flow');
      await answerInput(ctx.page, 'otters again', { promptContains: 'What about' });
      await pickQuickItem(ctx.page, 'notes-again.txt');
      await waitForNotification(ctx.page, /“E2e again flow” finished \(run \S+\)/, 60_000);
      const first = startedRun(ctx, flowId);
      check(JSON.stringify(first.inputs) === JSON.stringify([{ input_name: 'topic', value: 'otters again' }, { input_name: 'document', value: 'notes-again.txt' }]), `first inputs: ${JSON.stringify(first.inputs)}`);
      const uploadsBefore = uploads(ctx);
      check(uploadsBefore === 1, `uploads after the first run: ${uploadsBefore}`);

      const flowRow = flowsRow(ctx.page, 'E2e again flow');
      await expand(flowRow);
      const runRow = flowsRow(ctx.page, /Done · /);
      await runRow.waitFor({ timeout: 60_000 });
      await runRow.hover();
      await runRow.locator('.action-label[aria-label^="Run Again"]').click();
      const question = 'Run “E2e again flow” again with: topic = otters again, document = notes-again.txt?';
      await ctx.page.locator('.monaco-dialog-box', { hasText: question }).waitFor({ timeout: 30_000 });
      await ctx.screenshot('run-again-confirm');
      check(startRequests(ctx, flowId) === 1, 'Run Again started the flow before the confirmation was answered');
      await clickDialogButton(ctx.page, question, 'Run Again');
      await waitForNotification(ctx.page, /Gumloop: “E2e again flow”/, 30_000);
      check(startRequests(ctx, flowId) === 2, `start_pipeline requests: ${startRequests(ctx, flowId)}`);
      const second = startedRun(ctx, flowId);
      check(second.runId !== first.runId, 'no second run was started');
      check(JSON.stringify(second.inputs) === JSON.stringify(first.inputs), `Run Again sent ${JSON.stringify(second.inputs)}, the first run ${JSON.stringify(first.inputs)}`);
      check(uploads(ctx) === uploadsBefore, `the unchanged file was uploaded again (${uploads(ctx)} uploads)`);
      await waitForNotification(ctx.page, new RegExp(`“E2e again flow” finished \\(run ${second.runId}\\)`), 60_000);

      // The file changed since it was read: Run Again (from the context menu this time) says so and uploads the new bytes under the same name.
      const changed = Buffer.from('notes for run again, edited since\n');
      fs.writeFileSync(path.join(ctx.workspace, 'notes-again.txt'), changed);
      await contextMenuAction(ctx.page, runRow, 'Run Again');
      const dialog = ctx.page.locator('.monaco-dialog-box', { hasText: question });
      await dialog.filter({ hasText: 'Changed since the last run, uploaded again: notes-again.txt.' }).waitFor({ timeout: 30_000 });
      await clickDialogButton(ctx.page, question, 'Run Again');
      for (let waited = 0; startRequests(ctx, flowId) < 3 && waited < 30_000; waited += 250) await new Promise((resolve) => setTimeout(resolve, 250));
      check(startRequests(ctx, flowId) === 3, `start_pipeline requests: ${startRequests(ctx, flowId)}`);
      await waitForNotification(ctx.page, new RegExp(`“E2e again flow” finished \\(run ${startedRun(ctx, flowId).runId}\\)`), 60_000);
      check(uploads(ctx) === uploadsBefore + 1, `the changed file was not uploaded once more (${uploads(ctx)} uploads)`);
      check(uploaded(ctx, 'notes-again.txt').equals(changed), 'the upload is not the edited file');
      check(JSON.stringify(startedRun(ctx, flowId).inputs) === JSON.stringify(first.inputs), `the third run was sent ${JSON.stringify(startedRun(ctx, flowId).inputs)}`);

      // Run Again on Run Flow's own finished message: the same confirmation, the same inputs.
      const third = startedRun(ctx, flowId);
      await clickNotificationAction(ctx.page, new RegExp(`“E2e again flow” finished \\(run ${third.runId}\\)`), 'Run Again');
      await ctx.page.locator('.monaco-dialog-box', { hasText: question }).waitFor({ timeout: 30_000 });
      await clickDialogButton(ctx.page, question, 'Run Again');
      for (let waited = 0; startRequests(ctx, flowId) < 4 && waited < 30_000; waited += 250) await new Promise((resolve) => setTimeout(resolve, 250));
      check(startRequests(ctx, flowId) === 4, `Run Again on the finished message: start_pipeline requests ${startRequests(ctx, flowId)}`);
      check(JSON.stringify(startedRun(ctx, flowId).inputs) === JSON.stringify(first.inputs), `the fourth run was sent ${JSON.stringify(startedRun(ctx, flowId).inputs)}`);
    },
  },
];
