// Commands on a run or a file in the Recent Runs tree (hidden from the palette).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands, ContextKeys } from '../constants';
import { GumloopError } from '../errors';
import type { FileNode, RunNode } from '../views/recentRunsTree';
import { presentFile } from '../ui/runPresentation';
import { refreshRunState } from './downloadJob';
import type { DownloadRequestDraft, RunDownloadRequest } from './downloadRunFiles';
import { openFolderInNewWindow, revealInExplorer } from './reveal';
import type { Services } from '../services';

function recordOf(services: Services, node: RunNode | FileNode | undefined) {
  const record = node && services.history.get(node.runId);
  if (!record) throw new GumloopError('invalid-input', 'Pick a run in the Recent Runs view first.');
  return record;
}

/** The same names into the same folder; the run is looked up again first (it may have failed since). */
export async function downloadAgain(services: Services, continueWithRun: (request: RunDownloadRequest) => Promise<void>, node?: RunNode | FileNode): Promise<void> {
  const record = recordOf(services, node);
  const destination = vscode.Uri.file(record.destination);
  const base = vscode.workspace.getWorkspaceFolder(destination)?.uri ?? destination;
  await continueWithRun({ base, runId: record.runId, fileNames: record.fileNames.length ? record.fileNames : undefined, savedItemId: record.savedItemId, destination: record.destination });
}

/** Download on a run Run Flow started and nobody downloaded: what its notification's Download does (names from its outputs). */
export async function downloadRun(services: Services, node?: RunNode): Promise<void> {
  const record = recordOf(services, node);
  const draft: DownloadRequestDraft = { runId: record.runId, fileNames: record.fileNames.length ? record.fileNames : undefined, savedItemId: record.savedItemId, flowName: record.flowName };
  await vscode.commands.executeCommand(Commands.downloadRunFiles, draft);
}

export async function openRunFolder(services: Services, node?: RunNode): Promise<void> {
  await openFolderInNewWindow(vscode.Uri.file(recordOf(services, node).destination));
}

export async function revealRunFolder(services: Services, node?: RunNode): Promise<void> {
  const folder = vscode.Uri.file(recordOf(services, node).destination);
  await revealInExplorer(folder);
}

export async function copyRunId(services: Services, node?: RunNode): Promise<void> {
  const record = recordOf(services, node);
  await vscode.env.clipboard.writeText(record.runId);
  vscode.window.setStatusBarMessage(`Copied run ID ${record.runId}`, 3000);
}

/** Removes the run from the list (never its files), with Undo. */
export async function removeRun(services: Services, node?: RunNode): Promise<void> {
  const record = recordOf(services, node);
  const index = services.history.all().indexOf(record);
  await services.history.remove(record.runId);
  const choice = await vscode.window.showInformationMessage(`Removed run ${record.runId} from Recent Runs; its files were not touched.`, 'Undo');
  if (choice === 'Undo') await services.history.restore(record, index);
}

export async function clearHistory(services: Services): Promise<void> {
  const before = [...services.history.all()];
  if (before.length === 0) return;
  const confirm = await vscode.window.showWarningMessage('Clear the list of recent Gumloop runs?', { modal: true, detail: 'Downloaded files stay where they are.' }, 'Clear History');
  if (confirm !== 'Clear History') return;
  await services.history.clear();
  // The empty view says so too, instead of "No runs downloaded yet" while the files are there.
  await vscode.commands.executeCommand('setContext', ContextKeys.historyCleared, true);
  const choice = await vscode.window.showInformationMessage('History cleared; your files were not touched.', 'Undo');
  if (choice !== 'Undo') return;
  for (const [index, record] of before.entries()) await services.history.restore(record, index);
}

/** Refresh: re-reads each run's state from Gumloop (when a key is set) and redraws the tree. */
export async function refreshRuns(services: Services, redraw: () => void): Promise<void> {
  redraw();
  if (!(await services.credentials.getApiKey())) return;
  await vscode.window.withProgress({ location: { viewId: 'gumloop.recentRuns' } }, async () => {
    const runs = services.history.all().filter((run) => run.kind !== 'artifacts').slice(0, 20);
    for (let i = 0; i < runs.length; i += 4) {
      await Promise.all(runs.slice(i, i + 4).map((run) => refreshRunState(services, run.runId)));
    }
  });
}

/** A file row: from its click (a Uri) or its context menu (the node). */
function fileUri(services: Services, target: vscode.Uri | FileNode | undefined): vscode.Uri {
  if (target instanceof vscode.Uri) return target;
  if (target?.kind === 'file') return vscode.Uri.file(presentFile(recordOf(services, target), target.file, true).absolutePath);
  throw new GumloopError('invalid-input', 'Pick a file in the Recent Runs view first.');
}

export async function openFile(services: Services, target?: vscode.Uri | FileNode): Promise<void> {
  await vscode.commands.executeCommand('vscode.open', fileUri(services, target));
}

export async function openFileToSide(services: Services, target?: FileNode): Promise<void> {
  await vscode.commands.executeCommand('vscode.open', fileUri(services, target), { viewColumn: vscode.ViewColumn.Beside, preview: false });
}

export async function revealFile(services: Services, target?: FileNode): Promise<void> {
  const file = fileUri(services, target);
  await revealInExplorer(file, vscode.Uri.file(path.dirname(file.fsPath)));
}

export async function copyFilePath(services: Services, target?: FileNode): Promise<void> {
  const file = fileUri(services, target);
  await vscode.env.clipboard.writeText(file.fsPath);
  vscode.window.setStatusBarMessage(`Copied ${file.fsPath}`, 3000);
}

/** A click on a file that was moved or deleted since: offer to download the run again. */
export async function missingFile(services: Services, continueWithRun: (request: RunDownloadRequest) => Promise<void>, node?: FileNode): Promise<void> {
  const record = recordOf(services, node);
  const name = node ? path.posix.basename(node.file) : '';
  const choice = await vscode.window.showWarningMessage(`“${name}” was moved or deleted since run ${record.runId} was downloaded.`, 'Download Again');
  if (choice === 'Download Again') await downloadAgain(services, continueWithRun, node);
}
