// Reveal in Explorer that works in every window (see revealStrategy): the Explorer when the folder
// is in the workspace, else the folder opened here (empty window), the system file manager, or a
// new window.
import * as vscode from 'vscode';
import { revealStrategy } from '../ui/destination';

export async function revealInExplorer(target: vscode.Uri, folder: vscode.Uri = target): Promise<void> {
  const strategy = revealStrategy({
    insideWorkspace: vscode.workspace.getWorkspaceFolder(target) !== undefined,
    workspaceOpen: (vscode.workspace.workspaceFolders ?? []).length > 0,
    canRevealInOS: vscode.env.uiKind === vscode.UIKind.Desktop && vscode.env.remoteName === undefined,
  });
  switch (strategy) {
    case 'reveal-in-explorer':
      await vscode.commands.executeCommand('revealInExplorer', target);
      return;
    case 'reveal-in-os':
      await vscode.commands.executeCommand('revealFileInOS', target);
      return;
    case 'open-folder-here':
      await vscode.commands.executeCommand('vscode.openFolder', folder, { forceNewWindow: false });
      return;
    default:
      await openFolderInNewWindow(folder);
  }
}

export async function openFolderInNewWindow(folder: vscode.Uri): Promise<void> {
  await vscode.commands.executeCommand('vscode.openFolder', folder, { forceNewWindow: true });
}
