// Provides a real VS Code for the e2e tests and the demo: code-server (VS Code's workbench and a real
// Node extension host) on Node 24, both from the npm registry, plus Debian's Chromium. The usual
// downloaders (@vscode/test-electron, test-web) fetch VS Code from hosts these machines cannot reach.
// Everything lands in one cache folder, installed once and reused.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exec } from './exec';
import { CHROMIUM_PATH, ensureSystemPackages } from './systemPackages';

export const CODE_SERVER_VERSION = '4.139.1';
/** code-server 4.139 declares engines.node 24; this package also ships the headers node-gyp needs. */
const NODE_PACKAGE = `node-${process.platform}-${process.arch}`;
const NODE_SPEC = `${NODE_PACKAGE}@24`;
const CODE_SERVER_SPEC = `code-server@${CODE_SERVER_VERSION}`;
/** npm 11 warns about install scripts not listed here; these two must run (native builds). */
const ALLOW_SCRIPTS = { [CODE_SERVER_SPEC]: true, 'argon2@0.44.0': true };
/** Written last: a folder without it (or with another spec in it) is a half-finished install. */
const MARKER = '.gumloop-installed.json';

export interface VsCodeInstall {
  nodeBin: string;
  codeServerBin: string;
  chromiumPath: string;
}

export function e2eCacheDir(): string {
  return process.env.GUMLOOP_E2E_CACHE ?? path.join(os.homedir(), '.cache', 'gumloop-files-e2e');
}

export async function ensureVsCode(log: (line: string) => void = console.log): Promise<VsCodeInstall> {
  if (process.platform !== 'linux') throw new Error('The e2e harness runs on Linux only (code-server from npm, Debian chromium).');
  const cache = e2eCacheDir();
  const nodeDir = path.join(cache, 'node24');
  const csDir = path.join(cache, 'code-server');
  const nodeHome = path.join(nodeDir, 'node_modules', NODE_PACKAGE);
  const install: VsCodeInstall = {
    nodeBin: path.join(nodeHome, 'bin', 'node'),
    codeServerBin: path.join(csDir, 'node_modules', '.bin', 'code-server'),
    chromiumPath: CHROMIUM_PATH,
  };
  const needNode = !markerMatches(nodeDir, NODE_SPEC);
  const needCodeServer = needNode || !markerMatches(csDir, CODE_SERVER_SPEC);
  await ensureSystemPackages({ nativeBuild: needCodeServer }, log);
  if (!needNode && !needCodeServer) {
    log(`e2e: reusing code-server ${CODE_SERVER_VERSION} and Node 24 from ${cache}`);
    return install;
  }
  fs.mkdirSync(cache, { recursive: true });
  if (needNode) await installNode(nodeDir, install.nodeBin, path.join(cache, 'node24-install.log'), log);
  await installCodeServer(csDir, nodeHome, install.codeServerBin, path.join(cache, 'code-server-install.log'), log);
  return install;
}

async function installNode(dir: string, nodeBin: string, logFile: string, log: (line: string) => void): Promise<void> {
  const started = Date.now();
  log(`e2e: installing ${NODE_SPEC} into ${dir} (log: ${logFile})`);
  startFresh(dir, { private: true }, logFile);
  await exec('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', NODE_SPEC], { env: withoutOuterNpm(process.env), logFile });
  const version = (await exec(nodeBin, ['--version'])).trim();
  if (!version.startsWith('v24.')) throw new Error(`${nodeBin} reports ${version}, expected v24.x`);
  writeMarker(dir, NODE_SPEC, version);
  log(`e2e: Node ${version} installed in ${seconds(started)}`);
}

async function installCodeServer(dir: string, nodeHome: string, codeServerBin: string, logFile: string, log: (line: string) => void): Promise<void> {
  const started = Date.now();
  log(`e2e: installing ${CODE_SERVER_SPEC} into ${dir}; its native builds take a few minutes (log: ${logFile})`);
  startFresh(dir, { private: true, allowScripts: ALLOW_SCRIPTS }, logFile);
  const env = codeServerInstallEnv(process.env, nodeHome);
  await exec('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--save-exact', CODE_SERVER_SPEC], { env, logFile });
  const version = await codeServerVersion(codeServerBin, env);
  if (!version.startsWith(`${CODE_SERVER_VERSION} `)) throw new Error(`${codeServerBin} --version printed:\n${version}`);
  writeMarker(dir, CODE_SERVER_SPEC, version);
  log(`e2e: code-server ${CODE_SERVER_VERSION} installed in ${seconds(started)}`);
}

/**
 * Runs `code-server --version` (proves it starts on Node 24). Even that writes a default config and
 * logs under XDG folders, so point them at a throw-away folder instead of the user's home.
 */
async function codeServerVersion(codeServerBin: string, env: NodeJS.ProcessEnv): Promise<string> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gumloop-cs-version-'));
  try {
    const out = await exec(codeServerBin, ['--version'], {
      env: { ...env, XDG_CONFIG_HOME: scratch, XDG_DATA_HOME: scratch, XDG_CACHE_HOME: scratch },
    });
    // e.g. "4.139.1 <commit> with Code 1.139.1", after an info line about the config file.
    return out.split('\n').find((line) => /^\d+\.\d+\.\d+ /.test(line))?.trim() ?? out.trim();
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * The environment minus what an outer `npm run` exported (`npm_config_user_agent`, `npm_node_execpath`,
 * `npm_package_*`, ...). code-server's postinstall reads the Node version from `npm_config_user_agent`;
 * inherited, it names the outer npm's Node 20 and the install fails although Node 24 is first on PATH.
 * The nested npm sets its own `npm_*` variables afresh.
 */
export function withoutOuterNpm(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^npm_/i.test(name)));
}

/**
 * The environment of code-server's nested install: npm and the postinstall run on Node 24, and
 * npm_config_nodedir points node-gyp at that Node's own headers. As an environment variable it
 * outranks a nodedir set in the machine's npmrc (which would build against the system Node's
 * headers) and stops node-gyp from trying to download headers.
 */
export function codeServerInstallEnv(env: NodeJS.ProcessEnv, nodeHome: string): NodeJS.ProcessEnv {
  return { ...withoutOuterNpm(env), PATH: withNodeFirst(path.join(nodeHome, 'bin'), env.PATH), npm_config_nodedir: nodeHome };
}

/** PATH with `binDir` first, so `#!/usr/bin/env node` scripts (npm, code-server) run on that Node. */
export function withNodeFirst(binDir: string, searchPath = process.env.PATH): string {
  return [binDir, searchPath ?? ''].filter(Boolean).join(path.delimiter);
}

function startFresh(dir: string, packageJson: object, logFile: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(packageJson, null, 2) + '\n');
  fs.writeFileSync(logFile, '');
}

function markerMatches(dir: string, spec: string): boolean {
  try {
    return (JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8')) as { spec?: unknown }).spec === spec;
  } catch {
    return false;
  }
}

function writeMarker(dir: string, spec: string, version: string): void {
  fs.writeFileSync(path.join(dir, MARKER), JSON.stringify({ spec, version, installedAt: new Date().toISOString() }) + '\n');
}

function seconds(since: number): string {
  return `${Math.round((Date.now() - since) / 1000)} s`;
}
