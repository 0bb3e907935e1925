// "Show Run Log": a run's whole log as a read-only document (a virtual document, so there is
// nothing to save and nothing left behind), without the terminal colour codes Gumloop logs carry.
import * as vscode from 'vscode';
import { readableLogLine } from '../remote/runLog';

export const RUN_LOG_SCHEME = 'gumloop-run-log';

export class RunLogDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly logs = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.logs.get(uri.toString()) ?? 'This run log is no longer available. Look the run up again.';
  }

  async show(runId: string, state: string, log: readonly string[]): Promise<void> {
    const uri = vscode.Uri.from({ scheme: RUN_LOG_SCHEME, path: `/run ${runId}.log` });
    this.logs.set(uri.toString(), [`Run ${runId} · ${state}`, '', ...(log.length ? log.map(readableLogLine) : ['(the log is empty)'])].join('\n') + '\n');
    this.changed.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: false });
  }

  dispose(): void {
    this.changed.dispose();
    this.logs.clear();
  }
}
