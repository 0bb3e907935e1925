// Starts one isolated code-server (a real VS Code workbench + Node extension host) for tests or the demo.
// Everything it writes (settings, extensions, caches, temp files) stays in one scratch folder.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { registerCleanup } from './cleanup';
import { exec, tail } from './exec';
import { freePort } from './ports';
import { signalGroup, stopGroup } from './processGroup';
import { BASE_USER_SETTINGS } from './userSettings';

export interface CodeServerOptions {
  codeServerBin: string;
  nodeBin: string;
  /** Folder code-server opens by default (tests usually open their own with `?folder=`). */
  workspace: string;
  vsix?: string;
  /** Merged over BASE_USER_SETTINGS. */
  userSettings?: Record<string, unknown>;
  /**
   * Settings declared `"scope": "machine"` (gumloop.baseUrl). They live in the server's
   * `<user-data-dir>/Machine/settings.json`: written to the User settings they are honoured at first
   * and silently dropped after the next configuration change, as for a Remote user.
   */
  machineSettings?: Record<string, unknown>;
  /** Bound on 127.0.0.1; a free port when omitted. */
  port?: number;
  /** Created when omitted (under the OS temp folder); never deleted here, so logs survive a failure. */
  scratchDir?: string;
  /** Extra environment for code-server and therefore for its extension hosts. */
  env?: Record<string, string>;
  /**
   * `--vscode-option enable-smoke-test-driver`, off by default. Extension-host test runs need it
   * (only then does the workbench honour extensionTestsPath and call window.codeAutomationExit),
   * but it changes the workbench: notifications never show as toasts, only in the notification
   * center. UI tests and the demo want the workbench users get.
   */
  smokeTestDriver?: boolean;
  healthTimeoutMs?: number;
}

export interface CodeServer {
  url: string;
  port: number;
  scratchDir: string;
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
  /** Resolves with the exit code when code-server exits, whoever stopped it. */
  exited: Promise<number | null>;
  /** True once stop() was called (by the caller or a signal): an exit after that is expected. */
  readonly stopRequested: boolean;
  stop(): Promise<void>;
}

/** Flags from the proven recipe: no auth on loopback, nothing phoning home, no prompts. */
const SERVE_FLAGS = [
  '--auth', 'none',
  '--disable-telemetry',
  '--disable-update-check',
  '--disable-workspace-trust',
  '--disable-getting-started-override',
  '--ignore-last-opened',
  '--reconnection-grace-time', '30',
];
const SMOKE_TEST_DRIVER_FLAGS = ['--vscode-option', 'enable-smoke-test-driver'];

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const scratchDir = opts.scratchDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'gumloop-code-server-'));
  const userDataDir = path.join(scratchDir, 'user-data');
  const extensionsDir = path.join(scratchDir, 'extensions');
  const configFile = path.join(scratchDir, 'config.yaml');
  const logFile = path.join(scratchDir, 'code-server.log');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const settings = { ...BASE_USER_SETTINGS, ...opts.userSettings };
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
  if (opts.machineSettings) {
    fs.mkdirSync(path.join(userDataDir, 'Machine'), { recursive: true });
    fs.writeFileSync(path.join(userDataDir, 'Machine', 'settings.json'), JSON.stringify(opts.machineSettings, null, 2) + '\n');
  }

  const port = opts.port ?? (await freePort());
  // Our own config file, so code-server neither reads nor generates ~/.config/code-server/config.yaml.
  fs.writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const env = isolatedEnv(scratchDir, path.dirname(opts.nodeBin), opts.env);
  const isolation = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  if (opts.vsix) {
    if (!fs.existsSync(opts.vsix)) throw new Error(`VSIX not found: ${opts.vsix}`);
    const out = await exec(opts.codeServerBin, [...isolation, '--install-extension', opts.vsix], {
      env,
      logFile: path.join(scratchDir, 'install-extension.log'),
    });
    if (!/successfully installed/i.test(out)) throw new Error(`installing ${opts.vsix} did not report success:\n${tail(out, 20)}`);
  }

  // Run the entry script on Node 24 directly rather than trusting the shebang's PATH lookup.
  const entry = fs.realpathSync(opts.codeServerBin);
  const smoke = opts.smokeTestDriver ? SMOKE_TEST_DRIVER_FLAGS : [];
  const logFd = fs.openSync(logFile, 'a');
  // detached: the child leads a new process group (setsid), so stop() can kill it and all its helpers.
  const child = spawn(opts.nodeBin, [entry, ...isolation, '--bind-addr', `127.0.0.1:${port}`, ...SERVE_FLAGS, ...smoke, opts.workspace], {
    detached: true,
    stdio: ['ignore', logFd, logFd],
    env,
  });
  fs.closeSync(logFd);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${entry}`);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= stopGroup(pid).finally(unregister);
    return stopped;
  };
  const unregister = registerCleanup(stop, () => signalGroup(pid, 'SIGKILL'));

  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, exited, opts.healthTimeoutMs ?? 60_000);
  } catch (err) {
    await stop();
    const log = fs.existsSync(logFile) ? tail(fs.readFileSync(logFile, 'utf8'), 30) : '(no log)';
    throw new Error(`${(err as Error).message}\n--- last lines of ${logFile} ---\n${log}`);
  }
  return {
    url,
    port,
    scratchDir,
    userDataDir,
    extensionsDir,
    logFile,
    exited,
    get stopRequested() {
      return stopped !== undefined;
    },
    stop,
  };
}

/**
 * The environment code-server and its extension hosts see. Variables that would redirect code-server
 * are dropped: VSCODE_IPC_HOOK_CLI (set in VS Code terminals) makes it hand the folder to that other
 * instance, PORT overrides --bind-addr, PASSWORD & co. change auth, NODE_OPTIONS is meant for our Node.
 */
function isolatedEnv(scratchDir: string, nodeBinDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(VSCODE_|CODE_SERVER_|CS_|ELECTRON_)/.test(key)) continue;
    if (['PORT', 'PASSWORD', 'HASHED_PASSWORD', 'GITHUB_TOKEN', 'NODE_OPTIONS'].includes(key)) continue;
    env[key] = value;
  }
  const dirs = {
    // The user's real home stays out of reach: a file dialog starts there, and a test that picked
    // the wrong folder once downloaded into it.
    HOME: path.join(scratchDir, 'home'),
    XDG_DATA_HOME: path.join(scratchDir, 'xdg-data'),
    XDG_CONFIG_HOME: path.join(scratchDir, 'xdg-config'),
    XDG_CACHE_HOME: path.join(scratchDir, 'xdg-cache'),
    TMPDIR: path.join(scratchDir, 'tmp'),
  };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  return {
    ...env,
    ...dirs,
    PATH: [nodeBinDir, env.PATH ?? ''].filter(Boolean).join(path.delimiter),
    // An empty gallery: no marketplace requests, nothing offered for install.
    EXTENSIONS_GALLERY: '{}',
    ...extra,
  };
}

async function waitForHealth(url: string, exited: Promise<number | null>, timeoutMs: number): Promise<void> {
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`code-server exited with code ${exitCode} before answering ${url}/healthz`);
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${Math.round(timeoutMs / 1000)} s`);
}
