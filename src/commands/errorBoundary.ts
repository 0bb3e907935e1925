// The one error boundary every command runs behind: log the cause, show a message that says
// what to do, with actions that do it. A fix (a new API key, a user ID) resumes what failed.
import * as vscode from 'vscode';
import { Commands } from '../constants';
import { isGumloopError } from '../errors';
import type { Logger } from '../log';
import { ACTION_LABELS, presentError } from '../ui/errorPresentation';
import { openSetting } from './openSetting';

/** Set API Key / Set User ID, answering whether something was saved (then the command runs again). */
export type Fixes = Record<'setApiKey' | 'setUserId', () => Promise<boolean>>;

export function withErrorBoundary<A extends unknown[]>(
  commandId: string,
  handler: (...args: A) => Promise<unknown>,
  log: Logger,
  secrets: () => Promise<(string | undefined)[]>,
  fixes: Fixes,
): (...args: A) => Promise<void> {
  const run = async (...args: A): Promise<void> => {
    try {
      await handler(...args);
    } catch (error) {
      // Cancelling is the user's choice, not a failure.
      if (isGumloopError(error, 'cancelled')) log.info(`${commandId} cancelled`);
      else log.error(`${commandId} failed`, error);
      const view = presentError(error, await secrets().catch(() => []));
      if (!view.message) return;
      const labels = view.actions.map((action) => ACTION_LABELS[action]);
      const show = view.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
      const picked = await show(view.message, ...labels);
      const action = view.actions[labels.indexOf(picked ?? '')];
      if (action === 'retry') return run(...args);
      if (action === 'openSettings') await openSetting(view.setting);
      else if (action === 'showLogs') await vscode.commands.executeCommand(Commands.showLogs);
      else if (action === 'setApiKey' || action === 'setUserId') {
        if (await fixes[action]().catch((fixError: unknown) => (log.error(`${ACTION_LABELS[action]} failed`, fixError), false))) {
          log.info(`${commandId}: resumed after ${ACTION_LABELS[action]}`);
          return run(...args);
        }
      }
    }
  };
  return run;
}
