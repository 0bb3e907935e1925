// `npm start`: the extension (as packaged by `npm run package`) in a real VS Code served by code-server,
// wired to the Gumloop API emulator with demo data. Open the printed URL; Ctrl-C stops everything.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copySeed, DEMO, startEmulator } from '../emulator/server';
import { registerCleanup, runCleanups, setSignalExitCode } from '../e2e/cleanup';
import { startCodeServer } from '../e2e/codeServer';
import { tail } from '../e2e/exec';
import { REPO_ROOT } from '../e2e/paths';
import { preferredPort } from '../e2e/ports';
import { e2eCacheDir, ensureVsCode } from '../e2e/vscodeInstall';
import { demoReadme } from './workspaceReadme';

const EMULATOR_PORT = 8787;
const CODE_SERVER_PORT = 8080;

async function main(): Promise<number> {
  // Ctrl-C is how the demo is meant to end.
  setSignalExitCode(() => 0);
  const vscode = await ensureVsCode();
  const vsix = path.join(REPO_ROOT, 'gumloop-files.vsix');
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} not found: run \`npm start\` (it packages first) or \`npm run package\``);

  // Fresh every start, kept after Ctrl-C so what the demo downloaded can still be looked at.
  const demoDir = path.join(e2eCacheDir(), 'demo');
  fs.rmSync(demoDir, { recursive: true, force: true });
  const dataDir = path.join(demoDir, 'emulator-data');
  const workspace = path.join(demoDir, 'workspace');
  fs.mkdirSync(dataDir, { recursive: true });
  fs.mkdirSync(workspace, { recursive: true });

  await copySeed(dataDir);
  const emulator = await startEmulator({ dataDir, port: await preferredPort(EMULATOR_PORT) });
  registerCleanup(() => emulator.close());

  fs.writeFileSync(
    path.join(workspace, 'README.md'),
    demoReadme({ apiKey: DEMO.apiKey, userId: DEMO.userId, runs: DEMO.runs, emulatorUrl: emulator.baseUrl }),
  );

  console.log('starting VS Code (code-server)...');
  const codeServer = await startCodeServer({
    codeServerBin: vscode.codeServerBin,
    nodeBin: vscode.nodeBin,
    workspace,
    vsix,
    userSettings: { 'gumloop.userId': DEMO.userId },
    machineSettings: { 'gumloop.baseUrl': emulator.baseUrl },
    port: await preferredPort(CODE_SERVER_PORT),
    scratchDir: path.join(demoDir, 'code-server'),
  });

  console.log(
    [
      '',
      '==================== Gumloop Files demo ====================',
      `  Open in a browser:  ${codeServer.url}/?folder=${encodeURIComponent(workspace).replace(/%2F/g, '/')}`,
      `  Emulated API:       ${emulator.baseUrl}`,
      `  Demo API key:       ${DEMO.apiKey}`,
      `  Demo user ID:       ${DEMO.userId}`,
      '  Run IDs to try:',
      ...Object.entries(DEMO.runs).map(([what, id]) => `    ${id}  (${what})`),
      `  Workspace:          ${workspace}  (README.md inside says what to try)`,
      '  Ctrl-C stops everything.',
      '============================================================',
      '',
    ].join('\n'),
  );

  // Runs until Ctrl-C, whose handler stops everything and exits 0.
  const code = await codeServer.exited;
  // Stopped by us (Ctrl-C): let the signal handler finish its cleanup; it exits 0.
  if (codeServer.stopRequested) return new Promise<number>(() => undefined);
  console.error(`code-server exited unexpectedly (code ${code}); last lines of ${codeServer.logFile}:`);
  console.error(tail(fs.readFileSync(codeServer.logFile, 'utf8'), 30));
  await runCleanups();
  return 1;
}

main().then(
  (code) => process.exit(code),
  async (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    await runCleanups();
    process.exit(1);
  },
);
