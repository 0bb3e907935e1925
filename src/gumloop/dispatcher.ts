// Builds the undici dispatcher for one client. We never touch undici's global dispatcher: the
// extension host is shared with other extensions.
import { Agent, EnvHttpProxyAgent, ProxyAgent, type Dispatcher } from './undici';

export interface NetworkOptions {
  /** Explicit proxy (VS Code's `http.proxy`); otherwise HTTPS_PROXY / HTTP_PROXY / NO_PROXY apply. */
  proxyUrl?: string;
  /** VS Code's `http.proxyStrictSSL`: verify TLS certificates. */
  strictSSL?: boolean;
  connectTimeoutMs: number;
  /** Longest wait for response headers, and longest silence between body chunks. */
  requestTimeoutMs: number;
}

const PROXY_ENV = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

export function createDispatcher(options: NetworkOptions): Dispatcher {
  const tls = { rejectUnauthorized: options.strictSSL ?? true };
  const common = {
    headersTimeout: options.requestTimeoutMs,
    bodyTimeout: options.requestTimeoutMs,
    connect: { timeout: options.connectTimeoutMs, ...tls },
    // The proxy agents take TLS options for the tunnel and the target separately.
    requestTls: tls,
    proxyTls: tls,
  };
  if (options.proxyUrl) {
    return new ProxyAgent({ ...common, uri: options.proxyUrl });
  }
  if (PROXY_ENV.some((name) => process.env[name])) {
    return new EnvHttpProxyAgent(common);
  }
  return new Agent(common);
}
