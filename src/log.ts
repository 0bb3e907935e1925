// The one "Gumloop" log channel. Every line passes the sanitizer, then redaction of the known secrets.
// The channel is handed in (extension.ts creates it), so this file needs only vscode's types and
// a plain Node test can check the redaction of what actually reaches the channel.
import type * as vscode from 'vscode';
import { redact } from './errors';
import { cleanText } from './sanitize';

/** The part of vscode.LogOutputChannel the logger writes to. */
export type LogChannel = Pick<vscode.LogOutputChannel, 'debug' | 'info' | 'warn' | 'error' | 'show' | 'dispose'>;

export class Logger implements vscode.Disposable {
  private secrets: string[] = [];

  constructor(private readonly channel: LogChannel) {}

  /** The API key (and anything else secret) to strip from every line. */
  setSecrets(secrets: (string | undefined)[]): void {
    this.secrets = secrets.filter((s): s is string => !!s);
  }

  /** Shown only when the channel's level is Debug or Trace (Output view → gear → Set Log Level). */
  debug(message: string): void {
    this.channel.debug(this.clean(message));
  }

  info(message: string): void {
    this.channel.info(this.clean(message));
  }

  warn(message: string): void {
    this.channel.warn(this.clean(message));
  }

  error(message: string, error?: unknown): void {
    this.channel.error(this.clean(error === undefined ? message : `${message}: ${describe(error)}`));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }

  /** Sanitized first (log lines carry Gumloop's text), so an escape code inside a key cannot hide it from redaction. */
  private clean(text: string): string {
    return redact(cleanText(text), this.secrets);
  }
}

/** The message and the cause chain, for the log only (no stack: one more place a secret could hide). */
export function describe(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 4; depth++) {
    if (current instanceof Error) {
      const code = (current as NodeJS.ErrnoException).code;
      parts.push(`${current.name}${code ? ` ${code}` : ''}: ${current.message}`);
      current = (current as { cause?: unknown }).cause;
    } else {
      parts.push(typeof current === 'object' ? JSON.stringify(current) : String(current));
      break;
    }
  }
  return parts.join(' ← caused by ');
}
