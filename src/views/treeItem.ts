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
  item.iconPath = themeIcon(view.icon.id, view.icon.color);
  item.accessibilityInformation = { label: [view.label, view.description].filter(Boolean).join(', ') };
  if (command) item.command = command;
  return item;
}

export function withTooltip(item: vscode.TreeItem, view: NodePresentation): vscode.TreeItem {
  item.tooltip = new vscode.MarkdownString(view.tooltip());
  return item;
}

/** Icons are immutable: one object per icon and colour, not one per row (1,000 rows, a handful of icons). */
const icons = new Map<string, vscode.ThemeIcon>();

function themeIcon(id: string, color: string | undefined): vscode.ThemeIcon {
  const key = `${id} ${color ?? ''}`;
  let icon = icons.get(key);
  if (!icon) icons.set(key, (icon = new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined)));
  return icon;
}
