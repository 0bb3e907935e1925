// The two ways of getting a run's files that are compared: curl + unzip (the reference: what the
// network and the disk allow) and the project's CLI (the extension's own download + extract code).
// The key travels in the environment, never on a command line that gets printed or logged.
import * as path from 'node:path';
import { DEMO } from '../emulator/server';
import { CLI_BUNDLE } from './benchPaths';
import type { Command } from './measureCommand';
import { ARCHIVE_FOLDER } from './shapes';

export type Side = 'reference' | 'project';

/** The shell script of the reference side; the key and the request come from the environment. */
export const REFERENCE_SCRIPT =
  'curl -sS --fail -o x.zip -X POST -H "Authorization: Bearer $GUMLOOP_API_KEY" -H "x-auth-key: $GUMLOOP_USER_ID" ' +
  '-H "content-type: application/json" --data "$GUMLOOP_REQUEST" "$GUMLOOP_BASE_URL/download_files" && unzip -q x.zip -d out';

/** `overwrite`: each side downloads again over its own previous extraction (`unzip -o`, `--on-conflict overwrite`). */
export function downloadCommand(side: Side, baseUrl: string, scratchDir: string, overwrite = false): Command {
  const env = { PATH: process.env.PATH, GUMLOOP_API_KEY: DEMO.apiKey };
  if (side === 'reference') {
    const request = JSON.stringify({ run_id: DEMO.runs.report, user_id: DEMO.userId, file_names: [ARCHIVE_FOLDER] });
    return {
      file: '/bin/sh',
      args: ['-c', overwrite ? REFERENCE_SCRIPT.replace('unzip -q', 'unzip -o -q') : REFERENCE_SCRIPT],
      env: { ...env, GUMLOOP_USER_ID: DEMO.userId, GUMLOOP_REQUEST: request, GUMLOOP_BASE_URL: baseUrl },
      cwd: scratchDir,
    };
  }
  return {
    file: process.execPath,
    args: [CLI_BUNDLE, 'download', '--run-id', DEMO.runs.report, '--file', ARCHIVE_FOLDER, '--user-id', DEMO.userId, '--out', 'out', '--base-url', baseUrl, ...(overwrite ? ['--on-conflict', 'overwrite'] : [])],
    env,
    cwd: scratchDir,
  };
}

/** The reference's downloaded zip (the project removes its own). */
export function downloadedArchive(scratchDir: string): string {
  return path.join(scratchDir, 'x.zip');
}

/** Where either side's extracted files end up inside its scratch folder. */
export function extractedRoot(scratchDir: string): string {
  return path.join(scratchDir, 'out');
}
