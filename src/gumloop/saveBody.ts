// Streams a response body to a file, counting bytes as they pass. Part of the lazily loaded
// transport (see transport.ts): streams are not needed until the first download.
import { createWriteStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Resolves with the number of bytes written once the file is complete. */
export async function saveBody(body: Readable, file: string, onBytes: (receivedBytes: number) => void, signal?: AbortSignal): Promise<number> {
  let receivedBytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      receivedBytes += chunk.length;
      onBytes(receivedBytes);
      callback(null, chunk);
    },
  });
  await pipeline(body, counter, createWriteStream(file, { highWaterMark: 1 << 20 }), { signal });
  return receivedBytes;
}
