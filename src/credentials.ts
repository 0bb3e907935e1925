// The API key lives only in VS Code's SecretStorage (encrypted, per machine; shared between
// windows, hence onDidChange). Whether it is a personal key or an OAuth token is not secret and
// sits in globalState.
import * as vscode from 'vscode';
import { ContextKeys, SecretKeys, StateKeys } from './constants';
import type { AuthMode } from './gumloop/types';

export class CredentialStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
  ) {
    this.subscription = secrets.onDidChange((event) => {
      if (event.key === SecretKeys.apiKey) void this.refreshContext().then(() => this.changed.fire());
    });
  }

  async getApiKey(): Promise<string | undefined> {
    return (await this.secrets.get(SecretKeys.apiKey)) || undefined;
  }

  authMode(): AuthMode {
    return this.state.get<AuthMode>(StateKeys.authMode) === 'oauth' ? 'oauth' : 'personal';
  }

  async store(apiKey: string, authMode: AuthMode): Promise<void> {
    await this.state.update(StateKeys.authMode, authMode);
    await this.secrets.store(SecretKeys.apiKey, apiKey);
    await this.refreshContext();
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SecretKeys.apiKey);
    await this.refreshContext();
  }

  /** Drives the welcome view ("Set API Key") through a context key. */
  async refreshContext(): Promise<boolean> {
    const hasKey = (await this.getApiKey()) !== undefined;
    await vscode.commands.executeCommand('setContext', ContextKeys.hasApiKey, hasKey);
    return hasKey;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
