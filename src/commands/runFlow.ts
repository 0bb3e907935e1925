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
import { startRun, type StartResult } from '../gumloop/lostStart';
import { getInputs, killPipeline, PLAN_LIMIT_MESSAGE, uploadFile, type FlowInput, type PipelineInput } from '../gumloop/pipelines';
import { outputFileNames, plainLogLine } from '../remote/runLog';
import { afterRunSetting, confirmRunMessage, failedMessage, finishedMessage, progressMessage, stoppedMessage } from '../remote/runProgress';
import { runPhase, type RunPhase } from '../remote/runState';
import { watchRun, type WatchResult } from '../remote/runWatcher';
import { inputPrompt, latestPerFlow, rememberedValue, rememberInputs, unreadableInputFile, uploadNameFor, validateInputValue, type InputMemory } from '../runs/runInputs';
import { resolveDestination } from '../ui/destination';
import type { DownloadRequestDraft } from './downloadRunFiles';
import { askValidated } from './validatedInput';
import { pickFlow, type FlowChoice } from './flowPicker';
import { createClient, type Services } from '../services';

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
    // Runs spend credits: answering the inputs is the go-ahead; a flow with none to answer is asked.
    if (declared.length === 0 && !(await confirmRun(flow))) return;
    const inputs = await uploadFiles(services, client, declared, answers);
    const started = await startWithTryAgain(client, flow, inputs);
    if (!started) return;
    await services.context.globalState.update(StateKeys.runInputs, rememberInputs(memory, flow.savedItemId, answers.values));
    if (started.recoveredNotice) services.log.warn(started.recoveredNotice);
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

async function confirmRun(flow: FlowChoice): Promise<boolean> {
  const choice = await vscode.window.showInformationMessage(confirmRunMessage(flow.name), { modal: true, detail: 'It has no inputs to answer; the run uses your Gumloop credits.' }, 'Run');
  return choice === 'Run';
}

/** A file picked for an input: the file itself, and how it was shown (what is remembered and said). */
interface PickedFile {
  uri: vscode.Uri;
  shown: string;
}

interface Answers {
  /** Input name → the text typed, or the picked file as shown. */
  values: Record<string, string>;
  files: Map<string, PickedFile>;
}

/** One prompt per input, its description as the prompt, last values as defaults. undefined: cancelled. */
async function askInputs(flow: FlowChoice, declared: readonly FlowInput[], memory: InputMemory): Promise<Answers | undefined> {
  const answers: Answers = { values: {}, files: new Map() };
  for (const [index, input] of declared.entries()) {
    const title = `Run “${flow.name}” (${index + 1}/${declared.length})`;
    const remembered = rememberedValue(memory, flow.savedItemId, input.name);
    if (input.dataType === 'file') {
      const file = await pickWorkspaceFile(title, input, remembered);
      if (!file) return undefined;
      answers.files.set(input.name, file);
      answers.values[input.name] = file.shown;
    } else {
      const text = await askText(title, input, remembered);
      if (text === undefined) return undefined;
      answers.values[input.name] = text;
    }
  }
  return answers;
}

function askText(title: string, input: FlowInput, remembered: string | undefined): Promise<string | undefined> {
  return askValidated({ title, prompt: inputPrompt(input), value: remembered, ignoreFocusOut: true }, (text) => {
    const problem = validateInputValue(input, text);
    return problem ? { ok: false, reason: problem } : { ok: true, value: text };
  });
}

/**
 * A workspace file, shown relative to its folder (prefixed with the folder's name only in a
 * multi-root workspace), the remembered one first. The file is its URI, never rebuilt from the label.
 */
async function pickWorkspaceFile(title: string, input: FlowInput, remembered: string | undefined): Promise<PickedFile | undefined> {
  const uris = await vscode.workspace.findFiles('**/*', '**/{node_modules,.git}/**', 5000);
  const items = uris
    .map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri }))
    .sort((a, b) => Number(b.label === remembered) - Number(a.label === remembered) || a.label.localeCompare(b.label));
  if (items.length === 0) throw new GumloopError('invalid-input', `Input “${input.name}” needs a file from this workspace, and the workspace has none. Open a folder with the file.`);
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: inputPrompt(input), ignoreFocusOut: true, matchOnDescription: true });
  return picked && { uri: picked.uri, shown: picked.label };
}

/** Uploads the picked files; their uploaded names become the inputs' values. */
async function uploadFiles(services: Services, client: GumloopClient, declared: readonly FlowInput[], answers: Answers): Promise<PipelineInput[]> {
  const inputs: PipelineInput[] = [];
  for (const input of declared) {
    const file = answers.files.get(input.name);
    if (!file) {
      // An empty answer leaves the input to the value saved in the flow (see runs/runInputs).
      const value = answers.values[input.name];
      if (value) inputs.push({ name: input.name, value });
      continue;
    }
    const content = await readInputFile(input, file);
    const { fileName } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Uploading ${path.posix.basename(file.uri.path)} to Gumloop…` }, () =>
      uploadFile(client, uploadNameFor(file.uri.path), Buffer.from(content)),
    );
    services.log.info(`Uploaded ${file.shown} as “${fileName}” for input “${input.name}”`);
    inputs.push({ name: input.name, value: fileName });
  }
  return inputs;
}

/** The picked file's bytes; a file gone or unreadable since it was picked is said in words. */
async function readInputFile(input: FlowInput, file: PickedFile): Promise<Uint8Array> {
  try {
    return await vscode.workspace.fs.readFile(file.uri);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new GumloopError('invalid-input', unreadableInputFile(input.name, file.shown, typeof code === 'string' ? code : undefined), { cause: error });
  }
}

/** start_pipeline; at the plan's concurrency limit (429) the user may try again. undefined: gave up. */
async function startWithTryAgain(client: GumloopClient, flow: FlowChoice, inputs: PipelineInput[]): Promise<StartResult | undefined> {
  for (;;) {
    try {
      return await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Starting “${flow.name}”…` }, () =>
        startRun(client, flow.savedItemId, inputs, { checkRuns: 'the flow’s runs in the Flows view' }),
      );
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
    notDownloaded: true,
    state: 'QUEUED',
  });
}

/** When each flow last ran, as far as this editor knows: Recent Runs (runs started or downloaded here) and the Flows view. */
function lastRunTimes(services: Services, listener: RunFlowListener | undefined): Map<string, number> {
  const fromHistory = services.history.all().map((record) => ({ flowId: record.savedItemId, at: record.createdTs ? Date.parse(record.createdTs) : record.downloadedAt }));
  return latestPerFlow([...fromHistory, ...(listener?.runStarts() ?? [])]);
}

type Outcome = { kind: 'finished'; result: WatchResult } | { kind: 'stopped watching' } | { kind: 'stopping' };
type Watched = { kind: 'finished'; result: WatchResult } | { kind: 'failed'; error: unknown };

/**
 * One watch for the whole run; the progress notification only shows it. Cancel asks whether to
 * stop the run; dismissing that question means "never mind": a new notification shows the same watch.
 */
async function followRun(services: Services, client: GumloopClient, flow: FlowChoice, runId: string, listener: RunFlowListener | undefined): Promise<void> {
  const controller = new AbortController();
  // `trouble`: while polls fail, what Gumloop is doing (the watch has no limit and keeps trying).
  const shown: { phase: RunPhase; state: string; latest?: string; trouble?: string } = { phase: 'queued', state: 'QUEUED' };
  const started = Date.now();
  let report = (): void => undefined;
  let settled: Watched | undefined;
  const watched: Promise<Watched> = watchRun({
    runId,
    getRun: (id, options) => client.getRun(id, options),
    signal: controller.signal,
    onUpdate: (update) => {
      listener?.polled(runId, update.run);
      shown.trouble = undefined;
      shown.phase = update.phase;
      shown.state = update.run.state;
      for (const line of update.newLogLines) services.log.info(`[run ${runId}] ${plainLogLine(line)}`);
      shown.latest = update.run.log[update.run.log.length - 1] ?? shown.latest;
      if (update.changed) void services.history.update(runId, { state: update.run.state, createdTs: update.run.createdTs, finishedTs: update.run.finishedTs });
      report();
    },
    onTransientError: (error, now) => {
      shown.trouble = now.text;
      report();
      services.log.warn(`Watching run ${runId}: ${error.message} (${now.text})`);
    },
  }).then(
    (result): Watched => (settled = { kind: 'finished', result }),
    (error: unknown): Watched => (settled = { kind: 'failed', error }),
  );
  let outcome: Outcome | undefined;
  while (!outcome) {
    outcome = await vscode.window.withProgress<Outcome | undefined>({ location: vscode.ProgressLocation.Notification, title: `Gumloop: “${flow.name}”`, cancellable: true }, async (progress, token) => {
      report = () =>
        progress.report({
          message: shown.trouble
            ? `${progressMessage(shown.phase, shown.state, Date.now() - started, undefined)} · ${shown.trouble}; still trying`
            : progressMessage(shown.phase, shown.state, Date.now() - started, shown.latest),
        });
      // The stopwatch ticks between polls, which back off to 5 s while nothing changes.
      const ticker = setInterval(report, 1000);
      let onCancel: vscode.Disposable | undefined;
      try {
        report();
        const cancelled = new Promise<'cancel'>((resolve) => (onCancel = token.onCancellationRequested(() => resolve('cancel'))));
        const first = await Promise.race([watched, cancelled]);
        if (first !== 'cancel') return finishedOrThrow(first);
        const choice = await askStopRun(runId);
        // The run may have ended while the question was open: there is nothing left to stop.
        if (settled && choice !== 'watch-only') return finishedOrThrow(settled);
        if (choice === undefined) return undefined;
        controller.abort();
        return choice === 'stop' ? { kind: 'stopping' } : { kind: 'stopped watching' };
      } finally {
        clearInterval(ticker);
        report = () => undefined;
        onCancel?.dispose();
      }
    });
  }
  if (outcome.kind === 'stopped watching') {
    services.log.info(`Stopped watching run ${runId}; it keeps running in Gumloop, and Recent Runs keeps its state current.`);
    return;
  }
  if (outcome.kind === 'stopping') {
    await stopRun(services, client, flow, runId, listener);
    return;
  }
  await finished(services, flow, runId, outcome.result);
}

function finishedOrThrow(watched: Watched): Outcome {
  if (watched.kind === 'failed') throw watched.error;
  return watched;
}

/** Cancel: stop the run on Gumloop too, or only stop watching (the run goes on); dismissed: keep watching. */
async function askStopRun(runId: string): Promise<'stop' | 'watch-only' | undefined> {
  const stop = 'Stop the Run';
  const watchOnly = 'Only Stop Watching';
  const choice = await vscode.window.showWarningMessage(
    `Stop run ${runId} on Gumloop too, or only stop watching it?`,
    { modal: true, detail: 'Only stopping watching leaves the run going; Recent Runs keeps showing its state. Cancel keeps watching here.' },
    stop,
    watchOnly,
  );
  return choice === stop ? 'stop' : choice === watchOnly ? 'watch-only' : undefined;
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
  if (runPhase(result.run.state) !== 'terminated') {
    // It ended another way before the stop took effect: say how, as for any run.
    await finished(services, flow, runId, result);
    return;
  }
  // The stop the user asked for happened: information, not a failure.
  const { run } = result;
  await services.history.update(runId, { state: run.state, createdTs: run.createdTs, finishedTs: run.finishedTs });
  services.log.info(`Run ${runId} stopped on Gumloop as asked`);
  const choice = await vscode.window.showInformationMessage(stoppedMessage(flow.name, runId), 'Show Run Log');
  if (choice) await services.runLogs.show(runId, run.state, run.log);
}

async function finished(services: Services, flow: FlowChoice, runId: string, result: WatchResult): Promise<void> {
  const { run } = result;
  await services.history.update(runId, { state: run.state, createdTs: run.createdTs, finishedTs: run.finishedTs });
  const phase = runPhase(run.state);
  services.log.info(`Run ${runId} ended ${run.state} after ${Math.round(result.elapsedMs / 1000)} s`);
  if (phase !== 'done') {
    const choice = await vscode.window.showErrorMessage(failedMessage(flow.name, runId, phase, run.log[run.log.length - 1]), 'Show Run Log');
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
  // Show Outputs opens a read-only document and brings the message back, so Download stays one click away.
  for (;;) {
    const choice = await vscode.window.showInformationMessage(finishedMessage(flow.name, runId, fileNames.length), ...actions);
    if (choice === 'Download') await vscode.commands.executeCommand(Commands.downloadRunFiles, draft);
    if (choice !== 'Show Outputs') return;
    await services.runLogs.showOutputs(runId, flow.name, run.outputs);
    if (!fileNames.length) return;
  }
}
