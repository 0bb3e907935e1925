// extensionTestsPath for the extension-host run: VS Code loads this module inside the extension host
// and awaits run(). It runs mocha over every compiled exthost/*.test.js next to it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { FIXTURE_ENV, readFixture } from './fixture';
import type { ExtHostTestResult } from './results';

export function run(): Promise<void> {
  const fixture = process.env[FIXTURE_ENV] ? readFixture() : undefined;
  // No colours: the output travels through the browser console to the runner's stdout.
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000 });
  if (fixture?.grep) mocha.grep(new RegExp(fixture.grep));
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  const results: ExtHostTestResult[] = [];
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      if (fixture) fs.writeFileSync(fixture.resultsFile, JSON.stringify(results, null, 2));
      if (failures > 0) reject(new Error(`${failures} extension-host test(s) failed`));
      else resolve();
    });
    runner.on('pass', (test) => results.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration }));
    runner.on('fail', (test, err: Error) => results.push({ title: test.fullTitle(), state: 'failed', error: err.stack ?? err.message }));
  });
}
