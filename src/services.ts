// What the commands and views share, and the client factory; built once in activate(). Below views
// and commands, so both can use it without an import running up the layers.
import * as vscode from 'vscode';
import { ignoredBaseUrlWarning, readSettings, type GumloopSettings } from './config';
import type { CredentialStore } from './credentials';
import { GumloopError } from './errors';
import { GumloopClient, credentialProblem, type GumloopApi } from './gumloop/client';
import type { Credentials } from './gumloop/types';
import type { Logger } from './log';
import type { RunHistory } from './runs/history';
import type { InFlightDownloads } from './download/inFlight';
import type { ArtifactCopies } from './runs/artifactCopies';
import type { RunMonitor } from './remote/runMonitor';
import type { WindowRuns } from './remote/windowRuns';

export interface Services {
  context: vscode.ExtensionContext;
  log: Logger;
  credentials: CredentialStore;
  history: RunHistory;
  inFlight: InFlightDownloads;
  /** Which agent artifacts were downloaded where, of which version (the Agents view's marks). */
  artifactCopies: ArtifactCopies;
  /** Read-only documents for Show Run Log (commands/runLog's RunLogDocuments). */
  runLogs: RunLogViewer;
  /** The one owner that polls runs: everyone who shows or waits for a run subscribes. */
  monitor: RunMonitor;
  /** The runs this window started, watches or marked Download When Done: status bar and done notifications. */
  windowRuns: WindowRuns;
}

export interface RunLogViewer {
  show(runId: string, state: string, log: readonly string[]): Promise<void>;
  showOutputs(runId: string, flowName: string, outputs: Record<string, unknown>): Promise<void>;
}

export interface ClientOptions {
  /** The agents API needs no user or project scope with an OAuth token (credentialProblem). */
  api?: GumloopApi;
  /** A retry is waiting: for the progress display (the log hears of it anyway). */
  onRetry?: (message: string, notice: { delayMs: number; attempt: number; attempts: number; error: Error }) => void;
}

/** Each ignored base-URL value is warned about once per session, not on every request. */
const warnedBaseUrl = new Set<string>();

/** A client for the current key and settings, or an error that says what to set. */
export async function createClient(services: Services, settings: GumloopSettings = readSettings(), options: ClientOptions = {}): Promise<{ client: GumloopClient; credentials: Credentials }> {
  const apiKey = await services.credentials.getApiKey();
  const credentials: Credentials = { apiKey: apiKey ?? '', authMode: services.credentials.authMode(), userId: settings.userId, projectId: settings.projectId };
  const problem = credentialProblem(credentials, options.api);
  if (problem) {
    const code = apiKey ? 'forbidden' : 'unauthorized';
    throw new GumloopError(code, `${problem} ${apiKey ? 'Run “Gumloop: Set User ID”.' : 'Run “Gumloop: Set API Key”.'}`);
  }
  services.log.setSecrets([apiKey]);
  services.log.debug(`Requests go to ${settings.baseUrl}`);
  const ignored = ignoredBaseUrlWarning();
  if (ignored && !warnedBaseUrl.has(ignored)) {
    warnedBaseUrl.add(ignored);
    services.log.warn(ignored);
  }
  const version = services.context.extension.packageJSON.version as string;
  const client = new GumloopClient({
    credentials,
    baseUrl: settings.baseUrl,
    network: { proxyUrl: settings.proxyUrl, strictSSL: settings.proxyStrictSSL, requestTimeoutMs: settings.requestTimeoutSeconds * 1000 },
    userAgent: `gumloop-files-vscode/${version} vscode/${vscode.version}`,
    onRetry: (message, notice) => {
      services.log.warn(message);
      options.onRetry?.(message, notice);
    },
  });
  return { client, credentials };
}
