// The command line: one option table for every subcommand (so options may come before or after
// the command, as `download` always allowed), and a check that each command got only its own.
import { parseArgs } from 'node:util';

export class UsageError extends Error {}

export function usage(message: string): UsageError {
  return new UsageError(message);
}

const OPTIONS = {
  'run-id': { type: 'string' },
  file: { type: 'string', multiple: true },
  'files-from': { type: 'string' },
  'max-files': { type: 'string' },
  'user-id': { type: 'string' },
  'project-id': { type: 'string' },
  'saved-item-id': { type: 'string' },
  out: { type: 'string' },
  'base-url': { type: 'string' },
  'on-conflict': { type: 'string' },
  oauth: { type: 'boolean' },
  timeout: { type: 'string' },
  'request-timeout': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  flow: { type: 'string' },
  input: { type: 'string', multiple: true },
  'input-file': { type: 'string', multiple: true },
  wait: { type: 'boolean' },
  download: { type: 'boolean' },
  json: { type: 'boolean' },
  'kill-on-interrupt': { type: 'boolean' },
  // Agents (cli/agents.ts, cli/artifactDownload.ts).
  agent: { type: 'string' },
  'team-id': { type: 'string' },
  session: { type: 'string' },
  search: { type: 'string' },
  artifact: { type: 'string', multiple: true },
} as const;

export type OptionName = keyof typeof OPTIONS;

export function parseCommandLine(argv: string[]) {
  return parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
}

export type CliValues = ReturnType<typeof parseCommandLine>['values'];

/** Options every command that talks to Gumloop takes. */
export const CONNECTION_OPTIONS: readonly OptionName[] = ['user-id', 'project-id', 'oauth', 'base-url', 'request-timeout', 'help', 'version'];

/** Refuses an option the command does not take, naming the command, instead of ignoring it. */
export function checkOptions(command: string, values: CliValues, allowed: readonly OptionName[]): void {
  const stray = (Object.keys(values) as OptionName[]).find((name) => values[name] !== undefined && !allowed.includes(name) && !CONNECTION_OPTIONS.includes(name));
  if (stray) throw usage(`--${stray} is not an option of “${command}”`);
}

/** A positive number of seconds, or the default. */
export function seconds(value: string | undefined, flag: string, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw usage(`${flag} must be a positive number of seconds`);
  return number;
}
