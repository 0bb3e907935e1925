// The API keys and projects the emulator knows, read from dataDir/accounts.json per request.

import { readFile } from 'node:fs/promises';
import * as path from 'node:path';

export type ApiKeyKind = 'personal' | 'oauth';

export interface ApiKeyRecord {
  key: string;
  userId: string;
  /** A personal key must come with `x-auth-key: <userId>`; an OAuth access token need not. */
  kind: ApiKeyKind;
}

export interface ProjectRecord {
  projectId: string;
  members: string[];
}

export interface Accounts {
  apiKeys: ApiKeyRecord[];
  projects: ProjectRecord[];
}

export function accountsFile(dataDir: string): string {
  return path.join(dataDir, 'accounts.json');
}

export async function readAccounts(dataDir: string): Promise<Accounts> {
  const file = accountsFile(dataDir);
  let parsed: Partial<Accounts>;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<Accounts>;
  } catch (cause) {
    // A plain Error becomes a 500 whose text says what to fix in the data folder.
    throw new Error(`Emulator data folder has no readable accounts.json (${(cause as Error).message})`, { cause });
  }
  return { apiKeys: parsed.apiKeys ?? [], projects: parsed.projects ?? [] };
}
