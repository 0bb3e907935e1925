// Recent Runs' runs that are shown as running stay current until they end (remote/historyFollower),
// subscribed to the run monitor, active only while the view is on screen and the window focused.
import * as vscode from 'vscode';
import { Settings } from '../constants';
import type { Logger } from '../log';
import type { FlowsApi } from '../remote/flowsApi';
import { HistoryFollower } from '../remote/historyFollower';
import type { RunMonitor } from '../remote/runMonitor';
import { realClock } from '../remote/runWatcher';
import type { RunHistory } from '../runs/history';

export class RecentRunsFollow implements vscode.Disposable {
  readonly follower: HistoryFollower;
  private readonly events: vscode.Disposable[];

  /** `keyChanged`: a new key; with a change of Gumloop's settings (user, project, server) runs given up on are asked about again. */
  constructor(view: vscode.TreeView<unknown>, history: RunHistory, api: FlowsApi, monitor: RunMonitor, log: Logger, keyChanged: vscode.Event<unknown>) {
    this.follower = new HistoryFollower({
      history,
      clock: realClock,
      monitor,
      getRun: (runId, options) => api.getRun(runId, options),
      isActive: () => view.visible && vscode.window.state.focused,
      log: (message) => log.info(message),
    });
    this.events = [
      view.onDidChangeVisibility(() => this.follower.activityChanged()),
      vscode.window.onDidChangeWindowState(() => this.follower.activityChanged()),
      keyChanged(() => this.follower.retryGivenUp()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(Settings.section)) this.follower.retryGivenUp();
      }),
    ];
  }

  dispose(): void {
    for (const event of this.events) event.dispose();
    this.follower.dispose();
  }
}
