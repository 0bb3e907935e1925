// The archive shapes the benchmark downloads and extracts: one big compressible file, one big
// incompressible file stored and deflated, many small files, and a few hundred medium ones.
import { randomChunks, type ZipFileWriter } from '../support/zipWriter';
import { csvChunks } from './csvChunks';

export interface Shape {
  name: string;
  /** What the archive holds at this scale, e.g. "1 GiB CSV, deflated". */
  title(scale: number): string;
  /** Adds the entries at full size (`scale` 1) or smaller (quick mode: 1/8). */
  build(writer: ZipFileWriter, scale: number): Promise<void>;
  /** Files and bytes extraction must produce, for checking that both sides did the whole job. */
  expected(scale: number): { files: number; bytes: number };
  /** Also measure the project overwriting its own previous extraction (`--on-conflict overwrite`). */
  overwrite?: boolean;
  /** Measured for memory only: its wall-time ratio is shown but is not one of the targets. */
  memoryOnly?: boolean;
  /** This shape's own wall-time target (project / curl+unzip), where issue 21 set one; otherwise TARGETS.maxWallRatio. */
  maxRatio?: number;
  /** This shape's own peak-RSS target, bytes; otherwise TARGETS.maxRssBytes. */
  maxRssBytes?: number;
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
/** Every entry lives under this folder, so one requested name covers the whole archive. */
export const ARCHIVE_FOLDER = 'data';

/** "1 GiB", "128 MiB", "640 KiB". */
export function binarySize(bytes: number): string {
  const units: [number, string][] = [[GiB, 'GiB'], [MiB, 'MiB'], [1024, 'KiB']];
  const [size, unit] = units.find(([size]) => bytes >= size) ?? [1, 'bytes'];
  return `${Number((bytes / size).toFixed(1))} ${unit}`;
}

function oneFile(name: string, what: string, bytes: number, content: (size: number) => Iterable<Buffer>, deflate: boolean, targets: ShapeTargets = {}): Shape {
  return {
    ...targets,
    name,
    title: (scale) => `${binarySize(Math.round(bytes * scale))} ${what}, ${deflate ? 'deflated' : 'stored'}`,
    build: (writer, scale) => writer.add(`${ARCHIVE_FOLDER}/${name}.bin`, content(Math.round(bytes * scale)), { deflate }),
    expected: (scale) => ({ files: 1, bytes: Math.round(bytes * scale) }),
  };
}

type ShapeTargets = Pick<Shape, 'overwrite' | 'memoryOnly' | 'maxRatio' | 'maxRssBytes'>;

function manyFiles(name: string, count: number, bytesEach: number, content: (index: number) => { extension: string; chunks: Iterable<Buffer> }, options: { deflate?: boolean } & ShapeTargets = {}): Shape {
  const scaledCount = (scale: number) => Math.max(1, Math.round(count * scale));
  return {
    name,
    title: (scale) => `${scaledCount(scale).toLocaleString('en-US')} files of ${binarySize(bytesEach)}`,
    async build(writer, scale) {
      for (let i = 0; i < scaledCount(scale); i++) {
        // 100 files per folder, as exports split by day or customer would be.
        const folder = String(Math.floor(i / 100)).padStart(3, '0');
        const { extension, chunks } = content(i);
        await writer.add(`${ARCHIVE_FOLDER}/part-${folder}/file-${String(i).padStart(5, '0')}.${extension}`, chunks, { deflate: options.deflate });
      }
    },
    expected: (scale) => ({ files: scaledCount(scale), bytes: scaledCount(scale) * bytesEach }),
    overwrite: options.overwrite,
    memoryOnly: options.memoryOnly,
    maxRatio: options.maxRatio,
    maxRssBytes: options.maxRssBytes,
  };
}

/** In the order measured: many small files last, since removing their trees slows file creation for a while (see downloadBench). */
export const SHAPES: readonly Shape[] = [
  oneFile('csv-1g', 'CSV', GiB, (size) => csvChunks(size), true),
  // Nothing to inflate: bound by the disk, where the project must still not lose to unzip (issue 21).
  oneFile('random-stored-1g', 'random', GiB, (size) => randomChunks(size, 11), false, { maxRatio: 0.95 }),
  oneFile('random-deflated-1g', 'random', GiB, (size) => randomChunks(size, 13), true),
  // Half text, half incompressible, as a run's reports and images would be.
  manyFiles('medium-200', 200, 5 * MiB, (i) =>
    i % 2 === 0 ? { extension: 'csv', chunks: csvChunks(5 * MiB, i + 1) } : { extension: 'bin', chunks: randomChunks(5 * MiB, i + 1) },
  ),
  // Per-file cost, not bytes (issue 21: ≤ 0.85 of curl + unzip).
  manyFiles('small-10k', 10_000, 10 * 1024, (i) => ({ extension: 'csv', chunks: csvChunks(10 * 1024, i + 1) }), { maxRatio: 0.85 }),
  // The entry limit's worth of tiny files, and a fifth of it of the same shape: memory per entry
  // (index, plan, journal) and per-file cost. Both also overwrite their own extraction beside
  // `unzip -o` doing the same; the pair shows whether overwriting grows faster than the files.
  // Stored, since deflating 64 bytes saves nothing and a deflate stream each slows generation.
  manyFiles('tiny-20k', 20_000, 64, (i) => ({ extension: 'csv', chunks: csvChunks(64, i + 1) }), { deflate: false, overwrite: true, memoryOnly: true }),
  manyFiles('tiny-100k', 100_000, 64, (i) => ({ extension: 'csv', chunks: csvChunks(64, i + 1) }), { deflate: false, overwrite: true, maxRatio: 0.85, maxRssBytes: 150e6 }),
];
