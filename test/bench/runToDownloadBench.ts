// How soon `gumloop-files run --wait --download` asks for a run's files once the run is DONE:
// from the moment the emulator's run reaches DONE (its finished_ts) to the arrival of the
// download_files request, median of N runs, each a fresh CLI process.
//
// Honest about the watcher's schedule: it polls every 1 s while the run's log changes and backs
// off to every 5 s while it does not. So two run shapes are measured:
//   - "logging": a run that logs a line about every 0.6 s up to the end, as Gumloop runs do (each
//     node logs its start and finish). The target (≤ 1.5 s) applies here.
//   - "quiet tail": the second half of the run (6-8.5 s) without a log line before DONE (one long
//     node, e.g. a slow AI call); the watcher has backed off to 2.25-5 s waits, so up to ~5 s is expected. Reported, no target;
//     only measured in full mode.
// The watcher's polls are timed from the start, so a run lasting a whole number of seconds would be
// seen the instant it ends. Each sample's run time is therefore shifted by an even spread of
// fractions of the poll period ((i + 0.5) / n of it): every phase between DONE and the next poll is
// covered once, and the median is the middle one, not a lucky alignment.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { copySeed, DEMO, startEmulator, type Emulator } from '../emulator/server';
import { CLI_BUNDLE, DATA_DIR } from './benchPaths';
import { median } from './stats';

export interface RunToDownload {
  /** DONE → download_files request, per run, in ms. */
  loggingMs: number[];
  loggingMedianMs: number;
  quietTailMs: number[];
  quietTailMedianMs?: number;
}

const LOGGING_FLOW = 'BenchLogging';
const QUIET_FLOW = 'BenchQuietTl';

export async function measureRunToDownload(samples: number, withQuietTail: boolean, log: (line: string) => void): Promise<RunToDownload> {
  const root = await mkdtemp(path.join(DATA_DIR, 'run-to-download-'));
  const dataDir = path.join(root, 'data');
  await copySeed(dataDir);
  const emulator = await startEmulator({ dataDir, port: 0 });
  try {
    log(`run --wait --download: DONE → download request, ${samples} runs of a logging flow`);
    // 3-4 s of running with a log line every ~0.6 s; the last line arrives with DONE. Polls: 1 s apart.
    const loggingMs = await measure(emulator, root, samples, (i) => ({ id: LOGGING_FLOW, run_ms: 3_000 + spread(i, samples, 1_000), run_log: ['a', 'b', 'c', 'd', 'e', 'f'] }));
    let quietTailMs: number[] = [];
    if (withQuietTail) {
      log(`run --wait --download: ${samples} runs of a flow quiet for the second half of its run`);
      // 2 lines: one halfway, the last with DONE, so the second half (6-8.5 s) is quiet. Polls: up to 5 s apart.
      quietTailMs = await measure(emulator, root, samples, (i) => ({ id: QUIET_FLOW, run_ms: 12_000 + spread(i, samples, 5_000), run_log: ['started the long step', 'done'] }));
    }
    return { loggingMs, loggingMedianMs: median(loggingMs), quietTailMs, quietTailMedianMs: quietTailMs.length ? median(quietTailMs) : undefined };
  } finally {
    await emulator.close();
    await rm(root, { recursive: true, force: true });
  }
}

/** Sample i's share of `period`: (i + 0.5) / samples of it. */
function spread(i: number, samples: number, period: number): number {
  return Math.round(((i + 0.5) / samples) * period);
}

async function measure(emulator: Emulator, root: string, samples: number, flowFor: (i: number) => { id: string } & Record<string, unknown>): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    const { id: flow, ...behaviour } = flowFor(i);
    await addFlow(emulator.dataDir, flow, { queued_ms: 0, ...behaviour });
    emulator.clearRequests();
    const out = path.join(root, `out-${flow}-${i}`);
    const runId = await runCli(['run', '--flow', flow, '--user-id', DEMO.userId, '--download', '--out', out], emulator.baseUrl);
    const download = emulator.requests.find((request) => request.path.endsWith('/download_files'));
    const finished = await finishedAt(emulator, runId);
    if (!download || finished === undefined) throw new Error(`run ${runId}: no download request or no finished_ts`);
    latencies.push(download.receivedAt - finished);
  }
  return latencies;
}

async function finishedAt(emulator: Emulator, runId: string): Promise<number | undefined> {
  const response = await fetch(`${emulator.baseUrl}/get_pl_run?run_id=${runId}&user_id=${DEMO.userId}`, { headers: { authorization: `Bearer ${DEMO.apiKey}`, 'x-auth-key': DEMO.userId } });
  const body = (await response.json()) as { finished_ts?: string };
  return body.finished_ts ? Date.parse(body.finished_ts) : undefined;
}

function runCli(args: string[], baseUrl: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BUNDLE, ...args], { env: { PATH: process.env.PATH, GUMLOOP_API_KEY: DEMO.apiKey, GUMLOOP_BASE_URL: baseUrl }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout.split('\n')[0].trim()) : reject(new Error(`gumloop-files run exited ${code}: ${stderr}`))));
  });
}

async function addFlow(dataDir: string, id: string, flow: Record<string, unknown>): Promise<void> {
  const folder = path.join(dataDir, 'flows', id);
  await mkdir(path.join(folder, 'files'), { recursive: true });
  await writeFile(path.join(folder, 'files', 'result.csv'), 'a,b\n1,2\n');
  await writeFile(path.join(folder, 'flow.json'), JSON.stringify({ name: id, created_ts: '2026-11-01T00:00:00Z', user_id: DEMO.userId, inputs: [], ...flow }));
}
