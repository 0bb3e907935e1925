// What every subcommand gets from index.ts: its options, where to write, the Ctrl-C signal, and a
// way to connect (the client is closed by index.ts whatever happens).
import type { CliValues } from './args';
import type { GumloopApi } from '../gumloop/client';
import type { Connection } from './connection';
import type { RunFacts } from './jsonOutput';
import type { WorkflowCommands } from './workflowCommands';

export interface CommandContext {
  values: CliValues;
  env: NodeJS.ProcessEnv;
  /** Fires on Ctrl-C (SIGINT) or SIGTERM. */
  signal: AbortSignal;
  stdout(text: string): void;
  stderr(text: string): void;
  /** With --json: the command's one result object (or list) on stdout; the boundary prints none after it. */
  json(value: unknown): void;
  /** What is known so far (run ID, flow, state), for the object --json prints when the command fails. */
  note(facts: RunFacts): void;
  /** Called when a download starts moving files into place, so a Ctrl-C then says what it does. */
  markMoving(): void;
  /** In GitHub Actions (GITHUB_ACTIONS=true): groups, annotations and masks; stderr then goes through it. */
  workflow?: WorkflowCommands;
  /** Checks GUMLOOP_API_KEY and the scope, then builds the client. */
  /** `agents`: the agents API, which needs no user or project scope with an OAuth token. */
  connect(requestTimeoutSeconds: number, api?: GumloopApi): Connection;
}

export type Command = (context: CommandContext) => Promise<number>;
