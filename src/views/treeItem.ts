// A row's pure presentation (ui/*Presentation) copied onto a TreeItem: shared by the Flows and
// Agents trees. Tooltips are set on hover only (resolveTreeItem): formatting dates for every row
// would slow the first paint.
import * as vscode from 'vscode';
import type { NodePresentation } from '../ui/flowsPresentation';

export function treeItemOf(view: NodePresentation, command: vscode.Command | undefined): vscode.TreeItem {
  const item = new vscode.TreeItem(view.label, view.collapsible ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = view.id;
  item.description = view.description;
  item.contextValue = view.contextValue;
  item.iconPath = new vscode.ThemeIcon(view.icon.id, view.icon.color ? new vscode.ThemeColor(view.icon.color) : undefined);
  item.accessibilityInformation = { label: [view.label, view.description].filter(Boolean).join(', ') };
  if (command) item.command = command;
  return item;
}

export function withTooltip(item: vscode.TreeItem, view: NodePresentation): vscode.TreeItem {
  item.tooltip = new vscode.MarkdownString(view.tooltip());
  return item;
}
