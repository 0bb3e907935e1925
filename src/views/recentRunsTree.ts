// The Recent Runs tree: runs from the history, their downloaded files as children. Nodes keep
// their identity per run so a change to one run refreshes that node only.
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { Commands, ContextKeys } from '../constants';
import type { RunHistory, RunRecord } from '../runs/history';
import { presentFile, presentRun } from '../ui/runPresentation';

export type RunNode = { kind: 'run'; runId: string };
export type FileNode = { kind: 'file'; runId: string; file: string };
export type TreeNode = RunNode | FileNode;

export class RecentRunsProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly nodes = new Map<string, RunNode>();
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly history: RunHistory,
    private readonly now: () => number = Date.now,
  ) {
    this.subscription = history.onDidChange(({ runId }) => {
      const node = runId === undefined ? undefined : this.nodes.get(runId);
      this.changed.fire(node);
      if (runId === undefined) void this.updateContext();
    });
    void this.updateContext();
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) {
      const live = new Set<string>();
      const runs = this.history.all().map((record) => {
        live.add(record.runId);
        let runNode = this.nodes.get(record.runId);
        if (!runNode) this.nodes.set(record.runId, (runNode = { kind: 'run', runId: record.runId }));
        return runNode;
      });
      for (const runId of this.nodes.keys()) if (!live.has(runId)) this.nodes.delete(runId);
      return runs;
    }
    if (node.kind === 'file') return [];
    const record = this.history.get(node.runId);
    return (record?.files ?? []).map((file) => ({ kind: 'file', runId: node.runId, file }));
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.kind === 'file' ? this.nodes.get(node.runId) : undefined;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const record = this.history.get(node.runId);
    if (!record) return new vscode.TreeItem(node.runId);
    return node.kind === 'run' ? runItem(record, this.now()) : fileItem(record, node);
  }

  /** The Markdown tooltip is built on hover: for every row up front it was most of the tree's cost. */
  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    const record = this.history.get(node.runId);
    if (node.kind === 'run' && record) item.tooltip = new vscode.MarkdownString(presentRun(record, this.now(), fs.existsSync(record.destination)).tooltip());
    return item;
  }

  private async updateContext(): Promise<void> {
    await vscode.commands.executeCommand('setContext', ContextKeys.hasRuns, this.history.all().length > 0);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function runItem(record: RunRecord, now: number): vscode.TreeItem {
  const view = presentRun(record, now, fs.existsSync(record.destination));
  const item = new vscode.TreeItem(view.label, record.files.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = view.id;
  item.description = view.description;
  item.contextValue = view.contextValue;
  item.iconPath = new vscode.ThemeIcon(view.icon.id, view.icon.color ? new vscode.ThemeColor(view.icon.color) : undefined);
  item.accessibilityInformation = { label: `Run ${record.runId}, ${view.description}` };
  return item;
}

function fileItem(record: RunRecord, node: FileNode): vscode.TreeItem {
  const absolute = presentFile(record, node.file, true).absolutePath;
  const view = presentFile(record, node.file, fs.existsSync(absolute));
  const item = new vscode.TreeItem(view.label, vscode.TreeItemCollapsibleState.None);
  item.id = view.id;
  item.description = view.description;
  item.tooltip = view.tooltip;
  item.contextValue = view.contextValue;
  if (view.exists) {
    item.resourceUri = vscode.Uri.file(view.absolutePath);
    item.command = { command: Commands.openFile, title: 'Open File', arguments: [vscode.Uri.file(view.absolutePath)] };
  } else {
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    item.command = { command: Commands.missingFile, title: 'Download Again', arguments: [node] };
  }
  return item;
}
