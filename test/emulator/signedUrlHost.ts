// The second listener: the "cloud storage" host that artifact download URLs point at. It checks
// each URL's signature and expiry, serves the artifact version's bytes, and records every
// request's headers, so tests can assert that no Gumloop credential (Authorization,
// x-auth-key) ever reaches it. It knows nothing of API keys: the signature is the credential.

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { artifactBytesFile } from './agentStore';

export interface SignedRequest {
  method: string;
  /** The path without the query (the query holds the signature). */
  path: string;
  /** Lower-cased names, as received. */
  headers: Record<string, string>;
  status: number;
}

export interface SignedUrlHost {
  /** e.g. http://127.0.0.1:PORT */
  origin: string;
  port: number;
  /** A URL for one artifact version, valid for `ttlMs` (default 15 minutes). */
  sign(artifactId: string, versionId: string, ttlMs?: number): string;
  /** Every request received, oldest first (the same array for the host's lifetime). */
  requests: SignedRequest[];
  close(): Promise<void>;
}

export const SIGNATURE_PARAM = 'X-Goog-Signature';
export const EXPIRES_PARAM = 'X-Goog-Expires';

export async function startSignedUrlHost(options: { dataDir: string; host: string; now: () => number; log: (line: string) => void }): Promise<SignedUrlHost> {
  const secret = randomBytes(32);
  const requests: SignedRequest[] = [];
  const signature = (artifactId: string, versionId: string, expires: string) => createHmac('sha256', secret).update(`${artifactId}\n${versionId}\n${expires}`).digest('hex');

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://signed.invalid');
    const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]));
    const record: SignedRequest = { method: request.method ?? 'GET', path: url.pathname, headers, status: 0 };
    requests.push(record);
    const answer = (status: number, text: string) => {
      record.status = status;
      response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(Buffer.byteLength(text)) });
      response.end(text);
    };
    // Never the query in the log: it is the credential.
    response.on('finish', () => options.log(`signed ${record.method} ${url.pathname} ${record.status}`));
    const match = /^\/artifacts\/([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)\/[^/]*$/.exec(url.pathname);
    if (record.method !== 'GET' || !match) return answer(404, 'No such object');
    const [, artifactId, versionId] = match;
    const expires = url.searchParams.get(EXPIRES_PARAM) ?? '';
    const given = Buffer.from(url.searchParams.get(SIGNATURE_PARAM) ?? '', 'utf8');
    const wanted = Buffer.from(signature(artifactId, versionId, expires), 'utf8');
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return answer(403, 'SignatureDoesNotMatch');
    if (!/^\d+$/.test(expires) || Number(expires) < options.now()) return answer(400, 'ExpiredToken: the signed URL has expired');
    const file = artifactBytesFile(options.dataDir, artifactId, versionId);
    const stats = await stat(file).catch(() => undefined);
    if (!stats?.isFile()) return answer(404, 'No such object');
    record.status = 200;
    response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(stats.size) });
    createReadStream(file).pipe(response);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const origin = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    origin,
    port,
    requests,
    sign: (artifactId, versionId, ttlMs = 15 * 60_000) => {
      const expires = String(options.now() + ttlMs);
      const params = new URLSearchParams({ [EXPIRES_PARAM]: expires, [SIGNATURE_PARAM]: signature(artifactId, versionId, expires) });
      return `${origin}/artifacts/${artifactId}/${versionId}/file?${params}`;
    },
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      })),
  };
}
