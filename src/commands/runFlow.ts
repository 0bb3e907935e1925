// Gumloop: Run Flow… — pick a flow, answer its inputs, start it through start/startFlowRun, and
// watch it (followStartedRun; Run Again follows its runs the same way, through followNewRun). This
// file chooses and shows; the rules live in pure modules (runs/runInputs, start/startFlowRun,
// remote/runWatcher, remote/runProgress).
import * as vscode from 'vscode';
import { readSettings } from '../config';
import { Commands, StateKeys } from '../constants';
import { GumloopError, isGumloopError } from '../errors';
import type { GumloopClient } from '../gumloop/client';
import { getInputs, type FlowInput } from '../gumloop/pipelines';
import { confirmRunMessage } from '../remote/runProgress';
import { latestPerFlow, rememberInputs, type InputMemory, type SentInput } from '../runs/runInputs';
import { createClient, type Services } from '../services';
import type { StartedFlowRun } from '../start/startFlowRun';
import { resolveDestination } from '../ui/destination';
import { pickFlow, type FlowChoice } from './flowPicker';
import { followStartedRun } from './followStartedRun';
import { askInputs, type Answers } from './runInputPrompts';
import { startInEditor } from './startInEditor';

/** What else shows runs (the Flows view's store): told about the new run (it subscribes to the run monitor itself). */
export interface RunFlowListener {
  started(flowId: string, runId: string): void;
  /** The runs the view has loaded, for ordering the flow picker. */
  runStarts(): Iterable<{ flowId: string; at: number }>;
}

/** `prefill`: values the prompts start from instead of the flow's remembered ones (Run Again with Changes…). */
export async function runFlow(services: Services, target?: unknown, listener?: RunFlowListener, prefill?: Record<string, string>): Promise<void> {
  if (!(await hasApiKey(services))) return;
  const { client } = await createClient(services);
  try {
    const memory = services.context.globalState.get<InputMemory>(StateKeys.runInputs) ?? {};
    const flow = await pickFlow(client, target, { memory, lastRunAt: lastRunTimes(services, listener) });
    if (!flow) return;
    const declared = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Reading the inputs of “${flow.name}”…` }, () => getInputs(client, flow.savedItemId));
    const answers = await askInputs(flow, declared, prefill ? rememberInputs(memory, flow.savedItemId, prefill) : memory);
    if (!answers) return;
    // Runs spend credits: answering the inputs is the go-ahead; a flow with none to answer is asked.
    if (declared.length === 0 && !(await confirmRun(flow))) return;
    const started = await start(services, client, flow, declared, answers);
    if (!started) return;
    await services.context.globalState.update(StateKeys.runInputs, rememberInputs(memory, flow.savedItemId, answers.values));
    await followNewRun(services, client, flow, started, listener);
  } finally {
    await client.close();
  }
}

/** False when there is no key and the user did not set one. */
export async function hasApiKey(services: Services): Promise<boolean> {
  if (await services.credentials.getApiKey()) return true;
  const choice = await vscode.window.showWarningMessage('Set your Gumloop API key before running a flow.', 'Set API Key');
  if (choice) await vscode.commands.executeCommand(Commands.setApiKey);
  return Boolean(await services.credentials.getApiKey());
}

/** A run just started (by Run Flow or Run Again): logged, shown in Recent Runs and the Flows view, and followed to its end. */
export async function followNewRun(services: Services, client: GumloopClient, flow: FlowChoice, started: StartedFlowRun, listener: RunFlowListener | undefined): Promise<void> {
  if (started.recoveredNotice) services.log.warn(started.recoveredNotice);
  services.log.info(`Started run ${started.runId} of flow “${flow.name}” (${flow.savedItemId})${started.url ? `: ${started.url}` : ''}`);
  await showInRecentRuns(services, started, flow);
  listener?.started(flow.savedItemId, started.runId);
  try {
    await followStartedRun(services, client, flow, started.runId);
  } catch (error) {
    throw afterStart(error);
  }
}

/** A failure once the run started: Try Again would start the flow a second time, so it is not offered. */
function afterStart(error: unknown): unknown {
  if (!isGumloopError(error) || error.code === 'cancelled') return error;
  return new GumloopError(error.code, error.message, { cause: error, status: error.status, notRetryable: true });
}

async function confirmRun(flow: FlowChoice): Promise<boolean> {
  const choice = await vscode.window.showInformationMessage(confirmRunMessage(flow.name), { modal: true, detail: 'It has no inputs to answer; the run uses your Gumloop credits.' }, 'Run');
  return choice === 'Run';
}

/** The answers, through the one start path (start/startFlowRun as the editor shows it). undefined: gave up. */
function start(services: Services, client: GumloopClient, flow: FlowChoice, declared: readonly FlowInput[], answers: Answers): Promise<StartedFlowRun | undefined> {
  const files = [...answers.files].map(([name, file]) => ({ name, path: file.shown, uri: file.uri }));
  // An empty answer leaves the input to the value saved in the flow (see runs/runInputs).
  const text = declared.filter((input) => !answers.files.has(input.name) && answers.values[input.name]).map((input) => ({ name: input.name, value: answers.values[input.name] }));
  return startInEditor(services, client, { flow, declared, text, files });
}

/** The run joins Recent Runs at once, as running, with the folder its files will go to. */
async function showInRecentRuns(services: Services, { runId, inputs }: { runId: string; inputs: SentInput[] }, flow: FlowChoice): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  const destination = folder ? resolveDestination(readSettings(folder.uri).downloadFolder, runId, folder.uri.fsPath) : undefined;
  await services.history.record({
    runId,
    fileNames: [],
    files: [],
    destination: destination?.ok ? destination.value : '',
    savedItemId: flow.savedItemId,
    flowName: flow.name,
    downloadedAt: Date.now(),
    notDownloaded: true,
    state: 'QUEUED',
    inputs,
  });
}

/** When each flow last ran, as far as this editor knows: Recent Runs (runs started or downloaded here) and the Flows view. */
function lastRunTimes(services: Services, listener: RunFlowListener | undefined): Map<string, number> {
  const fromHistory = services.history.all().map((record) => ({ flowId: record.savedItemId, at: record.createdTs ? Date.parse(record.createdTs) : record.downloadedAt }));
  return latestPerFlow([...fromHistory, ...(listener?.runStarts() ?? [])]);
}
