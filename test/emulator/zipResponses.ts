// The ways download_files answers 200: the plain zip, or the zip reshaped by a body fault.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { STATUS_CODES, type ServerResponse } from 'node:http';
import { pipeline } from 'node:stream';
import { ApiError } from './apiError';
import type { Fault } from './faults';
import { sendError } from './httpIo';
import { sendShapedBody } from './shapedBody';

/** Big reads keep a 1 GiB benchmark archive I/O-bound on the client, not on the emulator. */
const ARCHIVE_READ_CHUNK_BYTES = 1024 * 1024;

export type BodyFault = Extract<Fault, { type: 'drop' | 'stall' | 'truncated' | 'not-zip' | 'slow' }>;

function zipHeaders(contentLength: number): Record<string, string> {
  return {
    'Content-Type': 'application/zip',
    'Content-Length': String(contentLength),
    'Content-Disposition': 'attachment; filename="files.zip"',
  };
}

export function sendZip(response: ServerResponse, zip: Buffer, fault?: BodyFault): void {
  if (fault?.type === 'not-zip') {
    const text = Buffer.from('This is not a zip archive: the emulator\'s not-zip fault replaced the body.\n');
    response.writeHead(200, zipHeaders(text.length));
    response.end(text);
    return;
  }
  sendShapedBody(response, zip, zipHeaders(zip.length), fault);
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
