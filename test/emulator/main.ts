// `npm run emulator`: the emulator as a standalone server for the demo and manual testing.

import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { copySeed, DEMO, startEmulator } from './server';
import { DEMO_AGENTS } from './agentDemo';

const USAGE = `Usage: npm run emulator -- [--port 8787] [--host 127.0.0.1] [--data <dir>]

  --port  port to listen on (default 8787; 0 picks a free one)
  --host  address to listen on (default 127.0.0.1)
  --data  data folder with accounts.json and runs/ (default: a fresh temporary copy of the seed)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be an integer from 0 to 65535, not ${JSON.stringify(values.port)}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }

  // A temporary copy keeps the committed seed pristine when the demo or a test adds runs.
  const temporaryData = values.data === undefined ? await mkdtemp(path.join(os.tmpdir(), 'gumloop-emulator-')) : undefined;
  if (temporaryData) await copySeed(temporaryData);
  const dataDir = path.resolve(values.data ?? (temporaryData as string));

  const emulator = await startEmulator({ dataDir, port, host: values.host, log: (line) => console.log(`${new Date().toISOString()} ${line}`) });
  console.log(banner(emulator.baseUrl, dataDir, temporaryData !== undefined, emulator.signedUrlOrigin));

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the emulator`);
    await emulator.close();
    if (temporaryData) await rm(temporaryData, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

function banner(baseUrl: string, dataDir: string, isSeedCopy: boolean, signedUrlOrigin: string): string {
  const runs = Object.entries(DEMO.runs)
    .map(([label, runId]) => `    ${runId}  ${label}`)
    .join('\n');
  const flows = Object.entries(DEMO.flows)
    .map(([label, flowId]) => `    ${flowId}  ${label}`)
    .join('\n');
  const agents = Object.entries(DEMO_AGENTS.agents)
    .map(([label, agentId]) => `    ${agentId}  ${label}`)
    .join('\n');
  return `
Gumloop API emulator
  Base URL     ${baseUrl}
  API key      ${DEMO.apiKey}  (personal: send x-auth-key: ${DEMO.userId})
  OAuth token  ${DEMO.oauthToken}
  User ID      ${DEMO.userId}
  Project ID   ${DEMO.projectId}
  Data         ${dataDir}${isSeedCopy ? '  (temporary copy of the seed, removed on exit)' : ''}
  Runs
${runs}
  Flows
${flows}
  Agents
${agents}
  Signed URLs  ${signedUrlOrigin}  (artifact downloads: the second listener)
  Faults       POST ${new URL(baseUrl).origin}/__emulator/faults  {"runId": "...", "fault": {"type": "drop"}}

Press Ctrl+C to stop.
`;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
