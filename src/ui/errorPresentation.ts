// Maps any error to what the user sees: a message that says what to do, and the actions that
// help do it. Pure, so every mapping is unit-tested.
import { GumloopError, isGumloopError, redact } from '../errors';

export type ErrorAction = 'setApiKey' | 'setUserId' | 'openSettings' | 'showLogs' | 'retry';

export interface ErrorPresentation {
  /** undefined: say nothing (the user cancelled). */
  message?: string;
  severity: 'error' | 'warning';
  actions: ErrorAction[];
  /** The setting "Open Settings" shows (its full id), when the action is offered. */
  setting?: string;
}

export function presentError(error: unknown, secrets: readonly (string | undefined)[] = []): ErrorPresentation {
  if (isGumloopError(error, 'cancelled')) return { severity: 'warning', actions: [] };
  if (!(error instanceof GumloopError)) {
    const text = error instanceof Error ? error.message : String(error);
    return { message: redact(`Gumloop: something went wrong: ${text}`, secrets), severity: 'error', actions: ['showLogs'] };
  }
  const message = redact(error.message, secrets);
  const actions: ErrorAction[] = [];
  let severity: ErrorPresentation['severity'] = 'error';
  let setting: string | undefined;
  switch (error.code) {
    case 'unauthorized':
      actions.push('setApiKey');
      break;
    case 'forbidden':
      actions.push('setUserId');
      break;
    case 'network':
    case 'invalid-response':
      actions.push('retry', 'openSettings');
      setting = 'gumloop.baseUrl';
      break;
    case 'timeout':
      // The message says to raise the request timeout: Open Settings lands there.
      actions.push('retry', 'openSettings');
      setting = 'gumloop.requestTimeoutSeconds';
      break;
    case 'rate-limited':
    case 'server-error':
      actions.push('retry');
      break;
    case 'conflict':
    case 'missing-files':
    case 'invalid-input':
      severity = 'warning';
      break;
    case 'archive-limit':
      actions.push('openSettings');
      setting = 'gumloop.maxExtractSize';
      break;
    default:
      break;
  }
  // Try Again runs the whole command again: after a run started, that would start it twice.
  const offered = error.notRetryable ? actions.filter((action) => action !== 'retry') : actions;
  offered.push('showLogs');
  return setting ? { message, severity, actions: offered, setting } : { message, severity, actions: offered };
}

export const ACTION_LABELS: Record<ErrorAction, string> = {
  setApiKey: 'Set API Key',
  setUserId: 'Set User ID',
  openSettings: 'Open Settings',
  showLogs: 'Show Logs',
  retry: 'Try Again',
};
