// The contract between run.ts and the UI test files in ui/*.test.ts. A file exports either
//   export default async function (ctx: UiTestContext) { ... }            (one test, named after the file)
// or
//   export const tests: UiTest[] = [{ name: '...', run: async (ctx) => { ... } }, ...]
// Every test gets its own browser context (so no secrets or state carry over), its own empty
// workspace folder, and a page already showing that folder in the workbench.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DEMO, startEmulator } from '../emulator/server';

export type Emulator = Awaited<ReturnType<typeof startEmulator>>;

export interface UiTestContext {
  /** Workbench page showing `workspace`; the extension is installed from the packaged VSIX. */
  page: Page;
  /** Fresh for this test; closed after it. Open more pages here to test reloads. */
  context: BrowserContext;
  browser: Browser;
  /** code-server's base URL (gumloop.userId is set in its user settings, gumloop.baseUrl in its machine settings). */
  url: string;
  /** Empty folder created for this test and opened in `page`. */
  workspace: string;
  /** The in-process Gumloop API emulator shared by all tests (setFault to inject failures). */
  emulator: Emulator;
  demo: typeof DEMO;
  /** Saves test-results/e2e/<test>-<name>.png and returns its path. */
  screenshot(name: string): Promise<string>;
  log(line: string): void;
}

export interface UiTest {
  name: string;
  run(ctx: UiTestContext): Promise<void>;
  /** Defaults to 120 s. */
  timeoutMs?: number;
  /**
   * Written to the workspace's .vscode/settings.json before the window opens, so they are in effect
   * from the first command (a file written after opening is picked up only when the file watcher
   * gets to it, which on a loaded machine can be after the step that needs it).
   */
  workspaceSettings?: Record<string, unknown>;
}

export interface UiTestModule {
  default?: (ctx: UiTestContext) => Promise<void>;
  tests?: UiTest[];
}
