// Runs one command to completion and measures its wall time and peak RSS. With GNU time the RSS
// is the largest of the process and its descendants (curl or unzip for the reference); without it
// only Node commands report theirs, through the reportMaxRss preload.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { GNU_TIME } from './systemTools';
import { RSS_PRELOAD } from './benchPaths';

export interface Command {
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface Measurement {
  wallMs: number;
  /** Undefined when it cannot be measured (no GNU time, and not a Node command). */
  maxRssKB?: number;
}

export async function measureCommand(command: Command, useGnuTime: boolean): Promise<Measurement> {
  if (useGnuTime) {
    const timeDir = await mkdtemp(path.join(os.tmpdir(), 'gl-bench-time-'));
    try {
      const timeFile = path.join(timeDir, 'time.txt');
      const wallMs = await runToEnd({ ...command, file: GNU_TIME, args: ['-f', '%e %M', '-o', timeFile, command.file, ...command.args] }, command.file);
      const [, maxRss] = (await readFile(timeFile, 'utf8')).trim().split('\n').pop()!.split(' ');
      return { wallMs, maxRssKB: Number(maxRss) };
    } finally {
      await rm(timeDir, { recursive: true, force: true });
    }
  }
  if (command.file === process.execPath) {
    let stderr = '';
    const wallMs = await runToEnd({ ...command, args: ['--require', RSS_PRELOAD, ...command.args] }, command.file, (text) => (stderr = text));
    const rss = /MAX_RSS_KB (\d+)/.exec(stderr);
    return { wallMs, maxRssKB: rss ? Number(rss[1]) : undefined };
  }
  return { wallMs: await runToEnd(command, command.file) };
}

/** Wall time from spawn to exit, measured the same way for both sides; rejects on failure. */
function runToEnd(command: Command, measured: string, onStderr?: (text: string) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command.file, command.args, { cwd: command.cwd, env: command.env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      onStderr?.(stderr);
      if (code === 0) return resolve(wallMs);
      reject(new Error(`${path.basename(measured)} ${signal ? `was killed by ${signal}` : `exited with ${code}`}: ${stderr.trim().slice(-2000)}`));
    });
  });
}
