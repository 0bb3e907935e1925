// The commands the CLI prints for a person to paste ("watch it again with: …"). Each must run as
// printed, so it is built from the options in effect: the scope, --oauth and a base URL that is
// not the default go with it (a hint without --user-id fails with exit 2). Never the key: it
// stays in GUMLOOP_API_KEY. Arguments are quoted for a POSIX shell where they need it.
import { DEFAULT_API_BASE_URL } from '../gumloop/client';
import { RAISE_REQUEST_TIMEOUT } from '../gumloop/httpErrors';
import type { CliValues } from './args';
import { MAX_OUTPUT_FILES } from '../runs/outputs';
import { DEFAULT_LIMITS } from '../archive/limits';
import type { DownloadTarget } from './download';

/** `gumloop-files <args…>`, each argument quoted for a POSIX shell when it needs it. */
export function cliCommand(args: readonly string[]): string {
  return ['gumloop-files', ...args].map(shellQuote).join(' ');
}

/** The options that say who is asking and where: what every command that talks to Gumloop needs again. */
export function connectionArgs(values: CliValues, env: NodeJS.ProcessEnv): string[] {
  const args: string[] = [];
  if (values['user-id'] !== undefined) args.push('--user-id', values['user-id']);
  if (values['project-id'] !== undefined) args.push('--project-id', values['project-id']);
  if (values.oauth) args.push('--oauth');
  const baseUrl = values['base-url'] ?? env.GUMLOOP_BASE_URL;
  // Printed even when it came from GUMLOOP_BASE_URL: a CI log is often read, and pasted, elsewhere.
  if (baseUrl !== undefined && baseUrl.replace(/\/+$/, '') !== DEFAULT_API_BASE_URL) args.push('--base-url', baseUrl);
  if (values['request-timeout'] !== undefined) args.push('--request-timeout', values['request-timeout']);
  return args;
}

export interface WatchAgain {
  runId: string;
  savedItemId?: string;
  download?: DownloadTarget;
}

/** `gumloop-files watch --run-id … <scope>`, with the download the first command would have done. */
export function watchAgainCommand(values: CliValues, env: NodeJS.ProcessEnv, watch: WatchAgain): string {
  const args = ['watch', '--run-id', watch.runId, ...connectionArgs(values, env)];
  if (watch.savedItemId !== undefined) args.push('--saved-item-id', watch.savedItemId);
  if (watch.download) args.push('--download', '--out', watch.download.out);
  if (watch.download && watch.download.policy !== 'fail') args.push('--on-conflict', watch.download.policy);
  if (watch.download && watch.download.maxFiles !== MAX_OUTPUT_FILES) args.push('--max-files', String(watch.download.maxFiles));
  if (watch.download && watch.download.limits.maxTotalBytes !== DEFAULT_LIMITS.maxTotalBytes) args.push('--max-size', String(watch.download.limits.maxTotalBytes / 1024 ** 2));
  if (watch.download && watch.download.limits.maxEntries !== DEFAULT_LIMITS.maxEntries) args.push('--max-entries', String(watch.download.limits.maxEntries));
  return cliCommand(args);
}

/** As typed, when only safe characters; otherwise in single quotes ('\'' for a quote inside). */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** A core message in the CLI's terms: the extension's setting becomes the flag that does the same. */
export function inCliTerms(message: string): string {
  return message
    .replace(RAISE_REQUEST_TIMEOUT, 'raise --request-timeout <seconds>')
    .replace(/the base URL setting/g, '--base-url (or GUMLOOP_BASE_URL)')
    .replace(/or raise the size limit\.$/, 'or raise --max-size <MB>.')
    .replace(/(entries, more than the limit of [\d,]+\. Download fewer files at a time)\.$/, '$1, or raise --max-entries <n>.');
}
