// The Gumloop API client: download_files streamed to a file, get_pl_run as JSON.
// Pure Node (undici), shared by the extension and the CLI.
import { GumloopError, throwIfAborted } from '../errors';
import { validateBaseUrl } from '../validation';
import { cleanLine, cleanText } from '../sanitize';
import type { NetworkOptions } from './dispatcher';
import type { Dispatcher, RequestOptions } from './undici';
import { errorForStatus, errorForTransport, requestTimedOut, type RequestContext } from './httpErrors';
import { DEFAULT_RETRY_POLICY, withRetries, type RetryPolicy } from './retry';
import { timeLimit } from './timeLimit';
import { fetchSignedUrl, type SignedFetchDeps, type SignedFetchOptions } from './signedUrl';
import type { Credentials, DownloadProgress, DownloadRequest, RunInfo } from './types';

export const DEFAULT_API_BASE_URL = 'https://api.gumloop.com/api/v1';

export interface ClientOptions {
  credentials: Credentials;
  baseUrl?: string;
  network?: Partial<NetworkOptions>;
  retry?: Partial<RetryPolicy>;
  userAgent?: string;
  /** Told about each retry (never with the key): a log line, and the wait for a progress display. */
  onRetry?: (message: string, notice: { delayMs: number; attempt: number; attempts: number; error: Error }) => void;
}

/**
 * undici (with its HTTP parser) is two thirds of the extension's code: it is loaded on the first
 * request, not when the extension activates. In the extension it is a file of its own, so
 * activation does not even parse it (npm run bench measures require + activate()).
 */
function transport(): typeof import('./transport') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./transport') as typeof import('./transport');
}

export interface JsonCallOptions {
  signal?: AbortSignal;
  /** What the call is about, for error messages (a 404 names it). */
  context?: Partial<Pick<RequestContext, 'runId' | 'subject'>>;
  /** E.g. `{ retries: 0 }` for a call that must not be repeated (starting a run). */
  retry?: Partial<RetryPolicy>;
}

export interface DownloadResult {
  bytes: number;
  contentType?: string;
}

export class GumloopClient {
  private readonly baseUrl: string;
  private readonly network: NetworkOptions;
  private readonly retryPolicy: RetryPolicy;
  private dispatcher?: Dispatcher;

  constructor(private readonly options: ClientOptions) {
    this.baseUrl = (options.baseUrl || DEFAULT_API_BASE_URL).replace(/\/+$/, '');
    // The connect timeout follows a shorter request timeout (`--timeout 5` means 5 s, not 15).
    const requestTimeoutMs = options.network?.requestTimeoutMs ?? 60_000;
    this.network = { connectTimeoutMs: Math.min(15_000, requestTimeoutMs), requestTimeoutMs, ...options.network };
    this.retryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  }

  /** undici's request on this client's dispatcher, created on first use. */
  private request(url: string, options: RequestOptions) {
    const keyProblem = apiKeyProblem(this.options.credentials.apiKey);
    if (keyProblem) throw new GumloopError('unauthorized', keyProblem);
    // Said as what it is, not retried as a network fault ("could not reach Gumloop at ").
    const baseUrl = validateBaseUrl(this.baseUrl);
    if (!baseUrl.ok) throw new GumloopError('invalid-input', `The base URL setting is wrong: ${baseUrl.reason}.`);
    const { createDispatcher, request } = transport();
    this.dispatcher ??= createDispatcher(this.network);
    return request(this.dispatcher, url, options);
  }

  /** POST /download_files; streams the zip into `destinationFile` (created or truncated). */
  async downloadFiles(
    download: DownloadRequest,
    destinationFile: string,
    options: { signal?: AbortSignal; onProgress?: (progress: DownloadProgress) => void } = {},
  ): Promise<DownloadResult> {
    const body = JSON.stringify(this.requestBody(download));
    const context = this.context(download.runId);
    return withRetries(
      async () => {
        throwIfAborted(options.signal);
        try {
          const response = await this.request(`${this.baseUrl}/download_files`, {
            method: 'POST',
            headers: { ...this.headers(), 'content-type': 'application/json', accept: 'application/zip' },
            body,
            signal: options.signal,
          });
          if (response.statusCode !== 200) {
            throw errorForStatus(response.statusCode, await readCapped(response.body), response.headers, context);
          }
          const contentType = headerValue(response.headers['content-type']);
          if (contentType?.includes('json') || contentType?.includes('text/html')) {
            const text = await readCapped(response.body);
            throw new GumloopError('invalid-response', `Gumloop answered with ${contentType} instead of a zip archive. Check the base URL setting. (${text.slice(0, 120)})`);
          }
          const length = Number(headerValue(response.headers['content-length']));
          const totalBytes = Number.isFinite(length) && length >= 0 ? length : undefined;
          const receivedBytes = await transport().saveBody(response.body, destinationFile, (bytes) => options.onProgress?.({ receivedBytes: bytes, totalBytes }), options.signal);
          if (totalBytes !== undefined && receivedBytes !== totalBytes) {
            throw new GumloopError('network', `The download ended early (${receivedBytes} of ${totalBytes} bytes). Try again.`, { cause: { code: 'ECONNRESET' } });
          }
          return { bytes: receivedBytes, contentType };
        } catch (error) {
          throw errorForTransport(error, context, options.signal);
        }
      },
      this.retryPolicy,
      options.signal,
      this.retryNotice,
    );
  }

  /** GET /get_pl_run: the run's state, outputs, times and log. */
  async getRun(runId: string, options: { signal?: AbortSignal } = {}): Promise<RunInfo> {
    const text = await this.getJson('get_pl_run', { run_id: runId }, { signal: options.signal, context: { runId } });
    return parseRunInfo(text);
  }

  /**
   * GET `<base>/<endpoint>?<query>` with the scope (`user_id`, `project_id`: see scope()) added, answering the
   * body text of a 200 (bounded) or throwing the GumloopError for the status. Retried like every
   * call. Resource modules (flows, runs, pipelines) parse the text themselves, tolerantly.
   */
  async getJson(endpoint: string, query: Record<string, string>, options: JsonCallOptions = {}): Promise<string> {
    const params = new URLSearchParams(query);
    for (const [name, value] of Object.entries(this.scope())) params.set(name, value);
    return this.jsonCall('GET', `${endpoint}?${params}`, undefined, options);
  }

  /**
   * GET `<base>/<path>?<query>` exactly as given: the agents API (agents, teams, sessions,
   * artifacts) scopes by its own parameters (`team_id`), not the flows' user/project scope.
   * Same auth headers, retries and time limits as every call.
   */
  async getPath(path: string, query: Record<string, string>, options: JsonCallOptions = {}): Promise<string> {
    const params = new URLSearchParams(query).toString();
    return this.jsonCall('GET', params ? `${path}?${params}` : path, undefined, options);
  }

  /** POST `<base>/<endpoint>` with a JSON body (the scope is added unless the body names one). */
  async postJson(endpoint: string, body: Record<string, unknown>, options: JsonCallOptions = {}): Promise<string> {
    const scoped = 'project_id' in body || 'user_id' in body ? { ...body } : { ...body, ...this.scope() };
    return this.jsonCall('POST', endpoint, JSON.stringify(scoped), options);
  }

  private async jsonCall(method: 'GET' | 'POST', pathAndQuery: string, body: string | undefined, options: JsonCallOptions): Promise<string> {
    const context = { ...this.context(), ...options.context };
    const url = `${this.baseUrl}/${pathAndQuery}`;
    return withRetries(
      async () => {
        // The request timeout bounds the whole answer, not only each silence: an answer that
        // dribbles a byte at a time would otherwise hold a poll (and a wait's deadline) forever.
        // A grace lets undici's connect and header timeouts (coarse timers), which say more, fire first.
        const limit = timeLimit(context.requestTimeoutMs + TOTAL_LIMIT_GRACE_MS, requestTimedOut(context), options.signal);
        try {
          const response = await this.request(url, {
            method,
            headers: { ...this.headers(), accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
            body,
            signal: limit.signal,
          });
          if (response.statusCode !== 200) throw errorForStatus(response.statusCode, await readCapped(response.body), response.headers, context);
          return await readJsonText(response.body, endpointOf(pathAndQuery), { expectedBytes: Number(headerValue(response.headers['content-length'])) });
        } catch (error) {
          throw errorForTransport(error, context, limit.signal);
        } finally {
          limit.clear();
        }
      },
      { ...this.retryPolicy, ...(options.retry ?? {}) },
      options.signal,
      this.retryNotice,
    );
  }

  /**
   * GETs an artifact's signed download URL (another host) into `destinationFile` through this
   * client's proxy and timeouts, WITHOUT the Gumloop credentials: see signedUrl.ts.
   */
  async downloadSignedUrl(url: string, destinationFile: string, options: SignedFetchOptions): Promise<number> {
    const deps: SignedFetchDeps = {
      request: (target, requestOptions) => {
        const { createDispatcher, request } = transport();
        this.dispatcher ??= createDispatcher(this.network);
        return request(this.dispatcher, target, requestOptions);
      },
      saveBody: (body, file, onBytes, signal) => transport().saveBody(body, file, onBytes, signal),
      requestTimeoutMs: this.network.requestTimeoutMs,
      userAgent: this.options.userAgent ?? 'gumloop-files',
      retry: this.retryPolicy,
      onRetry: this.retryNotice,
    };
    return fetchSignedUrl(deps, url, destinationFile, options);
  }

  async close(): Promise<void> {
    await this.dispatcher?.close();
  }

  /** The JSON body, with the spec's field names and absent fields left out. */
  requestBody(download: DownloadRequest): Record<string, unknown> {
    const body: Record<string, unknown> = { file_names: download.fileNames, run_id: download.runId, ...this.scope() };
    if (download.savedItemId) body.saved_item_id = download.savedItemId;
    return body;
  }

  /**
   * `user_id` whenever it is known, plus `project_id` when a project is chosen: every endpoint
   * takes both, start_pipeline requires user_id, and both official SDKs always send it.
   */
  scope(): { user_id?: string; project_id?: string } {
    const { userId, projectId } = this.options.credentials;
    return { ...(userId ? { user_id: userId } : {}), ...(projectId ? { project_id: projectId } : {}) };
  }

  headers(): Record<string, string> {
    const { apiKey, authMode, userId } = this.options.credentials;
    const headers: Record<string, string> = {
      authorization: `Bearer ${apiKey}`,
      'user-agent': this.options.userAgent ?? 'gumloop-files',
    };
    if (authMode === 'personal' && userId) headers['x-auth-key'] = userId;
    return headers;
  }

  private readonly retryNotice = (error: Error, delayMs: number, attempt: number): void => {
    const attempts = this.retryPolicy.retries + 1;
    this.options.onRetry?.(`Retrying in ${(delayMs / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${attempts}): ${error.message}`, { delayMs, attempt: attempt + 1, attempts, error });
  };

  private context(runId?: string): RequestContext {
    const { userId, projectId, apiKey } = this.options.credentials;
    return { baseUrl: this.baseUrl, runId, userId, projectId, requestTimeoutMs: this.network.requestTimeoutMs, secrets: [apiKey] };
  }
}

/** How much longer than the request timeout a JSON request may take in all (see jsonCall). */
const TOTAL_LIMIT_GRACE_MS = 2_000;

/** Error bodies are read for their message only; a server sending megabytes gets cut off. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
/**
 * JSON answers (get_pl_run carries the whole log and outputs; list_saved_items every flow): a long
 * run's log or a big account's flows can pass tens of MiB, so the bound is far above that, and
 * well below V8's longest string (about 512 Mi characters), which the text must fit in.
 */
export const MAX_JSON_BYTES = 256 * 1024 * 1024;

/**
 * The whole body of a 200, or an error that names the limit (a cut answer would read as "not
 * JSON"). With a Content-Length the chunks are copied into one buffer as they come, so the body
 * is not held twice (chunks, then their concatenation) on the way to its text.
 */
export async function readJsonText(
  body: AsyncIterable<Buffer> & { destroy(): unknown },
  endpoint: string,
  options: { limit?: number; expectedBytes?: number } = {},
): Promise<string> {
  const limit = options.limit ?? MAX_JSON_BYTES;
  const expected = options.expectedBytes;
  const whole = expected !== undefined && Number.isInteger(expected) && expected > 0 && expected <= limit ? Buffer.allocUnsafe(expected) : undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  let inWhole = 0;
  for await (const chunk of body) {
    if (size + chunk.length > limit) {
      body.destroy();
      throw new GumloopError(
        'invalid-response',
        `Gumloop's answer to ${endpoint} is larger than ${limit / 1024 / 1024} MiB, the most this client reads. Check the base URL setting; if it points at Gumloop, report it with the Gumloop log (for a run, its log may have grown too big: check the run in Gumloop).`,
      );
    }
    if (whole && chunks.length === 0 && size + chunk.length <= whole.length) {
      chunk.copy(whole, size);
      inWhole += chunk.length;
    } else {
      chunks.push(chunk);
    }
    size += chunk.length;
  }
  if (whole && chunks.length === 0) return whole.toString('utf8', 0, size);
  // No Content-Length, or a wrong one: what went into `whole` comes first.
  return Buffer.concat([...(whole ? [whole.subarray(0, inWhole)] : []), ...chunks], size).toString('utf8');
}

function endpointOf(pathAndQuery: string): string {
  return pathAndQuery.split('?')[0];
}

async function readCapped(body: AsyncIterable<Buffer> & { destroy(): unknown }, limit = MAX_ERROR_BODY_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function parseRunInfo(text: string): RunInfo {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch (cause) {
    throw new GumloopError('invalid-response', 'Gumloop answered get_pl_run with something that is not JSON. Check the base URL setting.', { cause });
  }
  if (!raw || typeof raw !== 'object' || typeof raw.state !== 'string') {
    throw new GumloopError('invalid-response', 'Gumloop answered get_pl_run without a run state. Check the base URL setting.');
  }
  const optionalString = (value: unknown) => (typeof value === 'string' && value ? cleanLine(value) : undefined);
  // State, times and log are shown, so cleaned here once (log lines keep their line breaks until
  // shown on one line); outputs stay as sent: they name files, which path validation judges.
  return {
    userId: typeof raw.user_id === 'string' ? raw.user_id : '',
    state: cleanLine(raw.state),
    outputs: raw.outputs && typeof raw.outputs === 'object' ? (raw.outputs as Record<string, unknown>) : {},
    createdTs: optionalString(raw.created_ts),
    finishedTs: optionalString(raw.finished_ts),
    log: Array.isArray(raw.log) ? raw.log.map((line) => cleanText(line)) : [],
  };
}

/**
 * A key with a line break (a paste that took the next line too) or another control character
 * cannot go into a header: undici refuses it, which used to read as a network failure.
 */
export function apiKeyProblem(apiKey: string): string | undefined {
  if (/[\r\n]/.test(apiKey)) return 'The API key contains a line break; paste it again.';
  if (/[\u0000-\u001f\u007f]/.test(apiKey)) return 'The API key contains a control character; paste it again.';
  return undefined;
}

/** Validates the credentials before any request, so the user hears what to set, not a 400/401. */
/** Which of Gumloop's APIs a client talks to: they scope requests differently (see credentialProblem). */
export type GumloopApi = 'flows' | 'agents';

/**
 * What keeps these credentials from being used, or undefined. Flow endpoints find runs and flows in
 * a user's or a project's scope, so they need one of the two; the agents API scopes by team
 * (`team_id`, omitted for the caller's own agents), so an OAuth token needs nothing else there.
 */
export function credentialProblem(credentials: Partial<Credentials>, api: GumloopApi = 'flows'): string | undefined {
  if (!credentials.apiKey) return 'No Gumloop API key is set.';
  const keyProblem = apiKeyProblem(credentials.apiKey);
  if (keyProblem) return keyProblem;
  if (credentials.authMode !== 'oauth' && !credentials.userId) {
    return 'A personal API key needs your Gumloop user ID (sent as x-auth-key). Set the user ID, or mark the key as an OAuth access token.';
  }
  if (api === 'flows' && !credentials.userId && !credentials.projectId) return 'Set a user ID or a project ID: Gumloop needs one of them to find the run.';
  return undefined;
}
