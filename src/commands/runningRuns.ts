// "Show Running Runs" (the status bar item's click): the runs this window follows, each with its
// state word and time so far; picking one offers Show Log, Stop and Download When Done.
import * as vscode from 'vscode';
import { killPipeline } from '../gumloop/pipelines';
import { runPickLabel } from '../remote/windowRuns';
import { createClient, type Services } from '../services';
import type { FlowsView } from '../views/flowsView';

export async function showRunningRuns(services: Services, flows: FlowsView): Promise<void> {
  const running = services.windowRuns.running();
  if (running.length === 0) {
    void vscode.window.showInformationMessage('No Gumloop run this window follows is running now.');
    return;
  }
  const now = Date.now();
  const picked = await vscode.window.showQuickPick(
    running.map((run) => ({ ...runPickLabel(run, now), runId: run.runId })),
    { title: 'Gumloop: Running Runs', placeHolder: 'A run to act on' },
  );
  if (!picked) return;
  const run = services.windowRuns.get(picked.runId);
  if (!run) {
    void vscode.window.showInformationMessage(`Run ${picked.runId} has ended meanwhile.`);
    return;
  }
  const actions = ['Show Log', 'Stop', ...(run.whenDone ? [] : ['Download When Done'])];
  const action = await vscode.window.showQuickPick(actions, { title: `${picked.label} — run ${run.runId}` });
  if (action === 'Show Log') await services.runLogs.show(run.runId, run.run?.state ?? 'QUEUED', run.run?.log ?? []);
  else if (action === 'Download When Done') void flows.waiters.start(run.runId, run.flowId, run.flowName);
  else if (action === 'Stop') {
    const { client } = await createClient(services);
    try {
      await killPipeline(client, run.runId);
    } finally {
      await client.close();
    }
    services.log.info(`Asked Gumloop to stop run ${run.runId}`);
    void vscode.window.showInformationMessage(`Asked Gumloop to stop run ${run.runId}.`);
  }
}
