// "Show Run Log" and "Show Outputs": a run's whole log, or its outputs, as a read-only document (a
// virtual document, so there is nothing to save and nothing left behind), in words people read.
import * as vscode from 'vscode';
import { outputsDocument, readableLogLine } from '../remote/runLog';

export const RUN_LOG_SCHEME = 'gumloop-run-log';

export class RunLogDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly logs = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.logs.get(uri.toString()) ?? 'This run log is no longer available. Look the run up again.';
  }

  async show(runId: string, state: string, log: readonly string[]): Promise<void> {
    await this.open(`/run ${runId}.log`, [`Run ${runId} · ${state}`, '', ...(log.length ? log.map(readableLogLine) : ['(the log is empty)'])].join('\n') + '\n');
  }

  async showOutputs(runId: string, flowName: string, outputs: Record<string, unknown>): Promise<void> {
    await this.open(`/run ${runId} outputs.jsonc`, outputsDocument(runId, flowName, outputs));
  }

  private async open(path: string, content: string): Promise<void> {
    const uri = vscode.Uri.from({ scheme: RUN_LOG_SCHEME, path });
    this.logs.set(uri.toString(), content);
    this.changed.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: false });
  }

  dispose(): void {
    this.changed.dispose();
    this.logs.clear();
  }
}
