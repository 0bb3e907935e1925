// Gumloop: Download Run Files — run ID, file names, folder; then the download job.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readSettings } from '../config';
import { Commands } from '../constants';
import { GumloopError } from '../errors';
import { resolveDestination } from '../ui/destination';
import type { DownloadJob } from './downloadJob';
import { pickBaseFolder, promptFileNames, promptRunId, requireFileScheme, savedItemIdFor, suggestFileNames } from './prompts';
import { createClient, type Services } from './services';

/** Prefilled answers (from a deep link or "Download Again"); missing ones are asked. */
export interface DownloadRequestDraft {
  runId?: string;
  fileNames?: string[];
  savedItemId?: string;
}

export async function downloadRunFiles(services: Services, startJob: (job: DownloadJob) => Promise<void>, draft: DownloadRequestDraft = {}): Promise<void> {
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
  await startJob({
    runId,
    fileNames,
    savedItemId: draft.savedItemId ?? savedItemIdFor(services, runId, base),
    destination: destination.value,
    displayDestination: relative && !relative.startsWith('..') ? relative.split(path.sep).join('/') : destination.value,
  });
}
