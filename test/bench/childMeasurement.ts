// Runs a measuring child script in fresh Node processes and takes the median of what they print.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { median } from './stats';

export async function medianOfFreshProcesses(script: string, args: string[], samples: number): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < samples; i++) {
    const { stdout } = await promisify(execFile)(process.execPath, [script, ...args]);
    values.push((JSON.parse(stdout.trim().split('\n').pop()!) as { ms: number }).ms);
  }
  return median(values);
}
