// "Show Run Log" and "Show Outputs": a run's whole log, or its outputs, as a read-only document (a
// virtual document, so there is nothing to save and nothing left behind), in words people read.
// The log of a queued or running run follows it: while its tab is open the document subscribes to
// the run monitor (at the views' pace, active only while the document is on screen and the window
// focused) and is redrawn on each answer, until the run ends.
import * as vscode from 'vscode';
import type { RunInfo } from '../gumloop/types';
import type { RunMonitor } from '../remote/runMonitor';
import { outputsDocument, runLogText, type KnownRun } from '../remote/runLog';
import { isFinished } from '../remote/runState';
import { VIEW_POLL_SCHEDULE } from '../remote/runWatcher';

export const RUN_LOG_SCHEME = 'gumloop-run-log';
/** Its own language, so the document wraps (package.json: configurationDefaults) without wrapping every .log file. */
export const RUN_LOG_LANGUAGE = 'gumloop-run-log';

export class RunLogDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly logs = new Map<string, string>();
  /** Documents whose run is being followed, by URI: their subscription to the run monitor. */
  private readonly following = new Map<string, { dispose(): void }>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly monitor: () => RunMonitor,
    private readonly log: (message: string) => void,
  ) {
    this.disposables.push(
      this.changed,
      // A log coming on screen (or leaving it) changes whether its run is wanted.
      vscode.window.onDidChangeVisibleTextEditors(() => this.following.size > 0 && this.monitor().activityChanged()),
      vscode.window.onDidChangeWindowState(() => this.following.size > 0 && this.monitor().activityChanged()),
      // A tab closed: stop following once no tab shows the document (a language change closes and reopens documents, tabs stay).
      vscode.window.tabGroups.onDidChangeTabs((event) => {
        if (event.closed.length > 0) for (const key of [...this.following.keys()]) if (!isInATab(key)) this.stopFollowing(key);
      }),
    );
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.logs.get(uri.toString()) ?? 'This run log is no longer available. Look the run up again.';
  }

  async show(runId: string, state: string, log: readonly string[]): Promise<void> {
    const uri = vscode.Uri.from({ scheme: RUN_LOG_SCHEME, path: `/run ${runId}.log` });
    const key = uri.toString();
    this.logs.set(key, runLogText(runId, state, log));
    this.changed.fire(uri);
    let document = await vscode.workspace.openTextDocument(uri);
    if (document.languageId !== RUN_LOG_LANGUAGE) document = await vscode.languages.setTextDocumentLanguage(document, RUN_LOG_LANGUAGE);
    await vscode.window.showTextDocument(document, { preview: false });
    if (!isFinished(state) && !this.following.has(key)) this.startFollowing(uri, { runId, state, log });
  }

  /** The outputs as JSON with comments (the file names first): read-only, nothing to save. */
  async showOutputs(runId: string, flowName: string, outputs: Record<string, unknown>): Promise<void> {
    const uri = vscode.Uri.from({ scheme: RUN_LOG_SCHEME, path: `/run ${runId} outputs.jsonc` });
    this.logs.set(uri.toString(), outputsDocument(runId, flowName, outputs));
    this.changed.fire(uri);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  }

  dispose(): void {
    for (const key of [...this.following.keys()]) this.stopFollowing(key);
    for (const disposable of this.disposables) disposable.dispose();
    this.logs.clear();
  }

  private startFollowing(uri: vscode.Uri, known: KnownRun): void {
    const key = uri.toString();
    const { runId } = known;
    // What the document shows stands for the first answer: the first request waits one interval.
    const shown: RunInfo = { userId: '', state: known.state, outputs: {}, log: [...known.log] };
    const subscription = this.monitor().watch(
      runId,
      {
        schedule: VIEW_POLL_SCHEDULE,
        // A log in a background tab costs no requests.
        active: () => isVisible(key) && vscode.window.state.focused,
        onUpdate: ({ run }) => {
          const text = runLogText(runId, run.state, run.log);
          if (this.following.get(key) !== subscription || this.logs.get(key) === text) return;
          this.logs.set(key, text);
          this.changed.fire(uri);
        },
        onEnd: (end) => {
          if (this.following.get(key) === subscription) this.following.delete(key);
          if ('error' in end) this.log(`Run log of ${runId}: stopped following the run (${end.error instanceof Error ? end.error.message : String(end.error)})`);
        },
      },
      shown,
    );
    this.following.set(key, subscription);
  }

  private stopFollowing(key: string): void {
    this.following.get(key)?.dispose();
    this.following.delete(key);
  }
}

function isInATab(key: string): boolean {
  return vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === key));
}

function isVisible(key: string): boolean {
  return vscode.window.visibleTextEditors.some((editor) => editor.document.uri.toString() === key);
}
