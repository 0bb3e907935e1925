// /__emulator/*: how a test in another process (e2e, benchmarks) arms faults, moves runs and reads requests.
//   POST   /__emulator/faults               {runId, fault}                download_files of that run
//                                           {endpoint, subject?, fault}   a JSON endpoint (all, or one run/flow)
//                                           fault null clears it
//   GET    /__emulator/faults               the armed faults by key (run id, or "endpoint:subject")
//   DELETE /__emulator/faults               clears all faults
//   GET    /__emulator/requests             the recorded API requests (an array)
//   GET    /__emulator/requests/counts      requests per endpoint, e.g. {"GET /get_pl_run": 3}
//   DELETE /__emulator/requests             forgets them
//   POST   /__emulator/runs/<runId>/state   {state, log?}  the run enters that state now

import type { ServerResponse } from 'node:http';
import { ApiError } from './apiError';
import { parseFault, type FaultBook, type FaultTarget, faultKey } from './faults';
import { parseJson, sendJson } from './httpIo';
import { countRequests, type RecordedRequest } from './recordedRequests';
import { setRunState, type EmulatorClock } from './runLifecycle';
import type { RunState } from './runStore';
import { isSafeRunId } from './safeNames';

export const CONTROL_PREFIX = '/__emulator/';

export interface ControlState {
  faults: FaultBook;
  requests: RecordedRequest[];
  apiPrefix: string;
  dataDir: string;
  clock: EmulatorClock;
}

const RUN_STATE_ROUTE = /^POST runs\/([^/]+)\/state$/;

export async function handleControl(method: string, pathname: string, body: Buffer, response: ServerResponse, state: ControlState): Promise<void> {
  const route = `${method} ${pathname.slice(CONTROL_PREFIX.length)}`;
  switch (route) {
    case 'POST faults':
      armFault(body, state.faults);
      return sendJson(response, 200, { ok: true });
    case 'GET faults':
      return sendJson(response, 200, state.faults.snapshot());
    case 'DELETE faults':
      state.faults.clear();
      return sendJson(response, 200, { ok: true });
    case 'GET requests':
      return sendJson(response, 200, state.requests);
    case 'GET requests/counts':
      return sendJson(response, 200, countRequests(state.requests, state.apiPrefix));
    case 'DELETE requests':
      state.requests.length = 0;
      return sendJson(response, 200, { ok: true });
  }
  const runState = RUN_STATE_ROUTE.exec(route);
  if (runState) {
    const runId = decodeURIComponent(runState[1]);
    if (!isSafeRunId(runId)) throw new ApiError(400, `Invalid run id ${JSON.stringify(runId)}`);
    const parsed = parseJson(body);
    const command = parsed.ok ? (parsed.value as { state?: unknown; log?: unknown } | null) : null;
    const log = command?.log ?? [];
    if (typeof command?.state !== 'string' || !Array.isArray(log) || !log.every((line) => typeof line === 'string')) {
      throw new ApiError(400, 'Expected JSON {"state": "DONE", "log": ["optional line", ...]}');
    }
    const run = await setRunState(state.dataDir, runId, command.state as RunState, state.clock, log as string[]);
    return sendJson(response, 200, run);
  }
  throw new ApiError(404, `No emulator control route ${method} ${pathname}`);
}

function armFault(body: Buffer, faults: FaultBook): void {
  const parsed = parseJson(body);
  const command = parsed.ok ? (parsed.value as { runId?: unknown; endpoint?: unknown; subject?: unknown; fault?: unknown } | null) : null;
  const target = faultTarget(command);
  if (!target) {
    throw new ApiError(400, 'Expected JSON {"runId": "...", "fault": {...} | null} or {"endpoint": "get_pl_run", "subject": "optional run or flow id", "fault": ...}');
  }
  if (command?.fault === null || command?.fault === undefined) {
    faults.set(faultKey(target), undefined);
    return;
  }
  const fault = parseFault(command.fault);
  if (!fault.ok) throw new ApiError(400, `Invalid fault: ${fault.reason}`);
  try {
    faults.set(faultKey(target), fault.fault);
  } catch (error) {
    throw new ApiError(400, (error as Error).message);
  }
}

function faultTarget(command: { runId?: unknown; endpoint?: unknown; subject?: unknown } | null): FaultTarget | undefined {
  if (typeof command?.runId === 'string' && command.runId !== '') return { runId: command.runId };
  if (typeof command?.endpoint !== 'string' || command.endpoint === '') return undefined;
  if (command.subject !== undefined && typeof command.subject !== 'string') return undefined;
  return { endpoint: command.endpoint, subject: command.subject };
}
