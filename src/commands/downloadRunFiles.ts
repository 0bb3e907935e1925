// Gumloop: Download Run Files — folder, run ID; then the run is looked up, file names asked, and the job run.
import * as vscode from 'vscode';
import { readSettings } from '../config';
import { Commands } from '../constants';
import { GumloopError } from '../errors';
import type { RunInfo } from '../gumloop/types';
import { destinationLabel, resolveDestination } from '../ui/destination';
import { parseFileNames, validateId, validateRunId } from '../validation';
import type { DownloadJob } from './downloadJob';
import { pickBaseFolder, promptFileNames, promptRunId, requireFileScheme, savedItemIdFor, suggestFileNames } from './prompts';
import { checkRunId, lookUpRun, readyToDownload } from './runLookup';
import { createClient, type Services } from '../services';

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

/** What is known once the run ID is: the rest is looked up and asked by downloadFromRun. */
export interface RunDownloadRequest {
  /** The folder whose settings apply, and that a relative gumloop.downloadFolder is resolved in. */
  base: vscode.Uri;
  runId: string;
  fileNames?: string[];
  savedItemId?: string;
  confirm?: boolean;
  /** Absolute folder (Download Again: where the files went before); else from gumloop.downloadFolder. */
  destination?: string;
  /** The flow's name (from the Flows view), shown in Recent Runs. */
  flowName?: string;
  /** The run as the run ID question found it a moment ago; used once (Try Again looks it up afresh). */
  lookedUp?: RunInfo;
  /** The question's lookup ran out of time: said once, with Try Again (which looks it up afresh). */
  lookupFailed?: GumloopError;
}

/**
 * Asks the folder and the run ID, then hands over to `continueWithRun` (downloadFromRun behind its
 * own error boundary, so Try Again or a fixed API key resumes from the run, not from the questions).
 */
export async function downloadRunFiles(services: Services, continueWithRun: (request: RunDownloadRequest) => Promise<void>, input: DownloadRequestDraft = {}): Promise<void> {
  const draft = checkedDraft(input ?? {});
  if (!(await services.credentials.getApiKey())) {
    const choice = await vscode.window.showWarningMessage('Set your Gumloop API key before downloading run files.', 'Set API Key');
    if (choice) await vscode.commands.executeCommand(Commands.setApiKey);
    if (!(await services.credentials.getApiKey())) return;
  }
  const base = await pickBaseFolder();
  if (!base) return;
  requireFileScheme(base);

  const chosen = draft.runId ? { runId: draft.runId } : await promptRunId(services, (runId, signal) => checkRunId(services, base, runId, signal));
  if (!chosen) return;
  await continueWithRun({ base, runId: chosen.runId, lookedUp: chosen.run, lookupFailed: chosen.lookupFailed, fileNames: draft.fileNames, savedItemId: draft.savedItemId, confirm: draft.confirm, flowName: draft.flowName });
}

/** Looks the run up (unknown / running / failed are dealt with first), asks for names, then downloads. */
export async function downloadFromRun(services: Services, startJob: (job: DownloadJob) => Promise<void>, request: RunDownloadRequest): Promise<void> {
  const { base, runId } = request;
  const lookupFailed = request.lookupFailed;
  request.lookupFailed = undefined;
  if (lookupFailed) throw lookupFailed;
  const settings = readSettings(base);
  const { client, credentials } = await createClient(services, settings);
  let fileNames = request.fileNames;
  try {
    const lookedUp = request.lookedUp;
    request.lookedUp = undefined;
    const run = await readyToDownload(services, runId, lookedUp ?? (await lookUpRun(client, credentials, runId)));
    if (!run) return;
    fileNames ??= await promptFileNames(services, runId, suggestFileNames(services, runId, run.outputs));
    if (!fileNames) return;
  } finally {
    await client.close();
  }

  let destination = request.destination;
  if (!destination) {
    const resolved = resolveDestination(settings.downloadFolder, runId, base.fsPath);
    if (!resolved.ok) throw new GumloopError('invalid-input', resolved.reason);
    destination = resolved.value;
  }
  const workspaceFolder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(destination));
  const job: DownloadJob = {
    runId,
    fileNames,
    savedItemId: request.savedItemId ?? savedItemIdFor(services, runId, base),
    flowName: request.flowName,
    destination,
    displayDestination: destinationLabel(destination, workspaceFolder?.uri.fsPath),
  };
  if (request.confirm) {
    const where = workspaceFolder ? `${job.displayDestination} in workspace folder “${workspaceFolder.name}”` : job.destination;
    const answer = await vscode.window.showWarningMessage(
      `A link asks to download ${fileNames.length} file${fileNames.length === 1 ? '' : 's'} from Gumloop run ${runId} into ${where}.`,
      { modal: true, detail: `Files: ${fileNames.join(', ')}${job.savedItemId ? `\nSaved item: ${job.savedItemId}` : ''}\n\nOnly continue if you opened this link yourself.` },
      'Download',
    );
    if (answer !== 'Download') return;
  }
  await startJob(job);
}
