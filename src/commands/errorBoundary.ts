// The one error boundary every command runs behind: log the cause, show a message that says
// what to do, with actions that do it.
import * as vscode from 'vscode';
import { Commands, EXTENSION_ID } from '../constants';
import type { Logger } from '../log';
import { ACTION_LABELS, presentError, type ErrorAction } from '../ui/errorPresentation';

const ACTION_COMMANDS: Record<Exclude<ErrorAction, 'retry' | 'openSettings'>, string> = {
  setApiKey: Commands.setApiKey,
  setUserId: Commands.setUserId,
  showLogs: Commands.showLogs,
};

export function withErrorBoundary<A extends unknown[]>(
  commandId: string,
  handler: (...args: A) => Promise<unknown>,
  log: Logger,
  secrets: () => Promise<(string | undefined)[]>,
): (...args: A) => Promise<void> {
  const run = async (...args: A): Promise<void> => {
    try {
      await handler(...args);
    } catch (error) {
      log.error(`${commandId} failed`, error);
      const view = presentError(error, await secrets().catch(() => []));
      if (!view.message) return;
      const labels = view.actions.map((action) => ACTION_LABELS[action]);
      const show = view.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
      const picked = await show(view.message, ...labels);
      const action = view.actions[labels.indexOf(picked ?? '')];
      if (action === 'retry') return run(...args);
      if (action === 'openSettings') await vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${EXTENSION_ID}`);
      else if (action) await vscode.commands.executeCommand(ACTION_COMMANDS[action]);
    }
  };
  return run;
}
