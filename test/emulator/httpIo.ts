// Reading request bodies and writing JSON answers, shared by the API and control routes.

import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from './apiError';

/** Real requests are a few names long; the cap only keeps a runaway client from filling memory. */
const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

export async function readRequestBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BODY_BYTES) throw new ApiError(413, 'Request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false };

export function parseJson(body: Buffer): ParsedJson {
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

export function sendJson(response: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = Buffer.from(JSON.stringify(value));
  response.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(body.length),
  });
  response.end(body);
}

export function sendError(response: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  const echo = echoedCredentials.get(response);
  sendJson(response, status, { error: echo ? `${message} (received ${echo})` : message }, headers);
}

/**
 * Every API error (4xx/5xx) repeats the credentials the request carried, as a careless server or
 * gateway might. The emulator always does it, so every error test also shows that neither the CLI
 * nor the extension passes the key on to a person or a log.
 */
const echoedCredentials = new WeakMap<ServerResponse, string>();

/** The echo at the end of an error message, for tests that check the message itself. */
export const CREDENTIALS_ECHO = / \(received (?:Authorization|x-auth-key) .*\)$/;

export function echoCredentialsInErrors(response: ServerResponse, headers: IncomingHttpHeaders): void {
  const parts: string[] = [];
  if (headers.authorization) parts.push(`Authorization “${headers.authorization}”`);
  const authKey = headers['x-auth-key'];
  if (authKey) parts.push(`x-auth-key “${Array.isArray(authKey) ? authKey.join(', ') : authKey}”`);
  if (parts.length > 0) echoedCredentials.set(response, parts.join(', '));
}
