// Commands of the Flows view: its title (refresh, filter, user/project scope) and its nodes (flows,
// runs, output files, error nodes). Downloads go through gumloop.downloadRunFiles, so they share the
// one download path, its questions and its Recent Runs record.
import * as vscode from 'vscode';
import { readSettings } from '../config';
import { Commands, Settings, StateKeys } from '../constants';
import { GumloopError } from '../errors';
import { destinationLabel, resolveDestination } from '../ui/destination';
import { cleanLine } from '../sanitize';
import { validateId } from '../validation';
import { whenDoneMessage } from '../views/downloadWhenDone';
import { gumloopFlowUrl, gumloopRunUrl, outputFiles } from '../ui/flowsPresentation';
import type { ErrorNode, FlowNode, FlowsTreeNode, OutputNode, RemoteRunNode, WhyNode } from '../views/flowsTree';
import type { FlowDownload, FlowsView } from '../views/flowsView';
import type { DownloadRequestDraft } from './downloadRunFiles';
import type { Services } from '../services';
import { askValidated } from './validatedInput';

type RunLike = RemoteRunNode | WhyNode | OutputNode;

function requireNode<T extends FlowsTreeNode>(node: FlowsTreeNode | undefined, kinds: T['kind'][], what: string): T {
  if (!node || !kinds.includes(node.kind as T['kind'])) throw new GumloopError('invalid-input', `Pick ${what} in the Flows view first.`);
  return node as T;
}

/** Starts gumloop.downloadRunFiles for a run of a flow; resolves when the download is over. */
export async function startFlowDownload(flows: FlowsView, request: FlowDownload): Promise<void> {
  const flowName = (request.flowId ? flows.store.flow(request.flowId)?.name : undefined) ?? request.flowName;
  const draft: DownloadRequestDraft = { runId: request.runId, fileNames: request.fileNames?.length ? request.fileNames : undefined, savedItemId: request.flowId, flowName };
  await vscode.commands.executeCommand(Commands.downloadRunFiles, draft);
}

export function flowCommandHandlers(services: Services, flows: FlowsView): Record<string, (...args: never[]) => Promise<unknown>> {
  return {
    [Commands.refreshFlows]: async () => flows.store.refreshAll(),
    [Commands.filterFlows]: () => filterFlows(flows),
    [Commands.clearFlowsFilter]: () => flows.setFilter(undefined),
    [Commands.showProjectFlows]: () => showProjectFlows(services),
    [Commands.showUserFlows]: () => showUserFlows(services),
    [Commands.refreshFlow]: async (node?: FlowNode) => flows.store.refreshFlow(requireNode<FlowNode>(node, ['flow'], 'a flow').flowId),
    [Commands.copyFlowId]: (node?: FlowNode) => copy(requireNode<FlowNode>(node, ['flow'], 'a flow').flowId, 'flow ID'),
    [Commands.openFlowInGumloop]: (node?: FlowNode) => openExternal(gumloopFlowUrl(requireNode<FlowNode>(node, ['flow'], 'a flow').flowId)),
    [Commands.copyFlowRunId]: (node?: RunLike) => copy(requireNode<RunLike>(node, ['run', 'why', 'output'], 'a run').runId, 'run ID'),
    [Commands.openRunInGumloop]: (node?: RunLike) => {
      const run = requireNode<RunLike>(node, ['run', 'why', 'output'], 'a run');
      return openExternal(gumloopRunUrl(run.runId, run.flowId));
    },
    [Commands.showRunLog]: (node?: RunLike) => showRunLog(services, flows, requireNode<RunLike>(node, ['run', 'why', 'output'], 'a run')),
    [Commands.downloadFlowRun]: (node?: RemoteRunNode) => downloadFlowRun(flows, requireNode<RemoteRunNode>(node, ['run'], 'a run')),
    [Commands.downloadWhenDone]: async (node?: RemoteRunNode) => {
      const run = requireNode<RemoteRunNode>(node, ['run'], 'a run');
      // Not awaited: the wait can take hours; the tree shows that it is armed, and a message says where the files will go.
      void flows.waiters.start(run.runId, run.flowId, flows.store.flow(run.flowId)?.name);
      void confirmDownloadWhenDone(flows, run.runId);
    },
    [Commands.cancelDownloadWhenDone]: async (node?: RemoteRunNode) => flows.waiters.cancel(requireNode<RemoteRunNode>(node, ['run'], 'a run').runId),
    [Commands.openRunOutput]: (node?: OutputNode) => openRunOutput(flows, requireNode<OutputNode>(node, ['output'], 'an output file')),
    [Commands.retryFlows]: async (node?: ErrorNode | { kind: 'connection' }) => retry(flows, node),
  };
}

async function filterFlows(flows: FlowsView): Promise<void> {
  const filter = await vscode.window.showInputBox({
    title: 'Gumloop: Filter Flows',
    prompt: 'Show only flows whose name contains this text (empty shows all)',
    value: flows.filter() ?? '',
  });
  if (filter !== undefined) await flows.setFilter(filter);
}

/** Project (team) scope: the Flows view and downloads use gumloop.projectId. */
async function showProjectFlows(services: Services): Promise<void> {
  const remembered = services.context.globalState.get<string>(StateKeys.lastProjectId);
  const projectId =
    remembered ??
    (await askValidated(
      { title: 'Gumloop: Show Project Flows', prompt: 'The Gumloop project (team) ID whose flows to show; downloads use it too', ignoreFocusOut: true },
      (text) => validateId(text, 'project ID'),
    ));
  if (!projectId) return;
  await vscode.workspace.getConfiguration(Settings.section).update(Settings.projectId, projectId, vscode.ConfigurationTarget.Global);
}

/** User scope: clears gumloop.projectId (remembered, so switching back needs no typing). */
async function showUserFlows(services: Services): Promise<void> {
  const config = vscode.workspace.getConfiguration(Settings.section);
  const projectId = readSettings().projectId;
  if (projectId) await services.context.globalState.update(StateKeys.lastProjectId, projectId);
  const inspected = config.inspect<string>(Settings.projectId);
  if (inspected?.workspaceValue) await config.update(Settings.projectId, undefined, vscode.ConfigurationTarget.Workspace);
  if (inspected?.globalValue) await config.update(Settings.projectId, undefined, vscode.ConfigurationTarget.Global);
}

/** Run ID and every output name pre-filled; the user may deselect names before it starts. */
async function downloadFlowRun(flows: FlowsView, node: RemoteRunNode): Promise<void> {
  await flows.store.loadRunDetails(node.runId);
  const details = flows.store.detailsState(node.runId);
  const names = details.status === 'loaded' ? outputFiles(details.value.outputs) : [];
  if (names.length === 0) {
    // Outputs unknown: the download command asks for the names (with its own suggestions).
    await startFlowDownload(flows, { runId: node.runId, flowId: node.flowId });
    return;
  }
  const picked = await vscode.window.showQuickPick(
    // Shown cleaned; asked for exactly as the run's outputs name them.
    names.map((name) => ({ label: cleanLine(name), picked: true, name })),
    { title: `Gumloop: Download Run Files (${node.runId})`, placeHolder: 'Files to download (all are selected; deselect what you do not need)', canPickMany: true, ignoreFocusOut: true },
  );
  if (!picked || picked.length === 0) return;
  await startFlowDownload(flows, { runId: node.runId, flowId: node.flowId, fileNames: picked.map((item) => item.name) });
}

/** Opens an output at once when it is already downloaded; otherwise downloads just it, then opens it. */
async function openRunOutput(flows: FlowsView, node: OutputNode): Promise<void> {
  let file = flows.downloadedPath(node.runId, node.name);
  if (!file) {
    await startFlowDownload(flows, { runId: node.runId, flowId: node.flowId, fileNames: [node.name] });
    file = flows.downloadedPath(node.runId, node.name);
    flows.tree.redrawRun(node.runId);
  }
  if (file) await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(file));
}

/** The whole log, read-only, through the same documents as Download Run Files' Show Run Log. */
async function showRunLog(services: Services, flows: FlowsView, node: RunLike): Promise<void> {
  await flows.store.loadRunDetails(node.runId);
  const details = flows.store.detailsState(node.runId);
  if (details.status === 'failed') throw details.error;
  if (details.status !== 'loaded') return;
  await services.runLogs.show(node.runId, details.value.state, details.value.log);
}

/** Says what will happen and where, with the way back; the row's mark alone is easy to miss. */
async function confirmDownloadWhenDone(flows: FlowsView, runId: string): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const base = folders.length === 1 ? folders[0].uri : undefined;
  const destination = base?.scheme === 'file' ? resolveDestination(readSettings(base).downloadFolder, runId, base.fsPath) : undefined;
  const where = destination?.ok && base ? destinationLabel(destination.value, base.fsPath) : undefined;
  const choice = await vscode.window.showInformationMessage(whenDoneMessage(runId, where), CANCEL_WHEN_DONE);
  if (choice === CANCEL_WHEN_DONE) flows.waiters.cancel(runId);
}

const CANCEL_WHEN_DONE = 'Cancel Download When Done';

function retry(flows: FlowsView, node: ErrorNode | { kind: 'connection' } | undefined): void {
  if (node?.kind === 'error' && node.runId) flows.store.refreshRun(node.runId);
  else if (node?.kind === 'error' && node.flowId) flows.store.refreshFlow(node.flowId);
  else flows.store.refreshAll();
}

async function copy(text: string, what: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`Copied ${what} ${text}`, 3000);
}

async function openExternal(url: string): Promise<void> {
  await vscode.env.openExternal(vscode.Uri.parse(url));
}
