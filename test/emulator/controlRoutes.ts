// /__emulator/*: how a test in another process (e2e, benchmarks) arms faults and reads requests.
//   POST   /__emulator/faults    {runId, fault}   fault null clears it
//   GET    /__emulator/faults                     the armed faults by run id
//   DELETE /__emulator/faults                     clears all faults
//   GET    /__emulator/requests                   the recorded API requests (an array)
//   DELETE /__emulator/requests                   forgets them

import type { ServerResponse } from 'node:http';
import { ApiError } from './apiError';
import { parseFault, type FaultBook } from './faults';
import { parseJson, sendJson } from './httpIo';
import type { RecordedRequest } from './recordedRequests';

export const CONTROL_PREFIX = '/__emulator/';

export interface ControlState {
  faults: FaultBook;
  requests: RecordedRequest[];
}

export function handleControl(method: string, pathname: string, body: Buffer, response: ServerResponse, state: ControlState): void {
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
    case 'DELETE requests':
      state.requests.length = 0;
      return sendJson(response, 200, { ok: true });
    default:
      throw new ApiError(404, `No emulator control route ${method} ${pathname}`);
  }
}

function armFault(body: Buffer, faults: FaultBook): void {
  const parsed = parseJson(body);
  const command = parsed.ok ? (parsed.value as { runId?: unknown; fault?: unknown } | null) : null;
  if (typeof command?.runId !== 'string' || command.runId === '') {
    throw new ApiError(400, 'Expected JSON {"runId": "...", "fault": {...} | null}');
  }
  if (command.fault === null || command.fault === undefined) {
    faults.set(command.runId, undefined);
    return;
  }
  const fault = parseFault(command.fault);
  if (!fault.ok) throw new ApiError(400, `Invalid fault: ${fault.reason}`);
  faults.set(command.runId, fault.fault);
}
