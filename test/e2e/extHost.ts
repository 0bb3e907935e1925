// Runs a mocha suite inside code-server's real extension host with VS Code's own extension-test
// mechanism: the workbench URL carries extensionDevelopmentPath and extensionTestsPath, the
// extension host calls run() from the tests module, and the workbench reports the outcome through
// window.codeAutomationExit (available because code-server runs with enable-smoke-test-driver).
import type { Browser } from 'playwright-core';
import { extHostConsoleLine } from './extHostConsole';
import { launchBrowser, newWorkbenchContext } from './workbench';

export interface ExtHostRunOptions {
  url: string;
  /** Folder holding the extension's package.json (loaded as the development extension). */
  extensionDevelopmentPath: string;
  /** Compiled module exporting run(): Promise<void>. */
  extensionTestsPath: string;
  workspace: string;
  timeoutMs: number;
  /** Reused when given (a fresh context is used either way); otherwise a browser is launched and closed. */
  browser?: Browser;
  /** Where the extension host's console output goes; stdout by default. */
  print?: (line: string) => void;
}

/** code-server's web client always names its remote authority "remote". */
const remoteUri = (p: string): string => `vscode-remote://remote${p}`;

/** Resolves with the exit code the extension host reported: 0 when run() resolved, 1 when it rejected. */
export async function runExtensionHostTests(opts: ExtHostRunOptions): Promise<number> {
  const print = opts.print ?? ((line: string) => process.stdout.write(line + '\n'));
  const browser = opts.browser ?? (await launchBrowser());
  const context = await newWorkbenchContext(browser);
  try {
    const page = await context.newPage();
    // Formatting a message is asynchronous; chain it so lines come out in the order they were logged.
    let printed = Promise.resolve();
    let finished = false;
    page.on('console', (message) => {
      // After the exit report only the workbench's shutdown chatter follows.
      if (finished) return;
      printed = printed.then(async () => {
        const line = await extHostConsoleLine(message).catch(() => undefined);
        if (line !== undefined) print(line);
      });
    });
    let reportExit: (code: number) => void = () => undefined;
    const exit = new Promise<number>((resolve) => (reportExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: unknown) => reportExit(typeof code === 'number' ? code : 1));
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remoteUri(opts.extensionDevelopmentPath)],
      ['extensionTestsPath', remoteUri(opts.extensionTestsPath)],
    ]);
    await page.goto(`${opts.url}/?folder=${encodeURIComponent(opts.workspace)}&payload=${encodeURIComponent(payload)}`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`extension-host tests did not finish within ${Math.round(opts.timeoutMs / 1000)} s`)),
        opts.timeoutMs,
      );
    });
    // Without the smoke-test driver the workbench ignores the payload and would never report back.
    const driver = page.waitForFunction('!!window.driver', undefined, { timeout: 60_000 }).then(
      () => exit,
      () => Promise.reject(new Error(`${opts.url} does not run VS Code's smoke-test driver: start it with smokeTestDriver: true`)),
    );
    try {
      const code = await Promise.race([exit, timeout, driver]);
      finished = true;
      await printed;
      return code;
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await context.close();
    if (!opts.browser) await browser.close();
  }
}
