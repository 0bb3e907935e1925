// A 200 body reshaped by a fault, the same way for zips and JSON: cut off, stalled, truncated or slow.

import type { ServerResponse } from 'node:http';
import type { Fault } from './faults';

/** How often a slow body trickles out; small enough for smooth progress, large enough to be cheap. */
const SLOW_TICK_MS = 50;

export type ShapingFault = Extract<Fault, { type: 'drop' | 'stall' | 'truncated' | 'slow' }>;

/** Content-Length is set here (overriding any in `headers`), since truncation changes it. */
export function sendShapedBody(response: ServerResponse, body: Buffer, headers: Record<string, string>, fault: ShapingFault | undefined): void {
  const withLength = (length: number): Record<string, string> => ({ ...headers, 'Content-Length': String(length) });
  switch (fault?.type) {
    case undefined:
      response.writeHead(200, withLength(body.length));
      response.end(body);
      return;
    case 'drop': {
      response.writeHead(200, withLength(body.length));
      const sent = body.subarray(0, fault.afterBytes ?? Math.floor(body.length / 2));
      // Destroy only once the prefix reached the socket, so the client really sees it first.
      response.write(sent, () => response.destroy());
      return;
    }
    case 'stall': {
      response.writeHead(200, withLength(body.length));
      const sent = body.subarray(0, fault.afterBytes ?? 0);
      if (sent.length > 0) response.write(sent);
      else response.flushHeaders();
      return; // never end: the server's close() destroys the socket
    }
    case 'truncated': {
      const half = body.subarray(0, Math.floor(body.length / 2));
      response.writeHead(200, withLength(half.length));
      response.end(half);
      return;
    }
    case 'slow':
      sendThrottled(response, body, withLength(body.length), fault.bytesPerSecond);
      return;
  }
}

function sendThrottled(response: ServerResponse, body: Buffer, headers: Record<string, string>, bytesPerSecond: number): void {
  const chunkSize = Math.max(1, Math.floor((bytesPerSecond * SLOW_TICK_MS) / 1000));
  // Derived from the rounded chunk so tiny rates (a few bytes a second) stay exact.
  const delayMs = (chunkSize * 1000) / bytesPerSecond;
  let offset = 0;
  let timer: NodeJS.Timeout | undefined;
  response.on('close', () => clearTimeout(timer));
  response.writeHead(200, headers);
  const writeNext = (): void => {
    if (response.destroyed) return;
    const chunk = body.subarray(offset, offset + chunkSize);
    offset += chunk.length;
    if (offset >= body.length) {
      response.end(chunk);
      return;
    }
    response.write(chunk);
    timer = setTimeout(writeNext, delayMs);
  };
  writeNext();
}
