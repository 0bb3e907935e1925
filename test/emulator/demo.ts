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
    /** RUNNING for good (created 5 minutes before the emulator started): no finished_ts, no files. */
    running: 'R5unNing8QwE',
    /** QUEUED for good (created 45 s before the emulator started). */
    queued: 'Qu3uedRun4Hs',
    /** TERMINATED by its user after 41 s, no outputs. */
    terminated: 'TeRminAted6X',
    /** DONE, an older run of the sales flow: sales-report.csv. */
    olderReport: 'OlderSa1es3D',
    /** RUNNING, then DONE 60 s after the emulator started: sync-report.txt, row-counts.csv. */
    finishesSoon: 'FiNishS00n5M',
  },
  /** Saved flows (flows/<id>/flow.json); each run above names its flow in saved_item_id. */
  flows: {
    /** Runs: queued, report, olderReport. Inputs: quarter (string), orders_sheet (file). Workbook Finance. */
    sales: 'SaLes7Flow2K',
    /** Runs: failed. No inputs. Workbook Finance. */
    crm: 'CrMexp0rt4Tq',
    /** Runs: nested, terminated. Workbook Operations. */
    boardPack: 'BoArd5Flow8P',
    /** Runs: running, finishesSoon. Workbook Operations. */
    warehouseSync: 'SyNcWare7hs2',
    /** Runs: unicode. No workbook. */
    multilingual: 'MuLti3Lang9F',
    /** No runs yet. */
    invoiceTriage: 'InVoiceTr1ag',
    /** Owned by project demo-project: runs: project. Workbook Team. */
    projectNotes: 'TeAmNotes6Wk',
    /** Owned by other-user: never listed for demo-user. */
    otherUsers: 'OtHerUser1Fl',
    /** Run Flow: input topic (string); a run takes ~5.5 s and produces post.md, outline.txt, hero.svg. */
    blogWriter: 'BlOgWriter01',
    /** Run Flow: input document (file); a run takes 4 s and produces summary.md. */
    summariser: 'SuMmarise02',
    /** Run Flow: no inputs; every run FAILS after 3 s with an error in its log. */
    brokenImporter: 'BrOkenImp03',
  },
  workbooks: {
    finance: 'FinanceWb01',
    operations: 'OpsWb000002',
    /** Owned by project demo-project. */
    team: 'TeamWb00003',
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
