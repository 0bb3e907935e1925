// `--files-from <path>`: the names to download, one per line, from a file or (`-`) standard
// input, for runs whose thousands of names do not fit a command line. The reading is shared with
// `run --inputs-from`.
import { readFile } from 'node:fs/promises';
import { GumloopError } from '../errors';
import { shortName } from '../text';
import { parseFileNameLines } from '../validation';
import { usage } from './args';

/** A names list (or inputs report) larger than this is not one. */
const MAX_LIST_BYTES = 32 * 1024 * 1024;

export async function namesFrom(source: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<string[]> {
  const text = await readSource(source, '--files-from', 'a file with one name per line', stdin);
  const names = parseFileNameLines(text);
  if (!names.ok) throw usage(`--files-from: ${names.reason}`);
  return names.value;
}

/** The text of a file, or of standard input for `-`; a file that cannot be read says what `flag` expects. */
export async function readSource(source: string, flag: string, expected: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const text = source === '-' ? await readStream(stdin, flag) : await readFile(source, 'utf8').catch((cause: NodeJS.ErrnoException) => {
    throw new GumloopError('invalid-input', `${flag}: cannot read “${shortName(source)}” (${cause.code ?? 'error'}). Give ${expected}, or - for standard input.`, { cause });
  });
  if (text.length > MAX_LIST_BYTES) throw usage(`${flag}: the file is larger than ${MAX_LIST_BYTES / 1024 / 1024} MB`);
  return text;
}

async function readStream(stream: NodeJS.ReadableStream, flag: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > MAX_LIST_BYTES) throw usage(`${flag} -: standard input holds more than ${MAX_LIST_BYTES / 1024 / 1024} MB`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
