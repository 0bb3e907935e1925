// How a POSIX shell splits a command line: a printed hint is checked by pasting it into a real `sh`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

/** The words `sh` makes of `command`. */
export function shellWords(command: string): string[] {
  const result = spawnSync('sh', ['-c', `printf '%s\\0' ${command}`], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.split('\0').slice(0, -1);
}
