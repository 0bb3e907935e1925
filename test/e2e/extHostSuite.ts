// The extension-host stage of run.ts: runs exthost/index.js (mocha over exthost/*.test.js) inside the
// workbench and turns its results file into one outcome per mocha test.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import type { ExtHostTestResult } from './exthost/results';
import { runExtensionHostTests } from './extHost';
import { EXTHOST_DIR } from './paths';
import { printOutcome, type TestOutcome } from './report';

const SUITE_TIMEOUT_MS = 10 * 60_000;
/** Reported names are this + mocha's full title (run.ts builds mocha's grep from it). */
export const EXTHOST_NAME_PREFIX = 'exthost: ';

export function extHostTestFiles(): string[] {
  if (!fs.existsSync(EXTHOST_DIR)) return [];
  return fs.readdirSync(EXTHOST_DIR).filter((f) => f.endsWith('.test.js'));
}

export interface ExtHostSuiteOptions {
  browser: Browser;
  url: string;
  repoRoot: string;
  workspace: string;
  resultsFile: string;
}

export async function runExtHostSuite(opts: ExtHostSuiteOptions): Promise<TestOutcome[]> {
  fs.mkdirSync(opts.workspace, { recursive: true });
  fs.rmSync(opts.resultsFile, { force: true });
  const started = Date.now();
  let exitCode: number;
  try {
    exitCode = await runExtensionHostTests({
      url: opts.url,
      extensionDevelopmentPath: opts.repoRoot,
      extensionTestsPath: path.join(EXTHOST_DIR, 'index.js'),
      workspace: opts.workspace,
      timeoutMs: SUITE_TIMEOUT_MS,
      browser: opts.browser,
    });
  } catch (err) {
    const outcome = { name: 'extension host', passed: false, durationMs: Date.now() - started, error: (err as Error).message };
    printOutcome(outcome);
    return [outcome];
  }
  const results = readResults(opts.resultsFile);
  const outcomes: TestOutcome[] = results.map((r) => ({
    name: `${EXTHOST_NAME_PREFIX}${r.title}`,
    passed: r.state === 'passed',
    durationMs: r.durationMs,
    error: r.error,
  }));
  // run() can fail before or outside any test (a test file that does not load, a broken hook).
  if (exitCode !== 0 && outcomes.every((o) => o.passed)) {
    outcomes.push({ name: 'extension host', passed: false, error: `run() failed (exit code ${exitCode}); see its output above` });
  }
  outcomes.forEach(printOutcome);
  return outcomes;
}

function readResults(file: string): ExtHostTestResult[] {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as ExtHostTestResult[];
  } catch {
    return [];
  }
}
