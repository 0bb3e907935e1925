// Measures both sides on every shape, alternating which goes first so that neither always gets
// the warmer page cache or the quieter moment. Each run starts in a fresh scratch folder, is
// checked for a complete extraction and flushed to disk before the next one. Extracted trees are
// removed only after the shape's last run: on ext4, creating files right after many were deleted
// is several times slower (the allocator steps over recently freed inodes), which would bill one
// run for the previous run's cleanup.
import { execFile } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { ensureArchive } from './archiveCache';
import { DATA_DIR } from './benchPaths';
import { downloadCommand, downloadedArchive, extractedRoot, type Side } from './downloadCommands';
import type { EmulatorProcess } from './emulatorProcess';
import { measureCommand, type Measurement } from './measureCommand';
import type { Shape } from './shapes';
import { treeTotals } from './treeTotals';

export interface ShapeResult {
  shape: string;
  title: string;
  archiveBytes: number;
  reference: Measurement[];
  project: Measurement[];
  /** The project again, over its own extraction (shapes with `overwrite`): every file replaced. */
  projectOverwrite: Measurement[];
  /** `unzip -o` again over its own extraction, beside the project's overwrite. */
  referenceOverwrite: Measurement[];
  /** The wall-time ratio is not a target for this shape. */
  memoryOnly: boolean;
  maxRatio?: number;
  maxRssBytes?: number;
  /** Files extracted per run. */
  files: number;
}

export interface DownloadBenchOptions {
  shapes: readonly Shape[];
  scale: number;
  runs: number;
  useGnuTime: boolean;
  emulator: EmulatorProcess;
  log: (line: string) => void;
}

export async function benchDownloads(options: DownloadBenchOptions): Promise<ShapeResult[]> {
  const results: ShapeResult[] = [];
  for (const shape of options.shapes) {
    const archive = await ensureArchive(shape, options.scale, options.log);
    await options.emulator.serveArchive(archive.file);
    const result: ShapeResult = { shape: shape.name, title: shape.title(options.scale), archiveBytes: archive.bytes, reference: [], project: [], projectOverwrite: [], referenceOverwrite: [], memoryOnly: shape.memoryOnly ?? false, maxRatio: shape.maxRatio, maxRssBytes: shape.maxRssBytes, files: shape.expected(options.scale).files };
    const shapeDir = path.join(DATA_DIR, `runs-${process.pid}`, shape.name);
    try {
      for (let run = 0; run < options.runs; run++) {
        const order: Side[] = run % 2 === 0 ? ['reference', 'project'] : ['project', 'reference'];
        for (const side of order) {
          const measurement = await measureOnce(shape, side, path.join(shapeDir, `${run + 1}-${side}`), options);
          result[side].push(measurement);
          logRun(options, shape, run, side, measurement);
          if (shape.overwrite) {
            const again = await measureOnce(shape, side, path.join(shapeDir, `${run + 1}-${side}`), options, true);
            result[side === 'project' ? 'projectOverwrite' : 'referenceOverwrite'].push(again);
            logRun(options, shape, run, `${side === 'project' ? 'project' : 'unzip'} -o`, again);
          }
        }
      }
    } finally {
      await rm(path.dirname(shapeDir), { recursive: true, force: true });
    }
    results.push(result);
  }
  return results;
}

function logRun(options: DownloadBenchOptions, shape: Shape, run: number, what: string, measurement: Measurement): void {
  options.log(`  ${shape.name} run ${run + 1}/${options.runs} ${what.padEnd(9)} ${(measurement.wallMs / 1000).toFixed(2)} s  ${measurement.maxRssKB === undefined ? '' : `${((measurement.maxRssKB * 1024) / 1e6).toFixed(0)} MB`}`);
}

async function measureOnce(shape: Shape, side: Side, scratch: string, options: DownloadBenchOptions, overwrite = false): Promise<Measurement> {
  await mkdir(scratch, { recursive: true });
  const measurement = await measureCommand(downloadCommand(side, options.emulator.baseUrl, scratch, overwrite), options.useGnuTime);
  const expected = shape.expected(options.scale);
  const got = await treeTotals(extractedRoot(scratch));
  if (got.files !== expected.files || got.bytes !== expected.bytes) {
    throw new Error(`${side} extracted ${got.files} files / ${got.bytes} bytes of ${shape.name}, expected ${expected.files} / ${expected.bytes}`);
  }
  // One file, so removing it at once is harmless, and it halves the disk space the shape needs.
  await rm(downloadedArchive(scratch), { force: true });
  // Write-back of this run's files must not be billed to the next one.
  await promisify(execFile)('sync');
  return measurement;
}
