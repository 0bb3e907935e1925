// What the commands share; built once in activate().
import * as vscode from 'vscode';
import { readSettings, type GumloopSettings } from '../config';
import type { CredentialStore } from '../credentials';
import { GumloopError } from '../errors';
import { GumloopClient, credentialProblem } from '../gumloop/client';
import type { Credentials } from '../gumloop/types';
import type { Logger } from '../log';
import type { RunHistory } from '../runs/history';
import type { InFlightDownloads } from '../download/inFlight';

export interface Services {
  context: vscode.ExtensionContext;
  log: Logger;
  credentials: CredentialStore;
  history: RunHistory;
  inFlight: InFlightDownloads;
}

/** A client for the current key and settings, or an error that says what to set. */
export async function createClient(services: Services, settings: GumloopSettings = readSettings()): Promise<{ client: GumloopClient; credentials: Credentials }> {
  const apiKey = await services.credentials.getApiKey();
  const credentials: Credentials = { apiKey: apiKey ?? '', authMode: services.credentials.authMode(), userId: settings.userId, projectId: settings.projectId };
  const problem = credentialProblem(credentials);
  if (problem) {
    const code = apiKey ? 'forbidden' : 'unauthorized';
    throw new GumloopError(code, `${problem} ${apiKey ? 'Run “Gumloop: Set User ID”.' : 'Run “Gumloop: Set API Key”.'}`);
  }
  services.log.setSecrets([apiKey]);
  const version = services.context.extension.packageJSON.version as string;
  const client = new GumloopClient({
    credentials,
    baseUrl: settings.baseUrl,
    network: { proxyUrl: settings.proxyUrl, strictSSL: settings.proxyStrictSSL, requestTimeoutMs: settings.requestTimeoutSeconds * 1000 },
    userAgent: `gumloop-files-vscode/${version} vscode/${vscode.version}`,
    onRetry: (message) => services.log.warn(message),
  });
  return { client, credentials };
}
