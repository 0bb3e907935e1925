// "Open Settings" from an error: the Settings editor filtered to the one setting. gumloop.baseUrl is
// machine-scoped: in a Remote window (WSL, SSH, code-server) it is listed only on the Remote tab, so
// the User tab would show nothing.
import * as vscode from 'vscode';
import { EXTENSION_ID, Settings } from '../constants';

const MACHINE_SETTINGS = new Set([`${Settings.section}.${Settings.baseUrl}`]);

export async function openSetting(settingId: string | undefined): Promise<void> {
  if (!settingId) {
    await vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${EXTENSION_ID}`);
    return;
  }
  const query = `@id:${settingId}`;
  if (MACHINE_SETTINGS.has(settingId) && vscode.env.remoteName !== undefined) {
    await vscode.commands.executeCommand('workbench.action.openRemoteSettings', { query });
    return;
  }
  await vscode.commands.executeCommand('workbench.action.openSettings', query);
}
