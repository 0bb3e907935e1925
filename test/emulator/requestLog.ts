// One log line per request, written when the answer is over (finished, dropped or cut off).
// Only method, path, status and timing: never headers, so no API key reaches a terminal.

import type { ServerResponse } from 'node:http';
import type { FaultType } from './faults';

export interface RequestLogEntry {
  fault?: FaultType;
}

export function logWhenAnswered(method: string, target: string, response: ServerResponse, log: (line: string) => void): RequestLogEntry {
  const entry: RequestLogEntry = {};
  const startedAt = performance.now();
  response.on('close', () => {
    const elapsedMs = Math.round(performance.now() - startedAt);
    const fault = entry.fault ? ` [fault: ${entry.fault}]` : '';
    const cutOff = response.writableFinished ? '' : ' (connection closed before the answer was complete)';
    log(`${method} ${target} ${response.statusCode} ${elapsedMs} ms${fault}${cutOff}`);
  });
  return entry;
}
