// How extension-host tests learn about the world outside VS Code. run.ts writes a JSON file (outside
// every workspace, so it never shows up among downloaded files) and starts code-server with
// GUMLOOP_E2E_FIXTURE=<that file>; extension hosts inherit code-server's environment.
import * as fs from 'node:fs';
import type { DEMO } from '../../emulator/server';

export const FIXTURE_ENV = 'GUMLOOP_E2E_FIXTURE';

export interface E2eFixture {
  /** Base URL of the in-process Gumloop API emulator (also the gumloop.baseUrl machine setting). */
  baseUrl: string;
  /** Demo credentials and run ids the emulator's seed contains (apiKey, userId, runs). */
  demo: typeof DEMO;
  /** The folder open in the extension-host window (fresh and empty at the start). */
  workspace: string;
  /** Where exthost/index.ts writes per-test results for the runner to report. */
  resultsFile: string;
  /** Mocha grep built from the runner's command-line filters, if any. */
  grep?: string;
}

export function readFixture(): E2eFixture {
  const file = process.env[FIXTURE_ENV];
  if (!file) throw new Error(`${FIXTURE_ENV} is not set: run the extension-host tests through npm run test:e2e`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as E2eFixture;
}
