// Starts the emulator child and arms the "archive" fault through its control route, so
// download_files streams a benchmark archive from disk.
import { fork } from 'node:child_process';
import { rm } from 'node:fs/promises';
import * as path from 'node:path';
import { DEMO } from '../emulator/server';
import { COMPILED_BENCH_DIR, DATA_DIR } from './benchPaths';

export interface EmulatorProcess {
  baseUrl: string;
  /** The child's data folder (a copy of the seed), read per request: add flows and runs here. */
  dataDir: string;
  serveArchive(file: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startEmulatorProcess(): Promise<EmulatorProcess> {
  const dataDir = path.join(DATA_DIR, `emulator-${process.pid}`);
  await rm(dataDir, { recursive: true, force: true });
  const child = fork(path.join(COMPILED_BENCH_DIR, 'emulatorChild.js'), [dataDir], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.once('message', (message: { baseUrl: string }) => resolve(message.baseUrl));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the emulator process exited with code ${code} before it was ready`)));
  });
  const origin = new URL(baseUrl).origin;
  return {
    baseUrl,
    dataDir,
    async serveArchive(file) {
      const response = await fetch(`${origin}/__emulator/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ runId: DEMO.runs.report, fault: { type: 'archive', path: file } }),
      });
      if (!response.ok) throw new Error(`arming the emulator's archive fault failed: ${response.status} ${await response.text()}`);
    },
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      if (child.connected) child.disconnect();
      if (child.exitCode === null) await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
