// Gumloop: Set API Key / Clear API Key / Set User ID. Each says what it did; a new key is checked
// with one cheap request (see ui/keyCheck).
import * as vscode from 'vscode';
import { readSettings } from '../config';
import { Commands, Settings } from '../constants';
import { isGumloopError } from '../errors';
import type { AuthMode } from '../gumloop/types';
import { KEY_CHECK_RUN_ID, keyCheckLogLine, keyVerdict, type KeyVerdict } from '../ui/keyCheck';
import { validateApiKey, validateId } from '../validation';
import { createClient, type Services } from '../services';
import { askValidated } from './validatedInput';

interface ModeItem extends vscode.QuickPickItem {
  mode: AuthMode;
}

/** Stores a key; true when one was saved and Gumloop did not refuse it (so a failed download may resume). */
export async function setApiKey(services: Services): Promise<boolean> {
  const key = await askValidated(
    {
      title: 'Gumloop: Set API Key',
      prompt: 'Paste your Gumloop API key (Gumloop → Settings → API keys) or an OAuth 2.0 access token',
      password: true,
      ignoreFocusOut: true,
    },
    validateApiKey,
  );
  if (key === undefined) return false;

  const mode = await vscode.window.showQuickPick<ModeItem>(
    [
      { label: 'Personal API key', detail: 'Sent with your user ID in the x-auth-key header', mode: 'personal' },
      { label: 'OAuth 2.0 access token', detail: 'Sent alone; no user ID header', mode: 'oauth' },
    ],
    { title: 'Gumloop: Set API Key', placeHolder: 'What kind of credential is this?', ignoreFocusOut: true },
  );
  if (!mode) {
    void vscode.window.showInformationMessage('Gumloop API key not saved: choose what kind of credential it is to save it.');
    return false;
  }

  const needsUserId = mode.mode === 'personal' && !readSettings().userId;
  const userIdSaved = needsUserId ? await setUserId(services, { confirm: false }) : true;
  await services.credentials.store(key, mode.mode);
  services.log.setSecrets([key]);
  services.log.info(`API key stored in secret storage (${mode.mode === 'oauth' ? 'OAuth access token' : 'personal key'})`);
  if (!userIdSaved) {
    // The key was pasted with care: keep it, and say what is still missing.
    const choice = await vscode.window.showWarningMessage('Gumloop API key saved. A personal key also needs your user ID: set it before downloading.', 'Set User ID');
    if (choice) await vscode.commands.executeCommand(Commands.setUserId);
    return false;
  }
  const verdict = await checkStoredKey(services);
  tell(verdict, verdict.message);
  return verdict.kind !== 'rejected';
}

export async function clearApiKey(services: Services): Promise<void> {
  if (!(await services.credentials.getApiKey())) {
    void vscode.window.showInformationMessage('No Gumloop API key is stored.');
    return;
  }
  const confirm = await vscode.window.showWarningMessage('Remove the Gumloop API key from VS Code’s secret storage?', { modal: true, detail: 'Downloads will need a key again.' }, 'Remove Key');
  if (confirm !== 'Remove Key') return;
  await services.credentials.clear();
  services.log.info('API key removed from secret storage');
  void vscode.window.showInformationMessage('Gumloop API key removed.');
}

/** Asks for the user ID and saves it in the user settings. Returns false when dismissed. */
export async function setUserId(services: Services, options: { confirm: boolean } = { confirm: true }): Promise<boolean> {
  const id = await askValidated(
    {
      title: 'Gumloop: Set User ID',
      prompt: 'Your Gumloop user ID (Gumloop → Settings → Profile); a personal API key is sent with it',
      value: readSettings().userId,
      ignoreFocusOut: true,
    },
    (text) => validateId(text, 'user ID'),
  );
  if (id === undefined) return false;
  await vscode.workspace.getConfiguration(Settings.section).update(Settings.userId, id, vscode.ConfigurationTarget.Global);
  services.log.info(`User ID set to ${id}`);
  if (!options.confirm) return true;
  if (!(await services.credentials.getApiKey())) {
    void vscode.window.showInformationMessage(`Gumloop user ID set to “${id}”.`);
    return true;
  }
  const verdict = await checkStoredKey(services);
  const said = verdict.kind === 'accepted' ? `Gumloop user ID set to “${id}”; Gumloop accepts your API key for it.` : `Gumloop user ID set to “${id}”. About your API key: ${verdict.message.replace(/^Gumloop API key saved(, but)? /, '')}`;
  tell(verdict, said);
  return verdict.kind !== 'rejected';
}

/** One get_pl_run of a run that cannot exist, with the stored key and user ID (see ui/keyCheck). */
async function checkStoredKey(services: Services): Promise<KeyVerdict> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Checking the key with Gumloop…' }, async () => {
    let created;
    try {
      created = await createClient(services);
    } catch (error) {
      return { kind: 'unchecked', message: `Gumloop API key saved, but not checked: ${(error as Error).message}` } satisfies KeyVerdict;
    }
    try {
      await created.client.getJson('get_pl_run', { run_id: KEY_CHECK_RUN_ID }, { signal: AbortSignal.timeout(15_000), retry: { retries: 0 }, context: { runId: KEY_CHECK_RUN_ID } });
      services.log.info(keyCheckLogLine(undefined));
      return keyVerdict(undefined, created.credentials.userId);
    } catch (error) {
      const outcome = isGumloopError(error) ? { code: error.code, message: error.message } : { code: 'invalid-response' as const, message: String(error) };
      services.log.info(keyCheckLogLine(outcome));
      return keyVerdict(outcome, created.credentials.userId);
    } finally {
      await created.client.close();
    }
  });
}

function tell(verdict: KeyVerdict, message: string): void {
  if (verdict.kind !== 'rejected') {
    void vscode.window.showInformationMessage(message);
    return;
  }
  const label = verdict.fix === 'setApiKey' ? 'Set API Key' : 'Set User ID';
  // Not awaited as a whole: the caller's command finishes; the fix runs if chosen.
  void vscode.window.showWarningMessage(message, label).then((choice) => {
    if (choice) void vscode.commands.executeCommand(verdict.fix === 'setApiKey' ? Commands.setApiKey : Commands.setUserId);
  });
}
