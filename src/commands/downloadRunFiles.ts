// Gumloop: Download Run Files — run ID, file names, folder; then the download job.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readSettings } from '../config';
import { Commands } from '../constants';
import { GumloopError } from '../errors';
import { resolveDestination } from '../ui/destination';
import { parseFileNames, validateId, validateRunId } from '../validation';
import type { DownloadJob } from './downloadJob';
import { pickBaseFolder, promptFileNames, promptRunId, requireFileScheme, savedItemIdFor, suggestFileNames } from './prompts';
import { createClient, type Services } from './services';

/** Prefilled answers (from a deep link or another extension); missing ones are asked. */
export interface DownloadRequestDraft {
  runId?: string;
  fileNames?: string[];
  savedItemId?: string;
  /** Came from outside (a link): show what will be written where, and ask before starting. */
  confirm?: boolean;
  /** The flow's name (from the Flows view), shown in Recent Runs. */
  flowName?: string;
}

/** A draft arrives from outside the extension: check it like typed input. */
function checkedDraft(draft: DownloadRequestDraft): DownloadRequestDraft {
  const checked: DownloadRequestDraft = { confirm: draft.confirm === true };
  if (typeof draft.flowName === 'string' && draft.flowName.trim()) checked.flowName = draft.flowName.trim().slice(0, 200);
  if (draft.runId !== undefined) {
    const runId = validateRunId(String(draft.runId));
    if (!runId.ok) throw new GumloopError('invalid-input', `${runId.reason}.`);
    checked.runId = runId.value;
  }
  if (draft.fileNames !== undefined) {
    const names = parseFileNames(Array.isArray(draft.fileNames) ? draft.fileNames.map(String).join(',') : '');
    if (!names.ok) throw new GumloopError('invalid-input', `${names.reason}.`);
    checked.fileNames = names.value;
  }
  if (draft.savedItemId !== undefined) {
    const saved = validateId(String(draft.savedItemId), 'saved item ID');
    if (!saved.ok) throw new GumloopError('invalid-input', `${saved.reason}.`);
    checked.savedItemId = saved.value;
  }
  return checked;
}

export async function downloadRunFiles(services: Services, startJob: (job: DownloadJob) => Promise<void>, input: DownloadRequestDraft = {}): Promise<void> {
  const draft = checkedDraft(input ?? {});
  if (!(await services.credentials.getApiKey())) {
    const choice = await vscode.window.showWarningMessage('Set your Gumloop API key before downloading run files.', 'Set API Key');
    if (choice) await vscode.commands.executeCommand(Commands.setApiKey);
    if (!(await services.credentials.getApiKey())) return;
  }
  const base = await pickBaseFolder();
  if (!base) return;
  requireFileScheme(base);

  const runId = draft.runId ?? (await promptRunId(services));
  if (!runId) return;

  let fileNames = draft.fileNames;
  if (!fileNames) {
    const settings = readSettings(base);
    const client = await createClient(services, settings).then((created) => created.client, () => undefined);
    try {
      const suggestions = await suggestFileNames(services, runId, client);
      fileNames = await promptFileNames(services, runId, suggestions);
    } finally {
      await client?.close();
    }
    if (!fileNames) return;
  }

  const settings = readSettings(base);
  const destination = resolveDestination(settings.downloadFolder, runId, base.fsPath);
  if (!destination.ok) throw new GumloopError('invalid-input', destination.reason);
  const relative = path.relative(base.fsPath, destination.value);
  const job: DownloadJob = {
    runId,
    fileNames,
    savedItemId: draft.savedItemId ?? savedItemIdFor(services, runId, base),
    flowName: draft.flowName,
    destination: destination.value,
    displayDestination: relative && !relative.startsWith('..') ? relative.split(path.sep).join('/') : destination.value,
  };
  if (draft.confirm) {
    const where = vscode.workspace.getWorkspaceFolder(base) ? `${job.displayDestination} in workspace folder “${vscode.workspace.getWorkspaceFolder(base)?.name}”` : job.destination;
    const answer = await vscode.window.showWarningMessage(
      `A link asks to download ${fileNames.length} file${fileNames.length === 1 ? '' : 's'} from Gumloop run ${runId} into ${where}.`,
      { modal: true, detail: `Files: ${fileNames.join(', ')}${job.savedItemId ? `\nSaved item: ${job.savedItemId}` : ''}\n\nOnly continue if you opened this link yourself.` },
      'Download',
    );
    if (answer !== 'Download') return;
  }
  await startJob(job);
}
