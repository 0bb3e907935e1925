// Gumloop: Run Flow… — pick a flow, answer its inputs, start it, watch it in a cancellable
// progress notification, and offer its files when it is done. The rules live in pure modules
// (runs/runInputs, remote/runWatcher, remote/runProgress); this file only talks to VS Code.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readSettings } from '../config';
import { Commands, Settings, StateKeys } from '../constants';
import { GumloopError, isGumloopError } from '../errors';
import type { GumloopClient } from '../gumloop/client';
import type { RunInfo } from '../gumloop/types';
import { getInputs, killPipeline, PLAN_LIMIT_MESSAGE, startPipeline, uploadFile, type FlowInput, type PipelineInput, type StartedRun } from '../gumloop/pipelines';
import { outputFileNames, plainLogLine } from '../remote/runLog';
import { afterRunSetting, failedMessage, finishedMessage, progressMessage } from '../remote/runProgress';
import { runPhase, type RunPhase } from '../remote/runState';
import { watchRun, type WatchResult } from '../remote/runWatcher';
import { inputPrompt, latestPerFlow, rememberedValue, rememberInputs, uploadNameFor, validateInputValue, type InputMemory } from '../runs/runInputs';
import { resolveDestination } from '../ui/destination';
import type { DownloadRequestDraft } from './downloadRunFiles';
import { askValidated } from './validatedInput';
import { pickFlow, type FlowChoice } from './flowPicker';
import { createClient, type Services } from './services';

/** What else shows runs (the Flows view's store): told about the new run and every poll of it. */
export interface RunFlowListener {
  started(flowId: string, runId: string): void;
  polled(runId: string, run: RunInfo): void;
  /** Run Flow stopped watching; the view's own poller may take over. */
  released(runId: string): void;
  /** The runs the view has loaded, for ordering the flow picker. */
  runStarts(): Iterable<{ flowId: string; at: number }>;
}

/** How long to follow a run after asking Gumloop to stop it, before leaving it to the tree. */
const STOP_WATCH_MS = 60_000;

export async function runFlow(services: Services, target?: unknown, listener?: RunFlowListener): Promise<void> {
  if (!(await services.credentials.getApiKey())) {
    const choice = await vscode.window.showWarningMessage('Set your Gumloop API key before running a flow.', 'Set API Key');
    if (choice) await vscode.commands.executeCommand(Commands.setApiKey);
    if (!(await services.credentials.getApiKey())) return;
  }
  const { client } = await createClient(services);
  try {
    const memory = services.context.globalState.get<InputMemory>(StateKeys.runInputs) ?? {};
    const flow = await pickFlow(client, target, { memory, lastRunAt: lastRunTimes(services, listener) });
    if (!flow) return;
    const declared = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Reading the inputs of “${flow.name}”…` }, () => getInputs(client, flow.savedItemId));
    const answers = await askInputs(flow, declared, memory);
    if (!answers) return;
    const inputs = await uploadFiles(services, client, declared, answers);
    const started = await startWithTryAgain(client, flow, inputs);
    if (!started) return;
    await services.context.globalState.update(StateKeys.runInputs, rememberInputs(memory, flow.savedItemId, answers));
    services.log.info(`Started run ${started.runId} of flow “${flow.name}” (${flow.savedItemId})${started.url ? `: ${started.url}` : ''}`);
    await showInRecentRuns(services, started.runId, flow);
    listener?.started(flow.savedItemId, started.runId);
    try {
      await followRun(services, client, flow, started.runId, listener);
    } finally {
      listener?.released(started.runId);
    }
  } finally {
    await client.close();
  }
}

/** One prompt per input, its description as the prompt, last values as defaults. undefined: cancelled. */
async function askInputs(flow: FlowChoice, declared: readonly FlowInput[], memory: InputMemory): Promise<Record<string, string> | undefined> {
  const answers: Record<string, string> = {};
  for (const [index, input] of declared.entries()) {
    const title = `Run “${flow.name}” (${index + 1}/${declared.length})`;
    const remembered = rememberedValue(memory, flow.savedItemId, input.name);
    const answer = input.dataType === 'file' ? await pickWorkspaceFile(title, input, remembered) : await askText(title, input, remembered);
    if (answer === undefined) return undefined;
    answers[input.name] = answer;
  }
  return answers;
}

function askText(title: string, input: FlowInput, remembered: string | undefined): Promise<string | undefined> {
  return askValidated({ title, prompt: inputPrompt(input), value: remembered, ignoreFocusOut: true }, (text) => {
    const problem = validateInputValue(input, text);
    return problem ? { ok: false, reason: problem } : { ok: true, value: text };
  });
}

/** A workspace file, as a path relative to its folder (what is remembered), the remembered one first. */
async function pickWorkspaceFile(title: string, input: FlowInput, remembered: string | undefined): Promise<string | undefined> {
  const uris = await vscode.workspace.findFiles('**/*', '**/{node_modules,.git}/**', 5000);
  const items = uris
    .map((uri) => ({ label: vscode.workspace.asRelativePath(uri, true), uri }))
    .sort((a, b) => Number(b.label === remembered) - Number(a.label === remembered) || a.label.localeCompare(b.label));
  if (items.length === 0) throw new GumloopError('invalid-input', `Input “${input.name}” needs a file from this workspace, and the workspace has none. Open a folder with the file.`);
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: inputPrompt(input), ignoreFocusOut: true, matchOnDescription: true });
  return picked?.label;
}

/** Uploads the picked files; their uploaded names become the inputs' values. */
async function uploadFiles(services: Services, client: GumloopClient, declared: readonly FlowInput[], answers: Record<string, string>): Promise<PipelineInput[]> {
  const inputs: PipelineInput[] = [];
  for (const input of declared) {
    const answer = answers[input.name];
    if (input.dataType !== 'file') {
      inputs.push({ name: input.name, value: answer });
      continue;
    }
    const uri = workspaceUri(answer);
    const content = await vscode.workspace.fs.readFile(uri);
    const { fileName } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Uploading ${path.basename(uri.fsPath)} to Gumloop…` }, () =>
      uploadFile(client, uploadNameFor(uri.fsPath), Buffer.from(content)),
    );
    services.log.info(`Uploaded ${answer} as “${fileName}” for input “${input.name}”`);
    inputs.push({ name: input.name, value: fileName });
  }
  return inputs;
}

/** A path from asRelativePath(…, true): "folder/x" in a multi-root workspace, "x" in a single one. */
function workspaceUri(relative: string): vscode.Uri {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length > 1) {
    const [first, ...rest] = relative.split('/');
    const folder = folders.find((candidate) => candidate.name === first);
    if (folder) return vscode.Uri.joinPath(folder.uri, ...rest);
  }
  if (!folders[0]) throw new GumloopError('invalid-input', 'Open the folder that holds the input file, then run the flow again.');
  return vscode.Uri.joinPath(folders[0].uri, ...relative.split('/'));
}

/** start_pipeline; at the plan's concurrency limit (429) the user may try again. undefined: gave up. */
async function startWithTryAgain(client: GumloopClient, flow: FlowChoice, inputs: PipelineInput[]): Promise<StartedRun | undefined> {
  for (;;) {
    try {
      return await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Starting “${flow.name}”…` }, () => startPipeline(client, flow.savedItemId, inputs));
    } catch (error) {
      if (!isGumloopError(error, 'rate-limited')) throw error;
      const choice = await vscode.window.showErrorMessage(`${PLAN_LIMIT_MESSAGE}.`, 'Try Again');
      if (choice !== 'Try Again') return undefined;
    }
  }
}

/** The run joins Recent Runs at once, as running, with the folder its files will go to. */
async function showInRecentRuns(services: Services, runId: string, flow: FlowChoice): Promise<void> {
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
    state: 'QUEUED',
  });
}

/** When each flow last ran, as far as this editor knows: Recent Runs (runs started or downloaded here) and the Flows view. */
function lastRunTimes(services: Services, listener: RunFlowListener | undefined): Map<string, number> {
  const fromHistory = services.history.all().map((record) => ({ flowId: record.savedItemId, at: record.createdTs ? Date.parse(record.createdTs) : record.downloadedAt }));
  return latestPerFlow([...fromHistory, ...(listener?.runStarts() ?? [])]);
}

type Outcome = { kind: 'finished'; result: WatchResult } | { kind: 'stopped watching' } | { kind: 'stopping' };

async function followRun(services: Services, client: GumloopClient, flow: FlowChoice, runId: string, listener: RunFlowListener | undefined): Promise<void> {
  const outcome = await vscode.window.withProgress<Outcome>(
    { location: vscode.ProgressLocation.Notification, title: `Gumloop: “${flow.name}”`, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const cancel = token.onCancellationRequested(() => controller.abort());
      let phase: RunPhase = 'queued';
      let state = 'QUEUED';
      let latest: string | undefined;
      // While polls fail, what Gumloop is doing: the watch has no limit and keeps trying.
      let trouble: string | undefined;
      const started = Date.now();
      const report = () => progress.report({ message: trouble ? `${progressMessage(phase, state, Date.now() - started, undefined)} · ${trouble}; still trying` : progressMessage(phase, state, Date.now() - started, latest) });
      // The stopwatch ticks between polls, which back off to 5 s while nothing changes.
      const ticker = setInterval(report, 1000);
      try {
        report();
        const result = await watchRun({
          runId,
          getRun: (id, options) => client.getRun(id, options),
          signal: controller.signal,
          onUpdate: (update) => {
            listener?.polled(runId, update.run);
            trouble = undefined;
            phase = update.phase;
            state = update.run.state;
            for (const line of update.newLogLines) services.log.info(`[run ${runId}] ${plainLogLine(line)}`);
            latest = update.run.log[update.run.log.length - 1] ?? latest;
            if (update.changed) void services.history.update(runId, { state: update.run.state, createdTs: update.run.createdTs, finishedTs: update.run.finishedTs });
            report();
          },
          onTransientError: (error, now) => {
            trouble = now.text;
            report();
            services.log.warn(`Watching run ${runId}: ${error.message} (${now.text})`);
          },
        });
        return { kind: 'finished', result };
      } catch (error) {
        if (!controller.signal.aborted) throw error;
        return (await askStopRun(runId)) ? { kind: 'stopping' } : { kind: 'stopped watching' };
      } finally {
        clearInterval(ticker);
        cancel.dispose();
      }
    },
  );
  if (outcome.kind === 'stopped watching') {
    services.log.info(`Stopped watching run ${runId}; it keeps running in Gumloop.`);
    return;
  }
  if (outcome.kind === 'stopping') {
    await stopRun(services, client, flow, runId, listener);
    return;
  }
  await finished(services, flow, runId, outcome.result);
}

/** Cancel: stop the run on Gumloop too, or only stop watching (the run goes on). */
async function askStopRun(runId: string): Promise<boolean> {
  const stop = 'Stop the Run';
  const choice = await vscode.window.showWarningMessage(`Stop run ${runId} on Gumloop too, or only stop watching it?`, { modal: true, detail: 'Only stopping watching leaves the run going; it stays in Recent Runs as running.' }, stop, 'Only Stop Watching');
  return choice === stop;
}

async function stopRun(services: Services, client: GumloopClient, flow: FlowChoice, runId: string, listener: RunFlowListener | undefined): Promise<void> {
  try {
    await killPipeline(client, runId);
  } catch (error) {
    // Not through the error boundary: its Try Again would run the flow again, not stop it.
    const why = error instanceof Error ? error.message : String(error);
    services.log.warn(`Stopping run ${runId}: ${why}`);
    void vscode.window.showWarningMessage(`Could not stop run ${runId}: ${why} Stop it on its page in Gumloop.`);
    return;
  }
  services.log.info(`Asked Gumloop to stop run ${runId}`);
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Stopping run ${runId}…` }, () =>
    watchRun({
      runId,
      getRun: (id, options) => client.getRun(id, options),
      timeoutMs: STOP_WATCH_MS,
      onUpdate: (update) => {
        listener?.polled(runId, update.run);
        void services.history.update(runId, { state: update.run.state, finishedTs: update.run.finishedTs });
      },
    }),
  );
  if (result.timedOut) {
    void vscode.window.showWarningMessage(`Run ${runId} is still ${result.run.state} a minute after asking Gumloop to stop it. Check it in Gumloop.`);
    return;
  }
  await finished(services, flow, runId, result);
}

async function finished(services: Services, flow: FlowChoice, runId: string, result: WatchResult): Promise<void> {
  const { run } = result;
  await services.history.update(runId, { state: run.state, createdTs: run.createdTs, finishedTs: run.finishedTs });
  const phase = runPhase(run.state);
  services.log.info(`Run ${runId} ended ${run.state} after ${Math.round(result.elapsedMs / 1000)} s`);
  if (phase !== 'done') {
    const choice = await vscode.window.showErrorMessage(failedMessage(flow.name, phase, run.log[run.log.length - 1]), 'Show Run Log');
    if (choice) await services.runLogs.show(runId, run.state, run.log);
    return;
  }
  const fileNames = outputFileNames(run.outputs);
  const draft: DownloadRequestDraft = { runId, fileNames, savedItemId: flow.savedItemId, flowName: flow.name };
  const after = afterRunSetting(vscode.workspace.getConfiguration(Settings.section).get(Settings.afterRun));
  if (after === 'download' && fileNames.length) {
    await vscode.commands.executeCommand(Commands.downloadRunFiles, draft);
    return;
  }
  if (after === 'nothing') return;
  const actions = fileNames.length ? ['Download', 'Show Outputs'] : ['Show Outputs'];
  const choice = await vscode.window.showInformationMessage(finishedMessage(fileNames.length), ...actions);
  if (choice === 'Download') await vscode.commands.executeCommand(Commands.downloadRunFiles, draft);
  else if (choice === 'Show Outputs') await openReadOnly(JSON.stringify(run.outputs, null, 2), 'json');
}

/** Show Outputs: the outputs as JSON in an untitled editor (nothing to save; closing discards it). */
async function openReadOnly(content: string, language: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ content, language });
  await vscode.window.showTextDocument(document, { preview: true });
}
