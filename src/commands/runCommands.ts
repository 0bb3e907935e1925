// Commands on a run in the Recent Runs tree (hidden from the palette).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { GumloopError } from '../errors';
import type { RunNode } from '../views/recentRunsTree';
import { refreshRunState, type DownloadJob } from './downloadJob';
import type { Services } from './services';

function recordOf(services: Services, node: RunNode | undefined) {
  const record = node && services.history.get(node.runId);
  if (!record) throw new GumloopError('invalid-input', 'Pick a run in the Recent Runs view first.');
  return record;
}

export async function downloadAgain(services: Services, startJob: (job: DownloadJob) => Promise<void>, node?: RunNode): Promise<void> {
  const record = recordOf(services, node);
  const workspace = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(record.destination));
  const relative = workspace ? path.relative(workspace.uri.fsPath, record.destination).split(path.sep).join('/') : record.destination;
  await startJob({ runId: record.runId, fileNames: record.fileNames, savedItemId: record.savedItemId, destination: record.destination, displayDestination: relative });
}

export async function openRunFolder(services: Services, node?: RunNode): Promise<void> {
  const record = recordOf(services, node);
  await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(record.destination), { forceNewWindow: true });
}

export async function revealRunFolder(services: Services, node?: RunNode): Promise<void> {
  const record = recordOf(services, node);
  await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(record.destination));
}

export async function copyRunId(services: Services, node?: RunNode): Promise<void> {
  const record = recordOf(services, node);
  await vscode.env.clipboard.writeText(record.runId);
  vscode.window.setStatusBarMessage(`Copied run ID ${record.runId}`, 3000);
}

export async function removeRun(services: Services, node?: RunNode): Promise<void> {
  const record = recordOf(services, node);
  await services.history.remove(record.runId);
}

export async function clearHistory(services: Services): Promise<void> {
  if (services.history.all().length === 0) return;
  const confirm = await vscode.window.showWarningMessage('Clear the list of recent Gumloop runs?', { modal: true, detail: 'Downloaded files stay where they are.' }, 'Clear History');
  if (confirm === 'Clear History') await services.history.clear();
}

/** Refresh: re-reads each run's state from Gumloop (when a key is set) and redraws the tree. */
export async function refreshRuns(services: Services, redraw: () => void): Promise<void> {
  redraw();
  if (!(await services.credentials.getApiKey())) return;
  await vscode.window.withProgress({ location: { viewId: 'gumloop.recentRuns' } }, async () => {
    const runs = services.history.all().slice(0, 20);
    for (let i = 0; i < runs.length; i += 4) {
      await Promise.all(runs.slice(i, i + 4).map((run) => refreshRunState(services, run.runId)));
    }
  });
}

export async function openFile(uri?: vscode.Uri): Promise<void> {
  if (uri) await vscode.commands.executeCommand('vscode.open', uri);
}
