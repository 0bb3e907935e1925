// The API key (from the environment only: flags show in process lists), the scope and the client.
import { GumloopError } from '../errors';
import { GumloopClient, apiKeyProblem, credentialProblem, type GumloopApi } from '../gumloop/client';
import type { Credentials } from '../gumloop/types';
import { validateBaseUrl } from '../validation';
import { seconds, usage, type CliValues } from './args';

export interface Connection {
  client: GumloopClient;
  credentials: Credentials;
}

/**
 * Checks the key and scope first, so a mistake is reported before anything is sent.
 * `requestTimeoutSeconds` is the command's default; --request-timeout, when given, wins.
 */
export function connect(values: CliValues, env: NodeJS.ProcessEnv, apiKey: string | undefined, requestTimeoutSeconds: number, api: GumloopApi = 'flows'): Connection {
  const silenceSeconds = seconds(values['request-timeout'], '--request-timeout', requestTimeoutSeconds) ?? requestTimeoutSeconds;
  const baseUrl = checkedBaseUrl(values, env);
  if (!apiKey) throw new GumloopError('unauthorized', 'GUMLOOP_API_KEY is not set. Export your Gumloop API key in that variable and run again');
  const credentials: Credentials = {
    apiKey,
    authMode: values.oauth ? 'oauth' : 'personal',
    userId: values['user-id'],
    projectId: values['project-id'],
  };
  const keyProblem = apiKeyProblem(apiKey);
  if (keyProblem) throw new GumloopError('unauthorized', `${keyProblem.replace(/\.$/, '')} into GUMLOOP_API_KEY.`);
  const problem = credentialProblem(credentials, api);
  if (problem) throw usage(problem.replace('Set the user ID', 'Pass --user-id').replace(', or mark the key as an OAuth access token.', ' or --oauth'));
  const client = new GumloopClient({
    credentials,
    baseUrl,
    network: { requestTimeoutMs: silenceSeconds * 1000 },
    userAgent: 'gumloop-files-cli',
  });
  return { client, credentials };
}

/** --base-url, else GUMLOOP_BASE_URL, else the default; a malformed one is a usage error, sent nowhere. */
function checkedBaseUrl(values: CliValues, env: NodeJS.ProcessEnv): string | undefined {
  const [source, value] = values['base-url'] !== undefined ? ['--base-url', values['base-url']] : ['GUMLOOP_BASE_URL', env.GUMLOOP_BASE_URL?.trim() || undefined];
  if (value === undefined) return undefined;
  const checked = validateBaseUrl(value);
  if (!checked.ok) throw usage(`${source}: ${checked.reason}`);
  return checked.value;
}
