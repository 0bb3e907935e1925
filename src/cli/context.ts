// What every subcommand gets from index.ts: its options, where to write, the Ctrl-C signal, and a
// way to connect (the client is closed by index.ts whatever happens).
import type { CliValues } from './args';
import type { Connection } from './connection';

export interface CommandContext {
  values: CliValues;
  env: NodeJS.ProcessEnv;
  /** Fires on Ctrl-C (SIGINT) or SIGTERM. */
  signal: AbortSignal;
  stdout(text: string): void;
  stderr(text: string): void;
  /** Called when a download starts moving files into place, so a Ctrl-C then says what it does. */
  markMoving(): void;
  /** Checks GUMLOOP_API_KEY and the scope, then builds the client. */
  connect(requestTimeoutSeconds: number): Connection;
}

export type Command = (context: CommandContext) => Promise<number>;
