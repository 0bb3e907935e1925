// The committed demo data: its well-known ids, and copying it somewhere a test may change it.

import { existsSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import * as path from 'node:path';

export const DEMO = {
  apiKey: 'demo-api-key-7f3a9c2e51b84d06',
  oauthToken: 'demo-oauth-token-4be1d27f',
  userId: 'demo-user',
  otherApiKey: 'other-api-key-0c55e8a1d2f34b77',
  otherUserId: 'other-user',
  projectId: 'demo-project',
  runs: {
    /** DONE: sales-report.csv, summary.json, invoice.pdf, chart.png; outputs has extra keys. */
    report: 'Q7kR2mXv9LpT',
    /** DONE: files in nested folders (reports/2026/q3/…, images/logo.png). */
    nested: 'N4fW8zHq1sBd',
    /** DONE: non-ASCII names (résumé.txt, データ.csv, Ελληνικά/σημειώσεις.md). */
    unicode: 'U1nIc0deX5yZ',
    /** DONE, owned by project demo-project: project-notes.md. */
    project: 'P9rojEct3AaC',
    /** FAILED, with a log saying why and one partial.csv. */
    failed: 'F2aiLed7KmNp',
    /** RUNNING: no finished_ts, no files yet. */
    running: 'R5unNing8QwE',
  },
} as const;

/**
 * The seed folder. Compiled code runs from out/test/emulator, the seed stays in
 * test/emulator/seed; the other candidates cover running from source or from the repo root.
 */
export function seedFolder(): string {
  const candidates = [
    path.join(__dirname, '../../../test/emulator/seed'),
    path.join(__dirname, 'seed'),
    path.join(process.cwd(), 'test/emulator/seed'),
  ];
  const found = candidates.find((candidate) => existsSync(path.join(candidate, 'accounts.json')));
  if (!found) throw new Error(`Cannot find the emulator seed folder; looked in:\n  ${candidates.join('\n  ')}`);
  return found;
}

/** Copies the seed into `toDir` (created if needed), ready to be an emulator's dataDir. */
export async function copySeed(toDir: string): Promise<void> {
  await cp(seedFolder(), toDir, { recursive: true });
}
