// Gumloop: Set API Key / Clear API Key / Set User ID.
import * as vscode from 'vscode';
import { readSettings } from '../config';
import { Settings } from '../constants';
import type { AuthMode } from '../gumloop/types';
import { validateApiKey, validateId } from '../validation';
import type { Services } from './services';
import { askValidated } from './validatedInput';

interface ModeItem extends vscode.QuickPickItem {
  mode: AuthMode;
}

export async function setApiKey(services: Services): Promise<void> {
  const key = await askValidated(
    {
      title: 'Gumloop: Set API Key',
      prompt: 'Paste your Gumloop API key (Gumloop → Settings → API keys) or an OAuth 2.0 access token',
      password: true,
      ignoreFocusOut: true,
    },
    validateApiKey,
  );
  if (key === undefined) return;

  const mode = await vscode.window.showQuickPick<ModeItem>(
    [
      { label: 'Personal API key', detail: 'Sent with your user ID in the x-auth-key header', mode: 'personal' },
      { label: 'OAuth 2.0 access token', detail: 'Sent alone; no user ID header', mode: 'oauth' },
    ],
    { title: 'Gumloop: Set API Key', placeHolder: 'What kind of credential is this?', ignoreFocusOut: true },
  );
  if (!mode) return;

  if (mode.mode === 'personal' && !readSettings().userId) {
    const saved = await setUserId(services);
    if (!saved) return;
  }
  await services.credentials.store(key, mode.mode);
  services.log.setSecrets([key]);
  services.log.info(`API key stored in secret storage (${mode.mode === 'oauth' ? 'OAuth access token' : 'personal key'})`);
  void vscode.window.showInformationMessage('Gumloop API key saved in VS Code’s secret storage.');
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
export async function setUserId(services: Services): Promise<boolean> {
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
  return true;
}
