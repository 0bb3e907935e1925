// Runs one download with a cancellable progress notification, asks about conflicts, records the
// run in the history and offers what to do next. Shared by the palette command, "Download Again"
// and deep links.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConflictChoice, ConflictPolicy, ConflictResolver } from '../archive/conflicts';
import { formatBytes } from '../archive/limits';
import { notRequestedMessage } from '../archive/requested';
import { conflictPolicy, readSettings } from '../config';
import type { DownloadEvent, DownloadRunResult } from '../download/downloadRun';
import { downloadEngine } from '../download/lazyEngine';
import { GumloopError, cancelledError } from '../errors';
import { namesFound } from '../runs/history';
import { MAX_OUTPUT_FILES } from '../runs/outputs';
import { checkInsideFolder } from '../ui/destination';
import { downloadSummary } from '../ui/downloadSummary';
import { downloadText, extractText, retryText } from '../ui/progressText';
import { openFolderInNewWindow, revealInExplorer } from './reveal';
import { createClient, type Services } from '../services';

export interface DownloadJob {
  runId: string;
  fileNames: string[];
  savedItemId?: string;
  /** The flow's name, when the download started from the Flows view. */
  flowName?: string;
  /** Absolute folder to extract into. */
  destination: string;
  /** For messages: the destination as the user thinks of it (relative to the workspace). */
  displayDestination: string;
  /** Overrides gumloop.onConflict (the language-model tools: never a question, never a silent overwrite). */
  conflicts?: ConflictPolicy;
  /** No message and no opened file afterwards: the caller (a language-model tool) reports the result. */
  quiet?: boolean;
}

/** Downloads in progress: aborted when the extension deactivates; one per destination at a time. */
const running = new Map<string, AbortController>();

export function abortRunningJobs(): void {
  for (const controller of running.values()) controller.abort();
}

export async function runDownloadJob(services: Services, job: DownloadJob): Promise<DownloadRunResult | undefined> {
  const workspaceFolder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(job.destination));
  if (workspaceFolder) {
    const inside = await checkInsideFolder(job.destination, workspaceFolder.uri.fsPath);
    if (!inside.ok) throw new GumloopError('invalid-input', `${inside.reason}.`);
  }
  if (job.fileNames.length > MAX_OUTPUT_FILES && !(await confirmManyFiles(job))) return undefined;
  if (running.has(job.destination)) {
    void vscode.window.showInformationMessage(`A download into ${job.displayDestination} is already running. Wait for it to finish, or cancel it.`);
    return undefined;
  }
  const controller = new AbortController();
  running.set(job.destination, controller);
  try {
    return await runExclusive(services, job, controller);
  } finally {
    running.delete(job.destination);
  }
}

async function runExclusive(services: Services, job: DownloadJob, controller: AbortController): Promise<DownloadRunResult> {
  const settings = readSettings(vscode.Uri.file(job.destination));
  // Set once the progress notification exists: retries are said there as they happen.
  let sayRetry: ((text: string) => void) | undefined;
  const { client } = await createClient(services, settings, { onRetry: (_message, notice) => sayRetry?.(retryText(notice, notice.error.message)) });
  services.log.info(`Downloading ${job.fileNames.length} name(s) from run ${job.runId} into ${job.destination}`);
  const policy = conflictPolicy(settings.onConflict);
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Gumloop: run ${job.runId}`, cancellable: true },
      async (progress, token) => {
        const subscription = token.onCancellationRequested(() => controller.abort());
        sayRetry = (message) => progress.report({ message });
        try {
          const reporter = progressReporter(progress);
          return await downloadEngine().downloadRun({
            client,
            request: { runId: job.runId, fileNames: job.fileNames, savedItemId: job.savedItemId },
            destination: job.destination,
            onConflict: job.conflicts ?? (policy === 'ask' ? askOnConflict(job.displayDestination) : policy),
            limits: { maxTotalBytes: settings.maxExtractSizeMB * 1024 * 1024 },
            signal: controller.signal,
            onProgress: reporter,
            owner: DOWNLOAD_OWNER,
            inFlight: services.inFlight,
            onRecovery: (message) => reportRecovery(services, message),
          });
        } finally {
          sayRetry = undefined;
          subscription.dispose();
        }
      },
    );
    services.log.info(`Run ${job.runId}: wrote ${result.written.length}, replaced ${result.overwritten.length}, skipped ${result.skipped.length}, ${formatBytes(result.archiveBytes)} downloaded`);
    if (result.missing.length) services.log.warn(`Run ${job.runId} has none of: ${result.missing.join(', ')}`);
    if (result.notRequested.length) services.log.warn(`Run ${job.runId}: ${notRequestedMessage(result.notRequested)}`);
    await services.history.record({
      runId: job.runId,
      // What the run had: a missing name is said once (below), not asked for again by Download Again.
      fileNames: namesFound(job.fileNames, result.missing),
      files: result.written,
      destination: job.destination,
      savedItemId: job.savedItemId,
      // Download Again knows no flow name: keep the one recorded before.
      ...(job.flowName ? { flowName: job.flowName } : {}),
      downloadedAt: Date.now(),
    });
    void refreshRunState(services, job.runId);
    if (!job.quiet) void announce(job, result);
    return result;
  } finally {
    await client.close();
  }
}

/** Beyond the safety limit the user decides, knowing the number: never a silent cut. */
async function confirmManyFiles(job: DownloadJob): Promise<boolean> {
  const count = job.fileNames.length.toLocaleString('en-US');
  const downloadAll = `Download All ${count}`;
  const choice = await vscode.window.showWarningMessage(
    `Run ${job.runId} names ${count} files, more than the ${MAX_OUTPUT_FILES.toLocaleString('en-US')} one download takes without asking.`,
    { modal: true, detail: `Gumloop sends them as one archive into ${job.displayDestination}. To take fewer, cancel and use “Download Run Files” to pick them.` },
    downloadAll,
  );
  return choice === downloadAll;
}

/** How a VS Code download names itself in its lock, for a second download into the same folder. */
export const DOWNLOAD_OWNER = 'VS Code';

/** A download a killed window or CLI left was finished or undone: the log and a notification say which. */
export function reportRecovery(services: Services, message: string): void {
  services.log.info(message);
  void vscode.window.showInformationMessage(`Gumloop: ${message}`);
}

/** Share of the progress bar for the download; extraction fills the rest (a bar cannot go back). */
const DOWNLOAD_SHARE = 80;

/** Turns download and extraction events into notification text, with speed while downloading. */
function progressReporter(progress: vscode.Progress<{ message?: string; increment?: number }>): (event: DownloadEvent) => void {
  const started = Date.now();
  let lastReport = 0;
  let lastPhase: DownloadEvent['phase'] = 'download';
  let reported = 0;
  return (event) => {
    const now = Date.now();
    const finished = event.phase === 'extract' && event.filesDone === event.filesTotal;
    if (event.phase === lastPhase && now - lastReport < 150 && !finished) return;
    lastReport = now;
    lastPhase = event.phase;
    let message: string;
    let percent: number | undefined;
    if (event.phase === 'download') {
      message = downloadText(event.receivedBytes, event.totalBytes, now - started);
      percent = event.totalBytes ? (event.receivedBytes / event.totalBytes) * DOWNLOAD_SHARE : undefined;
    } else {
      message = extractText(event.filesDone, event.filesTotal);
      const done = event.bytesTotal ? event.bytesDone / event.bytesTotal : event.filesDone / Math.max(1, event.filesTotal);
      percent = DOWNLOAD_SHARE + done * (100 - DOWNLOAD_SHARE);
    }
    const increment = percent === undefined ? undefined : Math.max(0, percent - reported);
    if (percent !== undefined) reported = Math.max(reported, percent);
    progress.report({ message, increment });
  };
}

interface ConflictItem extends vscode.QuickPickItem {
  choice: ConflictChoice;
  forAll: boolean;
}

/** Asks per existing file; an "… All" answer applies to the rest of this download. */
export function askOnConflict(displayDestination: string): ConflictResolver {
  let remembered: ConflictChoice | undefined;
  return async (file) => {
    if (remembered) return remembered;
    const items: ConflictItem[] = [
      { label: '$(replace) Overwrite', description: 'replace the existing file', choice: 'overwrite', forAll: false },
      { label: '$(debug-step-over) Skip', description: 'keep the existing file', choice: 'skip', forAll: false },
      { label: '$(files) Keep Both', description: 'save the new file with a number added', choice: 'keep-both', forAll: false },
      { label: 'Overwrite All', description: 'for every existing file in this download', choice: 'overwrite', forAll: true },
      { label: 'Skip All', description: 'for every existing file in this download', choice: 'skip', forAll: true },
      { label: 'Keep Both for All', description: 'for every existing file in this download', choice: 'keep-both', forAll: true },
      { label: '$(close) Cancel Download', description: 'write nothing', choice: 'cancel', forAll: false },
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: `“${file}” already exists in ${displayDestination}`,
      placeHolder: 'What should happen to the existing file?',
      ignoreFocusOut: true,
    });
    if (!picked || picked.choice === 'cancel') throw cancelledError();
    if (picked.forAll) remembered = picked.choice;
    return picked.choice;
  };
}

const REVEAL = 'Reveal in Explorer';
const OPEN_IN_NEW_WINDOW = 'Open Folder in New Window';

/** Says what happened (see ui/downloadSummary); Reveal in Explorer first, a new window only if asked. */
async function announce(job: DownloadJob, result: DownloadRunResult): Promise<void> {
  const folder = vscode.Uri.file(job.destination);
  if (result.written.length === 1) {
    const file = vscode.Uri.file(path.join(job.destination, ...result.written[0].split('/')));
    await vscode.window.showTextDocument(file, { preview: false }).then(undefined, () => vscode.commands.executeCommand('vscode.open', file));
  }
  const summary = downloadSummary({ runId: job.runId, ...result, destinationLabel: job.displayDestination });
  const show = summary.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const choice = await show(summary.message, REVEAL, OPEN_IN_NEW_WINDOW);
  const first = result.written[0] ?? result.skipped[0];
  if (choice === REVEAL) await revealInExplorer(first ? vscode.Uri.file(path.join(job.destination, ...first.split('/'))) : folder, folder);
  if (choice === OPEN_IN_NEW_WINDOW) await openFolderInNewWindow(folder);
}

/** Best effort: fill in the run's state and times for the tree; a failure only goes to the log. */
export async function refreshRunState(services: Services, runId: string): Promise<void> {
  try {
    const { client } = await createClient(services);
    try {
      const info = await client.getRun(runId, { signal: AbortSignal.timeout(15_000) });
      await services.history.update(runId, { state: info.state, createdTs: info.createdTs, finishedTs: info.finishedTs });
    } finally {
      await client.close();
    }
  } catch (error) {
    services.log.warn(`Could not read the state of run ${runId}: ${(error as Error).message}`);
  }
}
