// Typed access to the `gumloop.*` settings and VS Code's proxy settings.
import * as vscode from 'vscode';
import { Settings } from './constants';
import { DEFAULT_API_BASE_URL } from './gumloop/client';
import type { ConflictPolicy } from './archive/conflicts';
import { fallbackWarning, ignoredSettingWarning } from './ui/ignoredSetting';
import { validateBaseUrl } from './validation';

export type ConflictSetting = 'ask' | 'overwrite' | 'skip' | 'keepBoth';
export type NotifyWhenDone = 'always' | 'whenUnfocused' | 'never';

export interface GumloopSettings {
  userId?: string;
  projectId?: string;
  savedItemId?: string;
  baseUrl: string;
  downloadFolder: string;
  onConflict: ConflictSetting;
  maxRecentRuns: number;
  requestTimeoutSeconds: number;
  maxExtractSizeMB: number;
  proxyUrl?: string;
  proxyStrictSSL: boolean;
  /** Whether "your run is done" notifications show (views/runsStatus). */
  notifyWhenDone: NotifyWhenDone;
}

export function readSettings(scope?: vscode.ConfigurationScope): GumloopSettings {
  const config = vscode.workspace.getConfiguration(Settings.section, scope);
  const http = vscode.workspace.getConfiguration('http');
  const text = (key: string) => config.get<string>(key)?.trim() || undefined;
  return {
    userId: text(Settings.userId),
    projectId: text(Settings.projectId),
    savedItemId: text(Settings.savedItemId),
    baseUrl: text(Settings.baseUrl) ?? DEFAULT_API_BASE_URL,
    downloadFolder: config.get<string>(Settings.downloadFolder) ?? 'gumloop/${runId}',
    onConflict: config.get<ConflictSetting>(Settings.onConflict) ?? 'ask',
    maxRecentRuns: clamp(config.get<number>(Settings.maxRecentRuns) ?? 50, 1, 1000),
    requestTimeoutSeconds: clamp(config.get<number>(Settings.requestTimeoutSeconds) ?? 60, 5, 3600),
    maxExtractSizeMB: clamp(config.get<number>(Settings.maxExtractSize) ?? 4096, 1, 1024 * 1024),
    proxyUrl: http.get<string>('proxy')?.trim() || undefined,
    proxyStrictSSL: http.get<boolean>('proxyStrictSSL') ?? true,
    notifyWhenDone: notifyWhenDone(config.get<unknown>(Settings.notifyWhenDone)),
  };
}

export function conflictPolicy(setting: ConflictSetting): ConflictPolicy | 'ask' {
  return setting === 'keepBoth' ? 'keep-both' : setting;
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : min;
}

/** Says when a gumloop.baseUrl value the user set is not the one in effect (see ui/ignoredSetting). */
export function ignoredBaseUrlWarning(): string | undefined {
  const config = vscode.workspace.getConfiguration(Settings.section);
  const inspected = config.inspect<string>(Settings.baseUrl);
  if (!inspected) return undefined;
  const trimmed = (value: string | undefined) => value?.trim() || undefined;
  return ignoredSettingWarning(
    {
      key: `${Settings.section}.${Settings.baseUrl}`,
      effective: trimmed(config.get<string>(Settings.baseUrl)) ?? DEFAULT_API_BASE_URL,
      globalValue: trimmed(inspected.globalValue),
      workspaceValue: trimmed(inspected.workspaceValue),
      workspaceFolderValue: trimmed(inspected.workspaceFolderValue),
    },
    vscode.env.remoteName !== undefined,
  );
}

/** Warns (through `warn`) when gumloop.baseUrl silently falls back to the default (see ui/ignoredSetting). */
export function watchBaseUrlFallback(warn: (message: string) => void): vscode.Disposable {
  const key = `${Settings.section}.${Settings.baseUrl}`;
  let previous = readSettings().baseUrl;
  // Every change is looked at: a dropped machine value does not count as a change of this setting
  // (seen in code-server: affectsConfiguration(key) is false when an unrelated setting changes).
  return vscode.workspace.onDidChangeConfiguration(() => {
    const current = readSettings().baseUrl;
    const warning = fallbackWarning(key, previous, current, DEFAULT_API_BASE_URL, vscode.env.remoteName !== undefined);
    // A malformed value is said when it is set, not first as a failed request.
    const malformed = current !== previous ? baseUrlProblem(current) : undefined;
    previous = current;
    if (warning) warn(warning);
    if (malformed) warn(malformed);
  });
}

/** What is wrong with a gumloop.baseUrl value (it must be an absolute http: or https: URL), if anything. */
export function baseUrlProblem(baseUrl: string): string | undefined {
  const checked = validateBaseUrl(baseUrl);
  return checked.ok ? undefined : `${Settings.section}.${Settings.baseUrl} is wrong: ${checked.reason}. Requests fail until it is fixed.`;
}

/** An unknown value reads as the default, `always`. */
export function notifyWhenDone(value: unknown): NotifyWhenDone {
  return value === 'whenUnfocused' || value === 'never' ? value : 'always';
}
