// `gumloop-files flows` for an account with 50,000 saved flows (issue 15 §5: with 200k flows the
// list failed as "not JSON"): the emulator child's data folder gets that many flows, then the
// built CLI lists them as a table and as --json, each a fresh process; peak RSS is the target.
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { DEMO } from '../emulator/server';
import { CLI_BUNDLE, DATA_DIR } from './benchPaths';
import type { EmulatorProcess } from './emulatorProcess';
import { measureCommand, type Measurement } from './measureCommand';

export const FLOWS_LIST_PART = 'flows-50k';
export const LISTED_FLOWS = 50_000;

export interface FlowsList {
  flows: number;
  /** list_saved_items' answer, in bytes. */
  answerBytes: number;
  table: Measurement[];
  json: Measurement[];
}

export async function measureFlowsList(emulator: EmulatorProcess, runs: number, useGnuTime: boolean, log: (line: string) => void): Promise<FlowsList> {
  log(`writing ${LISTED_FLOWS.toLocaleString('en')} flows into the emulator's data folder`);
  await addFlows(emulator.dataDir, LISTED_FLOWS);
  const answerBytes = await answerSize(emulator.baseUrl);
  const cwd = path.join(DATA_DIR, `flows-list-${process.pid}`);
  await mkdir(cwd, { recursive: true });
  const command = (json: boolean) => ({
    file: process.execPath,
    args: [CLI_BUNDLE, 'flows', '--user-id', DEMO.userId, ...(json ? ['--json'] : [])],
    env: { PATH: process.env.PATH, GUMLOOP_API_KEY: DEMO.apiKey, GUMLOOP_BASE_URL: emulator.baseUrl },
    cwd,
  });
  const result: FlowsList = { flows: LISTED_FLOWS, answerBytes, table: [], json: [] };
  for (let run = 0; run < runs; run++) {
    for (const json of [false, true]) {
      const measurement = await measureCommand(command(json), useGnuTime);
      (json ? result.json : result.table).push(measurement);
      log(`flows (${json ? '--json' : 'table'}) run ${run + 1}: ${(measurement.wallMs / 1000).toFixed(2)} s, peak RSS ${measurement.maxRssKB === undefined ? 'n/a' : `${(measurement.maxRssKB / 1024).toFixed(0)} MiB`}`);
    }
  }
  return result;
}

/** Names as long as real ones get (60-90 characters), with descriptions: a realistic answer size. */
async function addFlows(dataDir: string, count: number): Promise<void> {
  const created = new Date('2026-01-01T00:00:00Z').getTime();
  for (let start = 0; start < count; start += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, count - start) }, async (_, offset) => {
        const index = start + offset;
        const id = `BenchFlow${String(index).padStart(6, '0')}`;
        const folder = path.join(dataDir, 'flows', id);
        await mkdir(folder, { recursive: true });
        const flow = {
          name: `Quarterly report ${index} — ${'sales and pipeline summary '.repeat(1 + (index % 3))}`.trim(),
          description: `Reads the CRM export and writes a summary (bench flow ${index})`,
          created_ts: new Date(created + index * 60_000).toISOString(),
          user_id: DEMO.userId,
        };
        await writeFile(path.join(folder, 'flow.json'), JSON.stringify(flow));
      }),
    );
  }
}

async function answerSize(baseUrl: string): Promise<number> {
  const response = await fetch(`${baseUrl}/list_saved_items?user_id=${DEMO.userId}`, { headers: { authorization: `Bearer ${DEMO.apiKey}`, 'x-auth-key': DEMO.userId } });
  if (!response.ok) throw new Error(`list_saved_items answered ${response.status}`);
  return (await response.arrayBuffer()).byteLength;
}
