// Archives past 4 GiB (zip64 sizes, offsets and end record), made by two producers, extracted by
// the project's engine and checked file by file. Too large for CI: full bench only (or
// `--only zip64`). Each archive is generated streaming (no input file on disk) and removed with
// its extraction before the next; the whole row is skipped, saying so, below 12 GB of free disk.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, statfs, truncate, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { extractArchive } from '../../src/archive/extract';
import { DATA_DIR } from './benchPaths';
import { hasCommand } from './systemTools';

export const ZIP64_PART = 'zip64';
const GiB = 1024 ** 3;
/** Past 4 GiB by a margin, so sizes, and the offsets of what follows, need zip64. */
const BIG_BYTES = 4 * GiB + 300 * 1024 ** 2;
const NEEDED_FREE_BYTES = 12e9;
const AFTER = Buffer.from('after the 4 GiB mark\n'.repeat(1000));

async function writeEmpty(file: string): Promise<string> {
  await writeFile(file, '');
  return file;
}

export interface Zip64Row {
  producer: string;
  archiveBytes: number;
  files: number;
  bytes: number;
  extractMs: number;
  ok: boolean;
  detail: string;
}

export interface Zip64Result {
  skipped?: string;
  rows: Zip64Row[];
}

interface Producer {
  name: string;
  available(): boolean;
  /** Writes `archive`; returns the files (name → size) it holds. */
  make(archive: string, bigBytes: number): Promise<Map<string, number>>;
}

/** Runs a command, failing with its stderr. */
function run(file: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${file} exited ${code}: ${stderr.slice(0, 500)}`))));
  });
}

const PRODUCERS: Producer[] = [
  {
    // Info-ZIP zip (-fz: zip64 records; -0: stored, so the archive is past 4 GiB too) over a
    // sparse input (no disk used; zip from stdin would record a FIFO, which is refused) and a
    // small file whose local header lies past 4 GiB: zip64 sizes, an offset, the end record.
    name: 'Info-ZIP zip 3.0 (-fz -0, sparse input)',
    available: () => hasCommand('zip'),
    async make(archive, bigBytes) {
      const inputs = path.join(path.dirname(archive), 'zip-inputs');
      await mkdir(inputs);
      await truncate(await writeEmpty(path.join(inputs, 'big.bin')), bigBytes);
      await writeFile(path.join(inputs, 'after.txt'), AFTER);
      await run('zip', ['-q', '-fz', '-0', archive, 'big.bin', 'after.txt'], inputs);
      await rm(inputs, { recursive: true, force: true });
      return new Map([['big.bin', bigBytes], ['after.txt', AFTER.length]]);
    },
  },
  {
    // Python's zipfile, streaming with force_zip64: a big entry, then small ones whose local
    // header offsets are past 4 GiB (zip64 offset extras), deflated.
    name: "Python zipfile (force_zip64, deflated)",
    available: () => hasCommand('python3'),
    async make(archive, bigBytes) {
      const script = [
        'import sys, zipfile',
        `big = ${bigBytes}`,
        "line = b'gumloop zip64 bench line, Python zipfile\\n' * 25000",
        "with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_STORED) as z:",
        "    with z.open('big/part.bin', 'w', force_zip64=True) as f:",
        '        left = big',
        '        while left > 0:',
        '            f.write(line[:left]); left -= min(left, len(line))',
        '    for i in range(3):',
        "        z.writestr(zipfile.ZipInfo(f'after/{i}.txt'), (b'after the 4 GiB mark %d\\n' % i) * 1000, compress_type=zipfile.ZIP_DEFLATED)",
      ].join('\n');
      await run('python3', ['-c', script, archive], path.dirname(archive));
      const files = new Map([['big/part.bin', bigBytes]]);
      for (let i = 0; i < 3; i++) files.set(`after/${i}.txt`, Buffer.byteLength(`after the 4 GiB mark ${i}\n`) * 1000);
      return files;
    },
  },
];

/** `bigBytes`: smaller only to try the row itself out (then it shows nothing about zip64). */
export async function measureZip64(log: (line: string) => void, bigBytes = BIG_BYTES): Promise<Zip64Result> {
  await mkdir(DATA_DIR, { recursive: true });
  const fs = await statfs(DATA_DIR);
  const free = fs.bavail * fs.bsize;
  if (free < NEEDED_FREE_BYTES) {
    const skipped = `zip64: skipped, ${(free / 1e9).toFixed(1)} GB free on the bench disk and the row needs ${NEEDED_FREE_BYTES / 1e9} GB (archive + extraction, one producer at a time)`;
    log(skipped);
    return { skipped, rows: [] };
  }
  const rows: Zip64Row[] = [];
  for (const producer of PRODUCERS) {
    if (!producer.available()) {
      rows.push({ producer: producer.name, archiveBytes: 0, files: 0, bytes: 0, extractMs: NaN, ok: false, detail: 'producer not installed' });
      continue;
    }
    const dir = await mkdtemp(path.join(DATA_DIR, 'zip64-'));
    try {
      const archive = path.join(dir, 'big.zip');
      log(`zip64: generating with ${producer.name} (${(bigBytes / 1e9).toFixed(1)} GB)`);
      const expected = await producer.make(archive, bigBytes);
      const archiveBytes = (await stat(archive)).size;
      log(`zip64: extracting ${(archiveBytes / 1e9).toFixed(2)} GB`);
      const started = performance.now();
      const destination = path.join(dir, 'out');
      const result = await extractArchive({ archivePath: archive, destination, workDir: await mkdtemp(path.join(dir, 'w')), onConflict: 'fail', limits: { maxTotalBytes: 16 * GiB } });
      const extractMs = performance.now() - started;
      // Sizes on disk; every byte's CRC-32 was checked against the archive while extracting.
      const wrong: string[] = [];
      let bytes = 0;
      for (const [name, size] of expected) {
        const got = (await stat(path.join(destination, name)).catch(() => undefined))?.size;
        bytes += got ?? 0;
        if (got !== size) wrong.push(`${name}: ${got ?? 'missing'} bytes, expected ${size}`);
      }
      const ok = wrong.length === 0 && result.written.length === expected.size;
      rows.push({ producer: producer.name, archiveBytes, files: result.written.length, bytes, extractMs, ok, detail: ok ? 'every file, size and CRC-32 right' : wrong.join('; ') || `${result.written.length} files written` });
    } catch (error) {
      rows.push({ producer: producer.name, archiveBytes: 0, files: 0, bytes: 0, extractMs: NaN, ok: false, detail: (error as Error).message.slice(0, 300) });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return { rows };
}
