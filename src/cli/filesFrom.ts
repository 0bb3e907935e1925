// `--files-from <path>`: the names to download, one per line, from a file or (`-`) standard
// input, for runs whose thousands of names do not fit a command line.
import { readFile } from 'node:fs/promises';
import { GumloopError } from '../errors';
import { shortName } from '../text';
import { parseFileNameLines } from '../validation';
import { usage } from './args';

/** A names list larger than this is not a list of names. */
const MAX_LIST_BYTES = 32 * 1024 * 1024;

export async function namesFrom(source: string, stdin: NodeJS.ReadableStream = process.stdin): Promise<string[]> {
  const text = source === '-' ? await readStream(stdin) : await readFile(source, 'utf8').catch((cause: NodeJS.ErrnoException) => {
    throw new GumloopError('invalid-input', `--files-from: cannot read “${shortName(source)}” (${cause.code ?? 'error'}). Give a file with one name per line, or - for standard input.`, { cause });
  });
  if (text.length > MAX_LIST_BYTES) throw usage(`--files-from: the list is larger than ${MAX_LIST_BYTES / 1024 / 1024} MB`);
  const names = parseFileNameLines(text);
  if (!names.ok) throw usage(`--files-from: ${names.reason}`);
  return names.value;
}

async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > MAX_LIST_BYTES) throw usage(`--files-from -: standard input holds more than ${MAX_LIST_BYTES / 1024 / 1024} MB`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
