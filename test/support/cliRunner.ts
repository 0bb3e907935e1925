// Runs the built CLI bundle in a child process, as a user would, reporting its peak RSS.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, copyFile } from 'node:fs/promises';
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

/**
 * Another user to run the CLI as (only root may), for permission tests that root itself would ignore.
 * The clone may live in a folder only its owner can read (root's home, a `mktemp -d`), so that user
 * runs `cli`, its own readable copy of the bundle (see copyCliFor), and without the RSS preload.
 */
export interface OtherUser {
  uid: number;
  gid: number;
  cli: string;
}

/** Copies the self-contained bundle into `folder` (which another user must be able to read) and answers its path. */
export async function copyCliFor(folder: string): Promise<string> {
  const copy = path.join(folder, 'cli.js');
  await copyFile(CLI, copy);
  await chmod(copy, 0o644);
  return copy;
}

/** Starts the CLI; `done` settles when it exits (by itself or killed through `child`). */
export function startCli(args: string[], env: Record<string, string | undefined>, cwd: string, as?: OtherUser): { child: ChildProcess; done: Promise<CliRun> } {
  const command = as ? [as.cli] : ['--require', RSS_PRELOAD, CLI];
  const user = as ? { uid: as.uid, gid: as.gid } : {};
  const child = spawn(process.execPath, [...command, ...args], { cwd, env: { PATH: process.env.PATH, ...env }, ...user });
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

export function runCli(args: string[], env: Record<string, string | undefined>, cwd: string, as?: OtherUser): Promise<CliRun> {
  return startCli(args, env, cwd, as).done;
}
