// The few undici pieces the client uses, required one by one. undici's index also loads fetch,
// WebSocket, EventSource, caches and mocks; importing it whole adds ~200 KB to the bundle.
// Types still come from undici's own declarations.
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as Undici from 'undici';

export type Dispatcher = Undici.Dispatcher;
export type ResponseData = Undici.Dispatcher.ResponseData;
export type RequestOptions = Omit<Undici.Dispatcher.RequestOptions, 'origin' | 'path'> & { signal?: AbortSignal };

// What undici's index does first: give every dispatcher request()/connect()/…; the proxy agents
// rely on connect() to open their tunnels. Only those two: stream(), pipeline() and upgrade() are
// never called, and each costs the bundle a few KB.
const DispatcherBase: { prototype: object } = require('undici/lib/dispatcher/dispatcher');
Object.assign(DispatcherBase.prototype, { request: require('undici/lib/api/api-request'), connect: require('undici/lib/api/api-connect') });

export const Agent: typeof Undici.Agent = require('undici/lib/dispatcher/agent');
export const ProxyAgent: typeof Undici.ProxyAgent = require('undici/lib/dispatcher/proxy-agent');
export const EnvHttpProxyAgent: typeof Undici.EnvHttpProxyAgent = require('undici/lib/dispatcher/env-http-proxy-agent');

/** undici's `request(url, {dispatcher})`, without the global-dispatcher fallback. */
export function request(dispatcher: Dispatcher, url: string, options: RequestOptions): Promise<ResponseData> {
  const parsed = new URL(url);
  return dispatcher.request({ ...options, origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` } as Undici.Dispatcher.RequestOptions);
}
