// The GitHub Action (action.yml at the repository root). Its inputs, read as the runner passes them
// (INPUT_<NAME>, upper-cased, hyphens kept), become one `gumloop-files run --wait --json` command
// line that runs through the CLI's own main(): the same start, watch and download core, the same
// groups, annotations and masks as a plain `run:` step. The one JSON result then gives the step
// outputs ($GITHUB_OUTPUT) and the job summary ($GITHUB_STEP_SUMMARY).
import { appendFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { gumloopRunUrl } from '../ui/flowsPresentation';
import { inGitHubActions, WORKFLOW_COMMANDS_VARIABLE } from './environment';
import { EXIT } from './exitCodes';
import { main, type CliIo } from './index';
import { jobSummary, runDuration, type SummaryFacts } from './jobSummary';
import { outputEntry, signedUrls, WorkflowCommands } from './workflowCommands';

/** The inputs action.yml declares, exactly. */
export const ACTION_INPUTS = ['flow', 'inputs', 'input-files', 'user-id', 'project-id', 'timeout', 'download', 'on-conflict', 'base-url', 'api-key'] as const;
export type ActionInputName = (typeof ACTION_INPUTS)[number];

/** action.yml's defaults, also applied here: the runner passes them, a hand-run `node index.js` does not. */
export const ACTION_DEFAULTS: Partial<Record<ActionInputName, string>> = { timeout: '1800', 'on-conflict': 'overwrite' };

/** The outputs action.yml declares, exactly. */
export const ACTION_OUTPUTS = ['run-id', 'state', 'files', 'outputs', 'run-url'] as const;

/** An input as the runner passes it: INPUT_ + the name upper-cased with spaces as _, trimmed; else its default. */
export function actionInput(env: NodeJS.ProcessEnv, name: ActionInputName): string {
  const value = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`]?.trim();
  return value || ACTION_DEFAULTS[name] || '';
}

/** A multi-line input: one entry per non-blank line. */
function inputLines(env: NodeJS.ProcessEnv, name: ActionInputName): string[] {
  return actionInput(env, name)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** The `gumloop-files` command line the inputs stand for. */
export function actionCommandLine(env: NodeJS.ProcessEnv): string[] {
  const argv = ['run', '--flow', actionInput(env, 'flow'), '--wait', '--timeout', actionInput(env, 'timeout'), '--json'];
  for (const line of inputLines(env, 'inputs')) argv.push('--input', line);
  for (const line of inputLines(env, 'input-files')) argv.push('--input-file', line);
  for (const name of ['user-id', 'project-id', 'base-url'] as const) {
    const value = actionInput(env, name);
    if (value) argv.push(`--${name}`, value);
  }
  const download = actionInput(env, 'download');
  if (download) argv.push('--download', '--out', download, '--on-conflict', actionInput(env, 'on-conflict'));
  return argv;
}

/** What `run --json` prints; every field may be missing when the command failed early. */
interface RunResult {
  runId?: string;
  flowId?: string;
  url?: string | null;
  state?: string;
  createdTs?: string | null;
  finishedTs?: string | null;
  watchedMs?: number;
  outputs?: unknown;
  files?: string[];
  error?: { message?: string };
}

const PROCESS_IO: CliIo = { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) };

/** Runs the Action; answers the exit code (non-zero fails the step). */
export async function runAction(env: NodeJS.ProcessEnv = process.env, io: CliIo = PROCESS_IO): Promise<number> {
  // Commands on stderr, in order with what the CLI prints there (the runner reads both streams).
  const workflow = new WorkflowCommands(io.stderr);
  const apiKey = actionInput(env, 'api-key') || env.GUMLOOP_API_KEY?.trim() || '';
  // First of all, under a runner (which reads the line and hides it): nothing printed after can show
  // the key. Elsewhere (a hand-run `node index.js`) the line itself would show it, and it is never printed.
  if (apiKey && inGitHubActions(env)) workflow.mask(apiKey);
  const flowId = actionInput(env, 'flow');
  if (!flowId) {
    workflow.error('The flow input is required: the saved_item_id from the flow’s URL in Gumloop.', 'gumloop-files');
    return EXIT.usage;
  }
  if (!apiKey) {
    workflow.error('No Gumloop API key: pass it from a secret as the api-key input, or set GUMLOOP_API_KEY in the step’s env.', 'gumloop-files');
    return EXIT.connection;
  }
  let stdout = '';
  const cliEnv = { ...env, [WORKFLOW_COMMANDS_VARIABLE]: 'true', GUMLOOP_API_KEY: apiKey };
  const code = await main(actionCommandLine(env), cliEnv, { stdout: (text) => (stdout += text), stderr: io.stderr });
  const result = parseResult(stdout);
  const download = actionInput(env, 'download');
  const files = (result.files ?? []).map((file) => (download ? path.join(download, file).split(path.sep).join('/') : file));
  const runUrl = result.url ?? (result.runId ? gumloopRunUrl(result.runId, flowId) : '');
  const outputs = JSON.stringify(result.outputs ?? {});
  // A run's outputs may hold signed links to its files: masked before they reach the outputs file.
  for (const url of signedUrls(outputs)) workflow.mask(url);
  const values: Record<(typeof ACTION_OUTPUTS)[number], string> = {
    'run-id': result.runId ?? '',
    state: result.state ?? '',
    files: JSON.stringify(files),
    outputs,
    'run-url': runUrl,
  };
  if (env.GITHUB_OUTPUT) await appendFile(env.GITHUB_OUTPUT, Object.entries(values).map(([name, value]) => outputEntry(name, value)).join(''));
  if (env.GITHUB_STEP_SUMMARY) {
    const facts: SummaryFacts = {
      flowId,
      flowName: result.runId ? await flowName(env, apiKey, flowId) : undefined,
      runId: result.runId,
      runUrl,
      state: result.state,
      durationMs: runDuration(result.createdTs, result.finishedTs) ?? result.watchedMs,
      files: await withSizes(download, result.files ?? [], files),
      error: code === EXIT.ok ? undefined : result.error?.message,
    };
    await appendFile(env.GITHUB_STEP_SUMMARY, jobSummary(facts));
  }
  return code;
}

function parseResult(stdout: string): RunResult {
  try {
    const value: unknown = JSON.parse(stdout);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as RunResult) : {};
  } catch {
    return {};
  }
}

/** Each written file with its size, for the summary (a file gone since is left out). */
async function withSizes(download: string, written: readonly string[], shown: readonly string[]): Promise<{ path: string; bytes: number }[]> {
  const sized = await Promise.all(
    written.map(async (file, index) => {
      const stats = await stat(path.resolve(download, file)).catch(() => undefined);
      return stats?.isFile() ? { path: shown[index], bytes: stats.size } : undefined;
    }),
  );
  return sized.filter((file): file is { path: string; bytes: number } => file !== undefined);
}

/** The flow's name for the summary, through `gumloop-files flows --json`; undefined when it cannot be had. */
async function flowName(env: NodeJS.ProcessEnv, apiKey: string, flowId: string): Promise<string | undefined> {
  const scope = (['user-id', 'project-id', 'base-url'] as const).flatMap((name) => (actionInput(env, name) ? [`--${name}`, actionInput(env, name)] : []));
  let stdout = '';
  const quiet = { ...env, GITHUB_ACTIONS: undefined, [WORKFLOW_COMMANDS_VARIABLE]: undefined, GUMLOOP_API_KEY: apiKey };
  const code = await main(['flows', '--json', '--request-timeout', '20', ...scope], quiet, { stdout: (text) => (stdout += text), stderr: () => undefined });
  if (code !== EXIT.ok) return undefined;
  try {
    const flows = JSON.parse(stdout) as { flowId?: string; name?: string }[];
    return flows.find((flow) => flow.flowId === flowId)?.name;
  } catch {
    return undefined;
  }
}
