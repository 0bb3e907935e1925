// What tests inspect afterwards: every API request as the emulator received it.

import type { IncomingHttpHeaders } from 'node:http';
import { parseJson } from './httpIo';

export interface RecordedRequest {
  method: string;
  /** The path without the query, e.g. /api/v1/download_files. */
  path: string;
  /** The query parameters (get_pl_run sends its run_id and scope here). */
  query: Record<string, string>;
  /** Lower-cased names, as received; tests use them to check what the client sent. */
  headers: Record<string, string>;
  /** The body parsed as JSON, or null when there was none or it was not JSON. */
  body: unknown;
  /** When the request arrived (ms since the epoch): request-rate measurements read it. */
  receivedAt: number;
}

export function recordRequest(method: string, url: URL, headers: IncomingHttpHeaders, body: Buffer): RecordedRequest {
  const parsed = body.length > 0 ? parseJson(body) : undefined;
  return {
    method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]),
    ),
    body: parsed?.ok ? parsed.value : null,
    receivedAt: Date.now(),
  };
}

/** Requests per endpoint, e.g. {"GET /get_pl_run": 12}: what the request-budget tests and the benchmark count. */
export function countRequests(requests: readonly RecordedRequest[], apiPrefix: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const request of requests) {
    const key = `${request.method} ${request.path.startsWith(apiPrefix) ? request.path.slice(apiPrefix.length) : request.path}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
