// GitHub Actions' language, written by hand (no @actions/core at run time): workflow commands
// (::group::, ::error::, ::add-mask::, ::stop-commands::), step outputs in $GITHUB_OUTPUT's
// heredoc form and the Markdown of a job summary. Escaping follows the documented rules the
// toolkit applies (packages/core: command.ts, file-command.ts). Shared by the CLI, when
// GITHUB_ACTIONS=true, and the Action. Pure apart from the writer it is given.
import { randomUUID } from 'node:crypto';

/** A command's message: `%`, CR and LF escaped, so a value cannot end the command line early. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A command's property value: as escapeData, and `:` and `,`, which separate properties. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::name key=value,…::message` and its line end. Properties with an empty value are left out. */
export function workflowCommand(name: string, properties: Record<string, string | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string] => Boolean(entry[1]))
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}\n`;
}

/**
 * One `name<<delimiter … delimiter` entry for $GITHUB_OUTPUT (or $GITHUB_ENV), which carries a
 * multi-line value whole. The delimiter is random, and refused if the name or value holds it.
 */
export function outputEntry(name: string, value: string, delimiter = `ghadelimiter_${randomUUID()}`): string {
  if (name.includes(delimiter) || value.includes(delimiter)) throw new Error(`the output ${name} contains its delimiter`);
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}

/**
 * Would the runner read this line as a command? It reads `::name …::` after leading white space,
 * and the older `##[name …]` form; text from Gumloop (log lines, names, error messages) must not
 * be able to mask text, add annotations or set outputs.
 */
export function looksLikeCommand(line: string): boolean {
  return /^\s*::/.test(line) || line.includes('##[');
}

/** Query parameters that make a URL a credential (signed storage URLs, tokens in links). */
const SECRET_QUERY = /[?&](?:x-(?:goog|amz)-(?:signature|credential|security-token)|signature|sig|token|access_token|key)=/i;

/** URLs in `text` that carry a signature or token, to be masked before the text is printed. */
export function signedUrls(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s"'<>`]+/gi)].map((match) => match[0]).filter((url) => SECRET_QUERY.test(url));
}

/** Workflow commands through one writer; `redact` cleans everything but a mask (which must carry the secret). */
export class WorkflowCommands {
  private grouped = false;
  private readonly masked = new Set<string>();

  constructor(
    private readonly write: (text: string) => void,
    private readonly redact: (text: string) => string = (text) => text,
    /** The token that resumes commands after untrusted text; unguessable by that text. */
    private readonly resumeToken = `gumloop-${randomUUID()}`,
  ) {}

  /** Hides `secret` in the rest of the job's log. Said before anything could print it. */
  mask(secret: string): void {
    const value = secret.trim();
    if (!value || this.masked.has(value)) return;
    this.masked.add(value);
    this.write(workflowCommand('add-mask', {}, value));
  }

  /** Opens a collapsible group (one at a time: GitHub does not nest them); closes one still open. */
  group(title: string): void {
    this.endGroup();
    this.write(workflowCommand('group', {}, this.redact(title)));
    this.grouped = true;
  }

  endGroup(): void {
    if (!this.grouped) return;
    this.grouped = false;
    this.write('::endgroup::\n');
  }

  /** An error annotation on the run's page, and a red line in the log. */
  error(message: string, title?: string): void {
    for (const url of signedUrls(message)) this.mask(url);
    this.write(workflowCommand('error', { title: title === undefined ? undefined : this.redact(title) }, this.redact(message)));
  }

  /**
   * Text that may hold what Gumloop sent: signed URLs in it are masked first, and lines the runner
   * would take for commands are printed with commands stopped (::stop-commands::), so they show as
   * written and do nothing.
   */
  untrusted(text: string): void {
    this.maskSignedUrls(text);
    this.write(this.guarded(this.redact(text)));
  }

  /** Masks (through this writer) every signed URL in `text`, for text printed elsewhere. */
  maskSignedUrls(text: string): void {
    for (const url of signedUrls(text)) this.mask(url);
  }

  /**
   * `text` to print on any one stream: as it is, or, when a line would be read as a command,
   * between ::stop-commands:: and its resume line (on the same stream, so the order holds).
   */
  guarded(text: string): string {
    if (!text.split('\n').some(looksLikeCommand)) return text;
    return `::stop-commands::${this.resumeToken}\n${text}${text.endsWith('\n') ? '' : '\n'}::${this.resumeToken}::\n`;
  }
}

/** Markdown-escaped text for a summary (a table cell included): it shows as written, links and HTML inert. */
export function markdownText(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, (char) => `\\${char}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
