// gumloop-files: the extension's core for terminals and CI. Finds the subcommand and runs it
// inside one error boundary: one line to stderr, the key never in it, the exit code per EXIT.
import { isGumloopError, redact } from '../errors';
import type { GumloopClient } from '../gumloop/client';
import { parseCommandLine, usage, UsageError, type CliValues } from './args';
import { connect } from './connection';
import type { Command, CommandContext } from './context';
import { agentsCommand, artifactsCommand, sessionsCommand } from './agents';
import { downloadCommand } from './download';
import { EXIT, exitCodeForError } from './exitCodes';
import { inGitHubActions, withScopeFromEnvironment, writesWorkflowCommands } from './environment';
import { flowsCommand } from './flows';
import { HELP } from './help';
import { inCliTerms } from './hints';
import { jsonLine, jsonLinePieces, type RunFacts } from './jsonOutput';
import { favourMemory } from './memoryFlags';
import { runCommand } from './run';
import { runsCommand } from './runs';
import { watchCommand } from './watch';
import { WorkflowCommands, workflowCommand } from './workflowCommands';
// Only `version` is read: esbuild keeps just that property in the bundle.
import { version as VERSION } from '../../package.json';

const COMMANDS: Record<string, Command> = {
  download: downloadCommand,
  run: runCommand,
  watch: watchCommand,
  flows: flowsCommand,
  runs: runsCommand,
  agents: agentsCommand,
  sessions: sessionsCommand,
  artifacts: artifactsCommand,
};

/** Where main writes; the GitHub Action passes its own to read the --json result. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const PROCESS_IO: CliIo = { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) };

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, io: CliIo = PROCESS_IO): Promise<number> {
  let values: CliValues;
  let command: Command;
  try {
    const parsed = parseCommandLine(argv);
    values = withScopeFromEnvironment(parsed.values, env);
    const name = parsed.positionals[0];
    // Bare `gumloop-files` is someone finding their way, as with `gh`: the help, exit 0. Options
    // without a command stay a usage error, so a script that lost its command word does not pass.
    if (values.help || name === 'help' || argv.length === 0) {
      io.stdout(`${HELP}\n`);
      return EXIT.ok;
    }
    if (values.version) {
      io.stdout(`${VERSION}\n`);
      return EXIT.ok;
    }
    if (!name || !Object.hasOwn(COMMANDS, name)) throw usage(name ? `unknown command “${name}”` : 'missing command');
    command = COMMANDS[name];
  } catch (error) {
    const message = `${(error as Error).message}. Run “gumloop-files --help” for usage.`;
    if (writesWorkflowCommands(env)) io.stderr(workflowCommand('error', { title: 'gumloop-files' }, message));
    else io.stderr(`gumloop-files: ${message}\n`);
    // A script that asked for --json reads stdout even when the line itself could not be parsed.
    if (argv.includes('--json')) io.stdout(jsonLine({ error: { code: 'usage', message }, exitCode: EXIT.usage }));
    return EXIT.usage;
  }

  const apiKey = env.GUMLOOP_API_KEY?.trim();
  const controller = new AbortController();
  let moving = false;
  let stoppedBy: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    stoppedBy ??= signal;
    // Said at once: putting back what was moved can take a moment, and silence looks like a hang.
    if (moving) io.stderr('gumloop-files: Stopping: putting back the files already moved, so the folder is as it was. A second Ctrl-C stops at once; the next download into this folder then finishes the cleanup.\n');
    controller.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const clients: GumloopClient[] = [];
  // Everything printed passes the key's redaction: a server echoing it must not leak it into CI logs.
  const clean = (text: string) => redact(text, [apiKey]);
  // In GitHub Actions what the server sent cannot act as a workflow command (see
  // WorkflowCommands.untrusted), and under a runner the key is masked before anything is printed.
  // Only there: a mask line shows the key to anything but a runner, which reads and hides it.
  const workflow = writesWorkflowCommands(env) ? new WorkflowCommands(io.stderr, clean) : undefined;
  if (apiKey && inGitHubActions(env)) workflow?.mask(apiKey);
  const facts: RunFacts = {};
  let jsonWritten = false;
  const context: CommandContext = {
    values,
    env,
    signal: controller.signal,
    markMoving: () => {
      moving = true;
      // Test-only and inert unless set: a real Ctrl-C (SIGINT) or kill (SIGKILL) sent to itself the
      // moment the move starts, so the crash-safety tests reach the move every time instead of racing it.
      const atMove = env.GUMLOOP_FILES_TEST_SIGNAL_AT_MOVE;
      if (atMove === 'SIGINT' || atMove === 'SIGKILL') process.kill(process.pid, atMove);
    },
    // stdout too: the runner reads commands there as well. --json needs no guard: jsonOutput.ts
    // escapes "##[" and a JSON line never starts with "::".
    stdout: (text) => {
      workflow?.maskSignedUrls(text);
      io.stdout(workflow && !values.json ? workflow.guarded(clean(text)) : clean(text));
    },
    stderr: (text) => (workflow ? workflow.untrusted(text) : io.stderr(clean(text))),
    workflow,
    json: (value) => {
      jsonWritten = true;
      for (const piece of jsonLinePieces(value)) context.stdout(piece);
    },
    note: (known) => Object.assign(facts, known),
    connect: (timeoutSeconds, api) => {
      const connection = connect(values, env, apiKey, timeoutSeconds, api);
      clients.push(connection.client);
      return connection;
    },
  };
  try {
    return await command(context);
  } catch (error) {
    const message =
      error instanceof UsageError
        ? `${error.message.replace(/\.$/, '')}. Run “gumloop-files --help” for usage.`
        : isGumloopError(error)
          ? inCliTerms(error.message)
          : `Unexpected error: ${(error as Error)?.message ?? String(error)}`;
    workflow?.endGroup();
    if (workflow) workflow.error(message, 'gumloop-files');
    else context.stderr(`gumloop-files: ${message}\n`);
    const exitCode = error instanceof UsageError ? EXIT.usage : isGumloopError(error, 'cancelled') ? (stoppedBy === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted) : exitCodeForError(error);
    // --json: stdout always holds exactly one JSON value, a failure included, with what is known.
    if (values.json && !jsonWritten) {
      const code = error instanceof UsageError ? 'usage' : isGumloopError(error) ? error.code : 'unexpected';
      context.json({ ...facts, error: { code, message }, exitCode });
    }
    return exitCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await Promise.all(clients.map((client) => client.close()));
  }
}

if (require.main === module) {
  favourMemory();
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
