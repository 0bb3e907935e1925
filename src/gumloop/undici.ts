// The few undici pieces the client uses, required one by one. undici's index also loads fetch,
// WebSocket, EventSource, caches and mocks; importing it whole adds ~200 KB to the bundle.
// Types still come from undici's own declarations.
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as Undici from 'undici';

export type Dispatcher = Undici.Dispatcher;
export type ResponseData = Undici.Dispatcher.ResponseData;
export type RequestOptions = Omit<Undici.Dispatcher.RequestOptions, 'origin' | 'path'> & { signal?: AbortSignal };

export const Agent: typeof Undici.Agent = require('undici/lib/dispatcher/agent');
export const ProxyAgent: typeof Undici.ProxyAgent = require('undici/lib/dispatcher/proxy-agent');
export const EnvHttpProxyAgent: typeof Undici.EnvHttpProxyAgent = require('undici/lib/dispatcher/env-http-proxy-agent');
const requestOnDispatcher: (this: Dispatcher, options: Undici.Dispatcher.RequestOptions) => Promise<ResponseData> = require('undici/lib/api/api-request');

/** undici's `request(url, {dispatcher})`, without the global-dispatcher fallback. */
export function request(dispatcher: Dispatcher, url: string, options: RequestOptions): Promise<ResponseData> {
  const parsed = new URL(url);
  return requestOnDispatcher.call(dispatcher, { ...options, origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` } as Undici.Dispatcher.RequestOptions);
}
