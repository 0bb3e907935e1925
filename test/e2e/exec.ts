// Runs a command to completion and fails loudly: an install or build step that goes wrong must stop
// the run with its own output in the error, never be skipped.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';

export interface ExecOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Also append the command's output to this file (kept for long installs, read after a failure). */
  logFile?: string;
}

/** Resolves with the combined stdout+stderr; rejects with the last lines of it on a non-zero exit. */
export function exec(command: string, args: string[], opts: ExecOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    const log = opts.logFile ? fs.createWriteStream(opts.logFile, { flags: 'a' }) : undefined;
    const collect = (chunk: Buffer): void => {
      chunks.push(chunk);
      log?.write(chunk);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (err) => {
      log?.end();
      reject(new Error(`could not start ${command}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      log?.end();
      const output = Buffer.concat(chunks).toString('utf8');
      if (code === 0) return resolve(output);
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      reject(new Error(`${command} ${args.join(' ')} ${how}\n${tail(output, 40)}`));
    });
  });
}

/** The last `lines` lines of a text, for error messages. */
export function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
