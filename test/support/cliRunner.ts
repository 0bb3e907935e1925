// Runs the built CLI bundle in a child process, as a user would, reporting its peak RSS.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './paths';

export const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const RSS_PRELOAD = path.join(REPO_ROOT, 'out', 'test', 'support', 'reportMaxRss.js');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  maxRssMB: number;
}

/** Starts the CLI; `done` settles when it exits (by itself or killed through `child`). */
export function startCli(args: string[], env: Record<string, string | undefined>, cwd: string, as?: { uid: number; gid: number }): { child: ChildProcess; done: Promise<CliRun> } {
  const child = spawn(process.execPath, ['--require', RSS_PRELOAD, CLI, ...args], { cwd, env: { PATH: process.env.PATH, ...env }, ...as });
  const done = new Promise<CliRun>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d));
    child.stderr!.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const rss = /MAX_RSS_KB (\d+)/.exec(stderr);
      resolve({ code, signal, stdout, stderr: stderr.replace(/\nMAX_RSS_KB \d+\n/, '').trim(), maxRssMB: rss ? Number(rss[1]) / 1024 : NaN });
    });
  });
  return { child, done };
}

/** `as`: another user to run as (only root may), for permission tests that root itself would ignore. */
export function runCli(args: string[], env: Record<string, string | undefined>, cwd: string, as?: { uid: number; gid: number }): Promise<CliRun> {
  return startCli(args, env, cwd, as).done;
}
