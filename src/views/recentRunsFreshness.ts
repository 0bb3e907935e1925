// Keeps Recent Runs true while it is on screen: relative times ("5 min ago") and *missing* markers
// are redrawn on a timer while the view is visible, and at once when a downloaded file or folder is
// deleted or created in the workspace.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunHistory } from '../runs/history';
import type { RecentRunsProvider, TreeNode } from './recentRunsTree';
import { redrawWhileVisible } from './redrawWhileVisible';

/** Relative times change by the minute; a redraw is a few file checks per visible row. */
const REDRAW_EVERY_MS = 30_000;
/** A folder deleted with its files arrives as many events: redraw once. */
const SETTLE_MS = 300;

export function keepRecentRunsFresh(view: vscode.TreeView<TreeNode>, provider: RecentRunsProvider, history: RunHistory): vscode.Disposable {
  let pending: NodeJS.Timeout | undefined;
  const onFileEvent = (uri: vscode.Uri) => {
    if (!view.visible || pending) return;
    const touched = history.all().some((run) => isInside(uri.fsPath, run.destination) || isInside(run.destination, uri.fsPath));
    if (!touched) return;
    pending = setTimeout(() => {
      pending = undefined;
      provider.refresh();
    }, SETTLE_MS);
  };
  // Changes to file contents do not matter here, only existence.
  const watcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
  return vscode.Disposable.from(
    watcher,
    watcher.onDidDelete(onFileEvent),
    watcher.onDidCreate(onFileEvent),
    redrawWhileVisible(view, REDRAW_EVERY_MS, () => provider.refresh()),
    { dispose: () => clearTimeout(pending) },
  );
}

function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
