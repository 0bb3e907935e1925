// The ways download_files answers 200: the plain zip, or the zip reshaped by a body fault.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { STATUS_CODES, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { ApiError } from './apiError';
import type { Fault } from './faults';
import { sendError } from './httpIo';

/** Big reads keep a 1 GiB benchmark archive I/O-bound on the client, not on the emulator. */
const ARCHIVE_READ_CHUNK_BYTES = 1024 * 1024;
/** How often a slow body trickles out; small enough for smooth progress, large enough to be cheap. */
const SLOW_TICK_MS = 50;

export type BodyFault = Extract<Fault, { type: 'drop' | 'stall' | 'truncated' | 'not-zip' | 'slow' }>;

function zipHeaders(contentLength: number): Record<string, string> {
  return {
    'Content-Type': 'application/zip',
    'Content-Length': String(contentLength),
    'Content-Disposition': 'attachment; filename="files.zip"',
  };
}

export function sendZip(response: ServerResponse, zip: Buffer, fault?: BodyFault): void {
  switch (fault?.type) {
    case undefined:
      response.writeHead(200, zipHeaders(zip.length));
      response.end(zip);
      return;
    case 'drop': {
      response.writeHead(200, zipHeaders(zip.length));
      const sent = zip.subarray(0, fault.afterBytes ?? Math.floor(zip.length / 2));
      // Destroy only once the prefix reached the socket, so the client really sees it first.
      response.write(sent, () => response.destroy());
      return;
    }
    case 'stall': {
      response.writeHead(200, zipHeaders(zip.length));
      const sent = zip.subarray(0, fault.afterBytes ?? 0);
      if (sent.length > 0) response.write(sent);
      else response.flushHeaders();
      return; // never end: the server's close() destroys the socket
    }
    case 'truncated': {
      const half = zip.subarray(0, Math.floor(zip.length / 2));
      response.writeHead(200, zipHeaders(half.length));
      response.end(half);
      return;
    }
    case 'not-zip': {
      const text = Buffer.from('This is not a zip archive: the emulator\'s not-zip fault replaced the body.\n');
      response.writeHead(200, zipHeaders(text.length));
      response.end(text);
      return;
    }
    case 'slow':
      sendThrottled(response, zip, fault.bytesPerSecond);
      return;
  }
}

function sendThrottled(response: ServerResponse, body: Buffer, bytesPerSecond: number): void {
  const chunkSize = Math.max(1, Math.floor((bytesPerSecond * SLOW_TICK_MS) / 1000));
  // Derived from the rounded chunk so tiny rates (a few bytes a second) stay exact.
  const delayMs = (chunkSize * 1000) / bytesPerSecond;
  let offset = 0;
  let timer: NodeJS.Timeout | undefined;
  response.on('close', () => clearTimeout(timer));
  response.writeHead(200, zipHeaders(body.length));
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

/** Streams an archive from disk without ever holding it in memory. */
export async function sendArchiveFile(response: ServerResponse, filePath: string): Promise<void> {
  let size: number;
  try {
    const stats = await stat(filePath);
    if (!stats.isFile()) throw new Error('not a file');
    size = stats.size;
  } catch (cause) {
    throw new ApiError(500, `Emulator archive fault: cannot read ${filePath} (${(cause as Error).message})`);
  }
  response.writeHead(200, zipHeaders(size));
  pipeline(createReadStream(filePath, { highWaterMark: ARCHIVE_READ_CHUNK_BYTES }), response, () => {
    // A client that hangs up mid-stream is normal in benchmarks and cancellation tests: nothing to report.
  });
}

export function sendStatusFault(response: ServerResponse, fault: Extract<Fault, { type: 'status' }>): void {
  const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : {};
  sendError(response, fault.status, fault.error ?? STATUS_CODES[fault.status] ?? `HTTP ${fault.status}`, headers);
}
