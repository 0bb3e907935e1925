// The Gumloop API client: download_files streamed to a file, get_pl_run as JSON.
// Pure Node (undici), shared by the extension and the CLI.
import { GumloopError, throwIfAborted } from '../errors';
import { cleanLine, cleanText } from '../sanitize';
import type { NetworkOptions } from './dispatcher';
import type { Dispatcher, RequestOptions } from './undici';
import { errorForStatus, errorForTransport, type RequestContext } from './httpErrors';
import { DEFAULT_RETRY_POLICY, withRetries, type RetryPolicy } from './retry';
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
   * GET `<base>/<endpoint>?<query>` with the scope (`project_id` or `user_id`) added, answering the
   * body text of a 200 (bounded) or throwing the GumloopError for the status. Retried like every
   * call. Resource modules (flows, runs, pipelines) parse the text themselves, tolerantly.
   */
  async getJson(endpoint: string, query: Record<string, string>, options: JsonCallOptions = {}): Promise<string> {
    const params = new URLSearchParams(query);
    const { userId, projectId } = this.options.credentials;
    if (projectId) params.set('project_id', projectId);
    else if (userId) params.set('user_id', userId);
    return this.jsonCall('GET', `${endpoint}?${params}`, undefined, options);
  }

  /** POST `<base>/<endpoint>` with a JSON body (the scope is added unless the body names one). */
  async postJson(endpoint: string, body: Record<string, unknown>, options: JsonCallOptions = {}): Promise<string> {
    const { userId, projectId } = this.options.credentials;
    const scoped = { ...body };
    if (!('project_id' in scoped) && !('user_id' in scoped)) {
      if (projectId) scoped.project_id = projectId;
      else if (userId) scoped.user_id = userId;
    }
    return this.jsonCall('POST', endpoint, JSON.stringify(scoped), options);
  }

  private async jsonCall(method: 'GET' | 'POST', pathAndQuery: string, body: string | undefined, options: JsonCallOptions): Promise<string> {
    const context = { ...this.context(), ...options.context };
    const url = `${this.baseUrl}/${pathAndQuery}`;
    return withRetries(
      async () => {
        try {
          const response = await this.request(url, {
            method,
            headers: { ...this.headers(), accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
            body,
            signal: options.signal,
          });
          const text = await readCapped(response.body, MAX_JSON_BYTES);
          if (response.statusCode !== 200) throw errorForStatus(response.statusCode, text, response.headers, context);
          return text;
        } catch (error) {
          throw errorForTransport(error, context, options.signal);
        }
      },
      { ...this.retryPolicy, ...(options.retry ?? {}) },
      options.signal,
      this.retryNotice,
    );
  }

  async close(): Promise<void> {
    await this.dispatcher?.close();
  }

  /** The JSON body, with the spec's field names and absent fields left out. */
  requestBody(download: DownloadRequest): Record<string, unknown> {
    const { userId, projectId } = this.options.credentials;
    const body: Record<string, unknown> = { file_names: download.fileNames, run_id: download.runId };
    if (projectId) body.project_id = projectId;
    else if (userId) body.user_id = userId;
    if (download.savedItemId) body.saved_item_id = download.savedItemId;
    return body;
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

/** Error bodies are read for their message only; a server sending megabytes gets cut off. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;
/** JSON answers (get_pl_run carries logs and outputs; lists of flows): generous, but bounded. */
const MAX_JSON_BYTES = 16 * 1024 * 1024;

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
export function credentialProblem(credentials: Partial<Credentials>): string | undefined {
  if (!credentials.apiKey) return 'No Gumloop API key is set.';
  const keyProblem = apiKeyProblem(credentials.apiKey);
  if (keyProblem) return keyProblem;
  if (credentials.authMode !== 'oauth' && !credentials.userId) {
    return 'A personal API key needs your Gumloop user ID (sent as x-auth-key). Set the user ID, or mark the key as an OAuth access token.';
  }
  if (!credentials.userId && !credentials.projectId) return 'Set a user ID or a project ID: Gumloop needs one of them to find the run.';
  return undefined;
}
