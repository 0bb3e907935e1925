// Runs the UI test files (out/test/e2e/ui/*.test.js) one test at a time, each in a fresh browser
// context with a fresh workspace folder, and turns every failure into a reported outcome with a
// screenshot instead of an exception.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { DEMO } from '../emulator/server';
import { UI_TESTS_DIR } from './paths';
import { printOutcome, type TestOutcome } from './report';
import type { Emulator, UiTest, UiTestContext, UiTestModule } from './uiTest';
import { newWorkbenchContext, openWorkbench, screenshot } from './workbench';

const DEFAULT_TIMEOUT_MS = 120_000;

export interface UiRunOptions {
  browser: Browser;
  url: string;
  emulator: Emulator;
  demo: typeof DEMO;
  /** Each test's workspace is created inside. */
  workspacesDir: string;
  /** Each test's browser console goes to <logsDir>/<test>.log. */
  logsDir: string;
  /** Keep tests whose name contains one of these (all when empty). */
  filters: string[];
}

interface NamedTest extends UiTest {
  fullName: string;
}

export function uiTestFiles(): string[] {
  if (!fs.existsSync(UI_TESTS_DIR)) return [];
  return fs.readdirSync(UI_TESTS_DIR).filter((f) => f.endsWith('.test.js')).sort().map((f) => path.join(UI_TESTS_DIR, f));
}

export async function runUiTests(opts: UiRunOptions): Promise<TestOutcome[]> {
  const outcomes: TestOutcome[] = [];
  const report = (o: TestOutcome): void => {
    outcomes.push(o);
    printOutcome(o);
  };
  for (const file of uiTestFiles()) {
    let tests: NamedTest[];
    try {
      tests = loadTests(file);
    } catch (err) {
      report({ name: path.basename(file), passed: false, error: errorText(err) });
      continue;
    }
    for (const test of tests.filter((t) => matches(t.fullName, opts.filters))) {
      report(await runOne(test, opts));
    }
  }
  return outcomes;
}

function loadTests(file: string): NamedTest[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(file) as UiTestModule;
  const base = path.basename(file, '.test.js');
  if (Array.isArray(mod.tests)) return mod.tests.map((t) => ({ ...t, fullName: `${base}: ${t.name}` }));
  if (typeof mod.default === 'function') return [{ name: base, fullName: base, run: mod.default }];
  throw new Error(`${file} exports neither a default function nor a tests array`);
}

async function runOne(test: NamedTest, opts: UiRunOptions): Promise<TestOutcome> {
  const slug = test.fullName.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '');
  const workspace = path.join(opts.workspacesDir, slug);
  fs.mkdirSync(workspace, { recursive: true });
  if (test.workspaceSettings) {
    fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify(test.workspaceSettings, null, 2));
  }
  fs.mkdirSync(opts.logsDir, { recursive: true });
  const consoleLog = fs.createWriteStream(path.join(opts.logsDir, `${slug}.log`));
  const context = await newWorkbenchContext(opts.browser);
  context.on('page', (p) => recordConsole(p, consoleLog));
  const started = Date.now();
  let page: Page | undefined;
  try {
    page = await openWorkbench(context, opts.url, workspace);
    const ctx: UiTestContext = {
      page,
      context,
      browser: opts.browser,
      url: opts.url,
      workspace,
      emulator: opts.emulator,
      demo: opts.demo,
      screenshot: (name) => screenshot(page as Page, `${slug}-${name}`),
      log: (line) => console.log(`    # ${line}`),
    };
    await withTimeout(test.run(ctx), test.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    return { name: test.fullName, passed: true, durationMs: Date.now() - started };
  } catch (err) {
    // A test may open its own window and close the first: the newest open page shows what went wrong.
    const shown = context.pages().filter((p) => !p.isClosed()).at(-1);
    const shot = shown ? await screenshot(shown, `${slug}-failure`).catch(() => undefined) : undefined;
    const toasts = shown ? await visibleNotifications(shown) : [];
    const picker = shown ? await visibleQuickInput(shown) : undefined;
    const error = [
      errorText(err),
      ...toasts.map((text) => `notification on screen: ${text}`),
      ...(picker ? [`quick input on screen: ${picker}`] : []),
    ].join('\n');
    return { name: test.fullName, passed: false, durationMs: Date.now() - started, error, screenshot: shot };
  } finally {
    // Closing the context also aborts whatever a timed-out test is still waiting for.
    await context.close().catch(() => undefined);
    consoleLog.end();
  }
}

/**
 * A step usually times out waiting for something the extension never showed; the toast it showed
 * instead (an error with its cause) is what tells a reader why.
 */
async function visibleNotifications(page: Page): Promise<string[]> {
  try {
    const toasts = page.locator('.notifications-toasts .notification-list-item .notification-list-item-message');
    const texts = await toasts.allInnerTexts();
    return texts.map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
  } catch {
    return [];
  }
}

/** A step that waits for the next prompt fails when the previous one never closed: say which it was. */
async function visibleQuickInput(page: Page): Promise<string | undefined> {
  try {
    const widget = page.locator('.quick-input-widget');
    if (!(await widget.isVisible())) return undefined;
    const title = (await widget.locator('.quick-input-title').innerText().catch(() => '')).trim();
    const value = await widget.locator('input').first().inputValue().catch(() => '');
    const message = (await widget.locator('.quick-input-message').innerText().catch(() => '')).trim();
    return [title && `title "${title}"`, `value "${value}"`, message && `message "${message}"`].filter(Boolean).join(', ');
  } catch {
    return undefined;
  }
}

function recordConsole(page: Page, out: fs.WriteStream): void {
  page.on('console', (m) => out.write(`[${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => out.write(`[pageerror] ${e.stack ?? e.message}\n`));
}

function matches(name: string, filters: string[]): boolean {
  return filters.length === 0 || filters.some((f) => name.includes(f));
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function errorText(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
