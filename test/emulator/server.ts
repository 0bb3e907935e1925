// The Gumloop API emulator: a real HTTP server over a data folder, with switchable faults.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiCall } from './apiCall';
import { ApiError } from './apiError';
import { CONTROL_PREFIX, handleControl } from './controlRoutes';
import { handleDownloadFiles } from './downloadFiles';
import { FaultBook, faultKey, type Fault, type FaultTarget } from './faults';
import { handleGetPlRun } from './getPlRun';
import { RUN_FLOW_ROUTES } from './runFlowRoutes';
import { echoCredentialsInErrors, readRequestBody, sendError } from './httpIo';
import { handleListSavedItems } from './listSavedItems';
import { handleListWorkbooks } from './listWorkbooks';
import { matchAgentRoute } from './agentRoutes';
import { startSignedUrlHost, type SignedRequest } from './signedUrlHost';
import { countRequests, recordRequest, type RecordedRequest } from './recordedRequests';
import { logWhenAnswered } from './requestLog';
import { setRunState, type EmulatorClock } from './runLifecycle';
import { handleRunHistory } from './runHistory';
import type { RunJson, RunState } from './runStore';

export { addFlow } from './addFlow';
export { addRun } from './addRun';
export { copySeed, DEMO, seedFolder } from './demo';
export type { Fault, FaultTarget, FaultType } from './faults';
export type { FlowInput, FlowJson, WorkbookJson } from './flowStore';
export type { RecordedRequest } from './recordedRequests';
export { addAgentData, type AgentData, type AgentJson, type ArtifactJson, type SessionJson, type TeamJson } from './agentStore';
export type { SignedRequest } from './signedUrlHost';
export { plannedLifecycle, runAt, type EmulatorClock, type LifecycleStep, type PlannedRun, type RunLifecycle } from './runLifecycle';
export type { RunJson, RunState } from './runStore';

export const API_PREFIX = '/api/v1';

export interface EmulatorOptions {
  /** Holds accounts.json and runs/<runId>/; read on every request. */
  dataDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Receives one line per request (method, path, status; never headers). */
  log?: (line: string) => void;
  /** Milliseconds since the epoch; tests replace it to move run lifecycles without waiting. */
  now?: () => number;
}

export interface Emulator {
  /** e.g. http://127.0.0.1:PORT/api/v1 */
  baseUrl: string;
  port: number;
  dataDir: string;
  /** Arms a fault for download_files of one run; undefined disarms it. */
  setFault(runId: string, fault: Fault | undefined): void;
  /** Arms a fault for any target, e.g. {endpoint: 'get_plrun_saved_item_map', subject: flowId}. */
  setFaultFor(target: FaultTarget, fault: Fault | undefined): void;
  /** The test hook: the run enters `state` now (its planned lifecycle is dropped). */
  setRunState(runId: string, state: RunState, log?: string[]): Promise<RunJson>;
  /** The clock run lifecycles are read with. */
  clock: EmulatorClock;
  /** Every API request received, oldest first (the same array for the emulator's lifetime). */
  requests: RecordedRequest[];
  /** The second listener, serving artifacts' signed download URLs, e.g. http://127.0.0.1:PORT2. */
  signedUrlOrigin: string;
  /** Every request the signed-URL listener received (headers included), oldest first. */
  signedRequests: SignedRequest[];
  /** Requests per endpoint since the last clearRequests(), e.g. {"GET /get_pl_run": 3}. */
  requestCounts(): Record<string, number>;
  clearRequests(): void;
  /** Stops listening and destroys open sockets, so stalled or slow answers cannot hold it up. */
  close(): Promise<void>;
}

type ApiHandler = (call: ApiCall) => Promise<void>;

const API_ROUTES: Record<string, ApiHandler> = {
  'POST /download_files': handleDownloadFiles,
  'GET /get_pl_run': handleGetPlRun,
  'GET /list_saved_items': handleListSavedItems,
  'GET /get_plrun_saved_item_map': handleRunHistory,
  'GET /list_workbooks': handleListWorkbooks,
  ...RUN_FLOW_ROUTES,
};

export async function startEmulator(options: EmulatorOptions): Promise<Emulator> {
  const host = options.host ?? '127.0.0.1';
  const faults = new FaultBook();
  const requests: RecordedRequest[] = [];
  const log = options.log ?? (() => undefined);
  const now = options.now ?? Date.now;
  const clock: EmulatorClock = { now: () => now(), startedAtMs: now() };
  const signedUrls = await startSignedUrlHost({ dataDir: options.dataDir, host, now: () => now(), log });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://emulator.invalid');
    const logEntry = logWhenAnswered(method, `${url.pathname}${url.search}`, response, log);
    try {
      const body = await readRequestBody(request);
      if (url.pathname.startsWith(CONTROL_PREFIX)) {
        await handleControl(method, url.pathname, body, response, { faults, requests, apiPrefix: API_PREFIX, dataDir: options.dataDir, clock });
        return;
      }
      if (!url.pathname.startsWith(`${API_PREFIX}/`)) throw new ApiError(404, `Not found: ${url.pathname}`);
      requests.push(recordRequest(method, url, request.headers, body));
      echoCredentialsInErrors(response, request.headers);
      const route = url.pathname.slice(API_PREFIX.length);
      const agentRoute = matchAgentRoute(method, route);
      const handler = API_ROUTES[`${method} ${route}`] ?? (agentRoute === 'wrong-method' ? undefined : agentRoute);
      if (!handler) {
        const known = agentRoute === 'wrong-method' || Object.keys(API_ROUTES).some((key) => key.endsWith(` ${route}`));
        throw known ? new ApiError(405, `Method ${method} not allowed on ${url.pathname}`) : new ApiError(404, `Not found: ${url.pathname}`);
      }
      await handler({
        dataDir: options.dataDir,
        headers: request.headers,
        query: url.searchParams,
        body,
        response,
        faults,
        clock,
        signedUrls,
        noteFault: (type) => (logEntry.fault = type),
      });
    } catch (error) {
      answerError(response, error);
    }
  }

  const server = createServer((request, response) => void handle(request, response));
  await listen(server, options.port ?? 0, host);
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;

  return {
    baseUrl: `http://${urlHost(host)}:${port}${API_PREFIX}`,
    port,
    dataDir: options.dataDir,
    setFault: (runId, fault) => faults.set(runId, fault),
    setFaultFor: (target, fault) => faults.set(faultKey(target), fault),
    setRunState: (runId, state, lines) => setRunState(options.dataDir, runId, state, clock, lines),
    clock,
    requests,
    signedUrlOrigin: signedUrls.origin,
    signedRequests: signedUrls.requests,
    requestCounts: () => countRequests(requests, API_PREFIX),
    clearRequests: () => {
      requests.length = 0; // emptied in place: callers may hold the array
    },
    close: () => (closing ??= Promise.all([closeServer(server), signedUrls.close()]).then(() => undefined)),
  };
}

function answerError(response: ServerResponse, error: unknown): void {
  if (response.headersSent) {
    // Half an answer cannot be turned into an error any more; cutting it off is the honest signal.
    response.destroy();
    return;
  }
  if (error instanceof ApiError) {
    sendError(response, error.status, error.message, error.headers);
    return;
  }
  // Emulator bugs and broken data folders surface as a 500 the test can read.
  sendError(response, 500, `Emulator error: ${(error as Error)?.message ?? String(error)}`);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

/** A wildcard listen address is reachable on loopback; IPv6 literals need brackets in a URL. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
