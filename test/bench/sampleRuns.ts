// Realistic Recent Runs history records: varied states, times and file lists, with destinations
// under `root` of which every other one exists (the tree checks each with fs.existsSync).
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import type { RunRecord } from '../../src/runs/history';

const STATES = ['DONE', 'DONE', 'DONE', 'FAILED', 'RUNNING', 'TERMINATED'];

export function sampleRuns(count: number, root: string, now = Date.now()): RunRecord[] {
  return Array.from({ length: count }, (_, i) => {
    const runId = `R${i.toString(36).padStart(5, '0')}x${((i * 2654435761) >>> 0).toString(36)}`;
    const destination = path.join(root, 'gumloop', runId);
    if (i % 2 === 0) mkdirSync(destination, { recursive: true });
    const downloadedAt = now - i * 37 * 60_000;
    return {
      runId,
      fileNames: ['sales-report.csv', 'summary.json', `chart-${i}.png`],
      files: ['sales-report.csv', 'summary.json', `images/chart-${i}.png`],
      destination,
      savedItemId: i % 3 === 0 ? `saved-${i}` : undefined,
      downloadedAt,
      state: STATES[i % STATES.length],
      createdTs: new Date(downloadedAt - 120_000).toISOString(),
      finishedTs: i % 6 === 4 ? undefined : new Date(downloadedAt - 60_000).toISOString(),
    };
  });
}
