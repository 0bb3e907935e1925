// The runs this window follows (remote/windowRuns), shown: a status bar item while any runs
// ("$(sync~spin) 2 Gumloop runs", a click lists them), a badge on the Flows view counting them, and
// when one ends a notification naming flow, run and outcome (gumloop.notifyWhenDone), unless
// someone else already says it (Run Flow's progress, Download When Done). No request of its own.
import * as vscode from 'vscode';
import { Commands } from '../constants';
import { readSettings } from '../config';
import { doneMessage, statusText, type RunEnd, type WindowRuns } from '../remote/windowRuns';
import type { Services } from '../services';

export class RunsStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('gumloop.runs', vscode.StatusBarAlignment.Left, 10);
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly services: Services,
    private readonly runs: WindowRuns,
    private readonly badged: vscode.TreeView<unknown>,
  ) {
    this.item.name = 'Gumloop Runs';
    this.item.command = Commands.showRunningRuns;
    this.disposables.push(
      this.item,
      runs.onDidChange(() => this.update()),
      runs.onDidEnd((end) => void this.ended(end)),
    );
    this.update();
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  private update(): void {
    const running = this.runs.running();
    const text = statusText(running);
    this.badged.badge = running.length ? { value: running.length, tooltip: running.length === 1 ? '1 Gumloop run running' : `${running.length} Gumloop runs running` } : undefined;
    if (!text) {
      this.item.hide();
      return;
    }
    this.item.text = text;
    this.item.tooltip = 'Gumloop runs this window started, watches or will download when done. Click to list them.';
    this.item.show();
  }

  private async ended(end: RunEnd): Promise<void> {
    if (end.voicedElsewhere) return;
    const setting = readSettings().notifyWhenDone;
    if (setting === 'never' || (setting === 'whenUnfocused' && vscode.window.state.focused)) return;
    const message = doneMessage(end);
    const actions = [...(message.files.length && end.phase === 'done' ? ['Download'] : []), 'Show Log', 'Run Again'];
    const show = message.kind === 'error' ? vscode.window.showErrorMessage : vscode.window.showInformationMessage;
    const choice = await show(message.text, ...actions);
    if (choice === 'Download') {
      // A gumloop.downloadRunFiles draft: the usual download (destination, conflicts, Recent Runs).
      await vscode.commands.executeCommand(Commands.downloadRunFiles, { runId: end.runId, fileNames: message.files, savedItemId: end.flowId, flowName: end.flowName });
    } else if (choice === 'Show Log') {
      await this.services.runLogs.show(end.runId, end.run.state, end.run.log);
    } else if (choice === 'Run Again') {
      await vscode.commands.executeCommand(Commands.runAgain, end.runId);
    }
  }
}
