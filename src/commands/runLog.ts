// "Show Run Log" and "Show Outputs": a run's whole log, or its outputs, as a read-only document (a
// virtual document, so there is nothing to save and nothing left behind), in words people read.
// The log of a queued or running run follows it: while its tab is open the run is polled (at the
// Flows view's pace, through its request budget) and the document redrawn, until the run ends.
import * as vscode from 'vscode';
import type { RunInfo } from '../gumloop/types';
import { outputsDocument, runLogText, type KnownRun } from '../remote/runLog';
import { isFinished } from '../remote/runState';

export const RUN_LOG_SCHEME = 'gumloop-run-log';
/** Its own language, so the document wraps (package.json: configurationDefaults) without wrapping every .log file. */
export const RUN_LOG_LANGUAGE = 'gumloop-run-log';

/** Polls a run until it ends or `signal` aborts, each poll once `ready()` resolves. */
export type RunFollower = (known: KnownRun, options: { signal: AbortSignal; ready(): Promise<void>; onUpdate(run: RunInfo): void }) => Promise<void>;

export class RunLogDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly logs = new Map<string, string>();
  /** Documents whose run is being followed, by URI. */
  private readonly following = new Map<string, AbortController>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly follow: RunFollower,
    private readonly log: (message: string) => void,
  ) {
    this.disposables.push(
      this.changed,
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
    const controller = new AbortController();
    this.following.set(key, controller);
    const onUpdate = (run: RunInfo) => {
      const text = runLogText(runId, run.state, run.log);
      if (controller.signal.aborted || this.logs.get(key) === text) return;
      this.logs.set(key, text);
      this.changed.fire(uri);
    };
    this.follow(known, { signal: controller.signal, ready: () => whenVisible(key, controller.signal), onUpdate })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) this.log(`Run log of ${runId}: stopped following the run (${error instanceof Error ? error.message : String(error)})`);
      })
      .finally(() => {
        if (this.following.get(key) === controller) this.following.delete(key);
      });
  }

  private stopFollowing(key: string): void {
    this.following.get(key)?.abort();
    this.following.delete(key);
  }
}

function isInATab(key: string): boolean {
  return vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === key));
}

function isVisible(key: string): boolean {
  return vscode.window.visibleTextEditors.some((editor) => editor.document.uri.toString() === key);
}

/** Resolves when the document is on screen: a log in a background tab costs no requests. */
function whenVisible(key: string, signal: AbortSignal): Promise<void> {
  if (isVisible(key)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = () => {
      listener.dispose();
      signal.removeEventListener('abort', aborted);
    };
    const aborted = () => {
      done();
      reject(signal.reason);
    };
    const listener = vscode.window.onDidChangeVisibleTextEditors(() => {
      if (!isVisible(key)) return;
      done();
      resolve();
    });
    signal.addEventListener('abort', aborted);
  });
}
