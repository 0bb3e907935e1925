// Gumloop: Run Again / Run Again with Changes… on a run (a run ID, a Recent Runs row, a Flows
// view run, or one picked from Recent Runs). A run this VS Code started is started again with
// the inputs it recorded, after one confirmation that shows them; an unchanged file input is sent
// by its uploaded name (start/runAgain decides). Any other run, or With Changes…, opens Run Flow's
// prompts, prefilled. The new run is followed like Run Flow's (followNewRun).
import * as vscode from 'vscode';
import { StateKeys } from '../constants';
import { GumloopError } from '../errors';
import { rememberInputs, type InputMemory, type SentInput } from '../runs/runInputs';
import type { RunRecord } from '../runs/history';
import { createClient, type Services } from '../services';
import { planRunAgain, prefillValues, runAgainTarget, type FileNow } from '../start/runAgain';
import { cleanLine } from '../sanitize';
import { fileGoneMessage, runAgainDetail, runAgainQuestion, unknownFlowMessage } from '../ui/runAgainText';
import type { FlowsView } from '../views/flowsView';
import { followNewRun, hasApiKey, runFlow, type RunFlowListener } from './runFlow';
import { fileNow, startInEditor } from './startInEditor';

const WITH_CHANGES = 'Run Again with Changes…';

export async function runAgain(services: Services, flows: FlowsView, listener: RunFlowListener, target: unknown, withChanges: boolean): Promise<void> {
  const given = runAgainTarget(target);
  if (target !== undefined && !given) throw new GumloopError('invalid-input', 'Run Again needs a run: use it on a run in Recent Runs or the Flows view, or give a run ID.');
  const run = given ?? (await pickRecentRun(services));
  if (!run) return;
  const record = services.history.get(run.runId);
  const flowId = run.flowId ?? record?.savedItemId ?? flowOfRun(flows, run.runId);
  if (!flowId) throw new GumloopError('invalid-input', unknownFlowMessage(run.runId));
  const flow = { savedItemId: flowId, name: flows.store.flow(flowId)?.name ?? record?.flowName ?? flowId };
  const inputs = record?.savedItemId === flowId ? record.inputs : undefined;
  // Not started here: the flow's remembered values prefill the prompts (Run Flow's own behaviour).
  if (withChanges || !inputs) return runFlow(services, flow, listener, inputs && prefillValues(inputs));
  if (!(await hasApiKey(services))) return;

  const plan = planRunAgain(inputs, await filesNow(inputs));
  if (plan.gone.length) {
    const choice = await vscode.window.showWarningMessage(fileGoneMessage(plan.gone[0]), WITH_CHANGES);
    if (choice === WITH_CHANGES) await runFlow(services, flow, listener, prefillValues(inputs));
    return;
  }
  const reused = plan.files.filter((file) => file.uploaded !== undefined).map((file) => file.path);
  const changed = plan.files.filter((file) => file.uploaded === undefined).map((file) => file.path);
  const answer = await vscode.window.showInformationMessage(runAgainQuestion(flow.name, inputs), { modal: true, detail: runAgainDetail(reused, changed) }, 'Run Again');
  if (answer !== 'Run Again') return;

  const { client } = await createClient(services);
  try {
    const files = plan.files.map((file) => ({ ...file, uri: file.source && vscode.Uri.parse(file.source.uri) }));
    const refuse = (reason: string) => new GumloopError('invalid-input', `${reason}. The flow’s inputs changed since run ${run.runId}: use ${WITH_CHANGES}`);
    const started = await startInEditor(services, client, { flow, text: plan.text, files, refuse });
    if (!started) return;
    const memory = services.context.globalState.get<InputMemory>(StateKeys.runInputs) ?? {};
    await services.context.globalState.update(StateKeys.runInputs, rememberInputs(memory, flowId, prefillValues(started.inputs)));
    await followNewRun(services, client, flow, started, listener);
  } finally {
    await client.close();
  }
}

/** Each recorded file as it is now, by its URI. */
async function filesNow(inputs: readonly SentInput[]): Promise<Map<string, FileNow | undefined>> {
  const uris = inputs.flatMap((input) => (input.source ? [input.source.uri] : []));
  return new Map(await Promise.all(uris.map(async (uri) => [uri, await fileNow(uri)] as const)));
}

/** A run the Flows view has listed, by its ID. */
function flowOfRun(flows: FlowsView, runId: string): string | undefined {
  const listed = flows.store.flowsState();
  if (listed.status !== 'loaded') return undefined;
  return listed.value.find((flow) => {
    const runs = flows.store.runsState(flow.savedItemId);
    return runs.status === 'loaded' && runs.value.some((summary) => summary.runId === runId);
  })?.savedItemId;
}

/** From the palette: a run in Recent Runs whose flow is known. */
async function pickRecentRun(services: Services): Promise<{ runId: string; flowId?: string } | undefined> {
  const runs = services.history.all().filter((record): record is RunRecord & { savedItemId: string } => Boolean(record.savedItemId));
  if (runs.length === 0) throw new GumloopError('invalid-input', 'No run in Recent Runs has a known flow to run again. Start one with Gumloop: Run Flow….');
  const items = runs.map((record) => ({
    label: cleanLine(record.flowName ?? record.savedItemId),
    description: `run ${record.runId}${record.state ? ` · ${cleanLine(record.state)}` : ''}`,
    detail: record.inputs ? `${record.inputs.length} input${record.inputs.length === 1 ? '' : 's'} recorded` : 'started elsewhere: the inputs are asked',
    run: { runId: record.runId, flowId: record.savedItemId },
  }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Gumloop: Run Again', placeHolder: 'Which run should run again?', matchOnDescription: true });
  return picked?.run;
}
