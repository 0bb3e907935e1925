// gumloop-files: the extension's download path for terminals and CI.
import { parseArgs } from 'node:util';
import * as path from 'node:path';
import { CONFLICT_POLICIES, type ConflictPolicy } from './archive/conflicts';
import { downloadRun } from './download/downloadRun';
import { GumloopError, isGumloopError, redact } from './errors';
import { GumloopClient, apiKeyProblem, credentialProblem } from './gumloop/client';
import type { Credentials } from './gumloop/types';
import { parseFileNames, validateRunId } from './validation';
// Only `version` is read: esbuild keeps just that property in the bundle.
import { version as VERSION } from '../package.json';

const HELP = `gumloop-files: download the files a Gumloop flow run produced.

Usage:
  gumloop-files download --run-id <id> --file <name> [--file <name> ...]
                (--user-id <id> | --project-id <id>) [--saved-item-id <id>]
                [--out <dir>] [--base-url <url>] [--on-conflict fail|overwrite|skip|keep-both]
                [--oauth] [--timeout <seconds>]

The API key is read from the GUMLOOP_API_KEY environment variable (never a flag: flags show
in process lists). A personal API key needs --user-id, which is also sent as x-auth-key; with
an OAuth 2.0 access token pass --oauth, and --user-id or --project-id only names the scope.

Options:
  --run-id <id>          the flow run whose files to download
  --file <name>          a file name from the run's outputs; repeat, or separate with commas
  --user-id <id>         your Gumloop user ID
  --project-id <id>      download from a project (workspace) instead of a user
  --saved-item-id <id>   the saved item (flow) the run belongs to, if needed
  --out <dir>            where to extract (default: the current folder)
  --base-url <url>       API base URL (default: https://api.gumloop.com/api/v1, or GUMLOOP_BASE_URL)
  --on-conflict <p>      when a file exists: fail (default, writes nothing), overwrite, skip, keep-both
  --oauth                the key is an OAuth access token: send no x-auth-key
  --timeout <seconds>    give up when the server is silent this long (default 60)
  -h, --help             show this help
  -v, --version          print the version

On success it prints the written paths, relative to --out, one per line (folders the archive
lists end in /), and exits 0. On any error it prints one line to stderr, exits non-zero, and has
written nothing. One download per folder runs at a time; a download that was killed is finished
or undone by the next one into the same folder, which says so on stderr.
Proxies: HTTPS_PROXY, HTTP_PROXY and NO_PROXY are honoured.`;

/** Exit codes: 1 failure, 2 usage error, 130 interrupted. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let values: ReturnType<typeof parse>['values'];
  let command: string | undefined;
  try {
    const parsed = parse(argv);
    values = parsed.values;
    command = parsed.positionals[0];
    if (values.help || command === 'help') {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    if (values.version) {
      process.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (command !== 'download') throw usage(command ? `unknown command “${command}”` : 'missing command');
  } catch (error) {
    process.stderr.write(`gumloop-files: ${(error as Error).message}. Run “gumloop-files --help” for usage.\n`);
    return 2;
  }

  const apiKey = env.GUMLOOP_API_KEY?.trim();
  const controller = new AbortController();
  let moving = false;
  const onSignal = () => {
    // Said at once: putting back what was moved can take a moment, and silence looks like a hang.
    if (moving) process.stderr.write('gumloop-files: Stopping: putting back the files already moved, so the folder is as it was. A second Ctrl-C stops at once; the next download into this folder then finishes the cleanup.\n');
    controller.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let client: GumloopClient | undefined;
  try {
    const runId = validateRunId(values['run-id'] ?? '');
    if (!runId.ok) throw usage(runId.reason);
    const files = parseFileNames((values.file ?? []).join(','));
    if (!files.ok) throw usage(files.reason);
    const policy = (values['on-conflict'] ?? 'fail') as ConflictPolicy;
    if (!CONFLICT_POLICIES.includes(policy)) throw usage(`--on-conflict must be one of ${CONFLICT_POLICIES.join(', ')}`);
    const timeout = Number(values.timeout ?? 60);
    if (!Number.isFinite(timeout) || timeout <= 0) throw usage('--timeout must be a positive number of seconds');
    if (!apiKey) throw new GumloopError('unauthorized', 'GUMLOOP_API_KEY is not set. Export your Gumloop API key in that variable and run again');

    const credentials: Credentials = {
      apiKey,
      authMode: values.oauth ? 'oauth' : 'personal',
      userId: values['user-id'],
      projectId: values['project-id'],
    };
    const keyProblem = apiKeyProblem(apiKey);
    if (keyProblem) throw new GumloopError('unauthorized', `${keyProblem.replace(/\.$/, '')} into GUMLOOP_API_KEY.`);
    const problem = credentialProblem(credentials);
    if (problem) throw usage(problem.replace('Set the user ID', 'Pass --user-id').replace(', or mark the key as an OAuth access token.', ' or --oauth'));

    const out = path.resolve(values.out ?? '.');
    client = new GumloopClient({
      credentials,
      baseUrl: values['base-url'] ?? env.GUMLOOP_BASE_URL,
      network: { requestTimeoutMs: timeout * 1000 },
      userAgent: 'gumloop-files-cli',
    });
    const result = await downloadRun({
      client,
      request: { runId: runId.value, fileNames: files.value, savedItemId: values['saved-item-id'] },
      destination: out,
      onConflict: policy,
      signal: controller.signal,
      owner: 'gumloop-files CLI',
      onCommit: () => (moving = true),
      onRecovery: (message) => process.stderr.write(`gumloop-files: ${message}\n`),
    });
    for (const name of result.missing) process.stderr.write(`gumloop-files: warning: “${name}” was not in the run's archive\n`);
    if (result.skipped.length) process.stderr.write(`gumloop-files: skipped ${result.skipped.length} existing file(s)\n`);
    process.stdout.write([...result.written, ...result.folders.map((folder) => `${folder}/`)].map((line) => `${line}\n`).join(''));
    return 0;
  } catch (error) {
    const message =
      error instanceof UsageError
        ? `${error.message.replace(/\.$/, '')}. Run “gumloop-files --help” for usage.`
        : isGumloopError(error)
          ? error.message
          : `Unexpected error: ${(error as Error)?.message ?? String(error)}`;
    process.stderr.write(`gumloop-files: ${redact(message, [apiKey])}\n`);
    if (error instanceof UsageError) return 2;
    return isGumloopError(error, 'cancelled') ? 130 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await client?.close();
  }
}

class UsageError extends Error {}
function usage(message: string): UsageError {
  return new UsageError(message);
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'run-id': { type: 'string' },
      file: { type: 'string', multiple: true },
      'user-id': { type: 'string' },
      'project-id': { type: 'string' },
      'saved-item-id': { type: 'string' },
      out: { type: 'string' },
      'base-url': { type: 'string' },
      'on-conflict': { type: 'string' },
      oauth: { type: 'boolean' },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
