// `npm run bench`: download+extract against curl+unzip on five archive shapes, plus activation,
// package sizes and the Recent Runs tree; prints Markdown tables, writes JSON, and exits non-zero
// when a target is missed (never in --quick, whose timings on a shared CI machine are noise).
import { mkdir } from 'node:fs/promises';
import { DATA_DIR } from './benchPaths';
import { benchDownloads } from './downloadBench';
import { startEmulatorProcess } from './emulatorProcess';
import { measureExtras, type Extras } from './extras';
import { FLOWS_LIST_PART, measureFlowsList, type FlowsList } from './flowsListBench';
import { removeLeftoverScratch } from './leftovers';
import { BadOptions, USAGE, UsageRequest, parseBenchOptions } from './options';
import { formatReport, summarize, writeJsonReport } from './report';
import { measureRunToDownload, type RunToDownload } from './runToDownloadBench';
import { SHAPES } from './shapes';
import { ensureReferenceTools, hasGnuTime } from './systemTools';
import { ZIP64_PART, measureZip64, type Zip64Result } from './zip64Bench';

/** Quick mode: about 1/8 of every shape, so CI can run it as a smoke check. */
const QUICK_SCALE = 1 / 8;

async function main(): Promise<number> {
  const options = parseBenchOptions(process.argv.slice(2));
  const started = Date.now();
  const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
  await ensureReferenceTools(log);
  const useGnuTime = hasGnuTime();
  if (!useGnuTime) log('GNU time (/usr/bin/time, Debian package "time") is missing: the project\'s peak RSS comes from a preload, the reference\'s is not measured');
  await mkdir(DATA_DIR, { recursive: true });
  await removeLeftoverScratch(log);

  const shapes = options.only.length > 0 ? SHAPES.filter((shape) => options.only.includes(shape.name)) : SHAPES;
  const emulator = await startEmulatorProcess();
  let results;
  let flowsList: FlowsList | undefined;
  try {
    results = await benchDownloads({ shapes, scale: options.quick ? QUICK_SCALE : 1, runs: options.runs, useGnuTime, emulator, log });
    if (options.only.length === 0 || options.only.includes(FLOWS_LIST_PART)) flowsList = await measureFlowsList(emulator, options.runs, useGnuTime, log);
  } finally {
    await emulator.stop();
  }
  let extras: Extras | undefined;
  if (options.only.length === 0) extras = await measureExtras(options.quick ? 3 : 9, options.quick, log);
  let runToDownload: RunToDownload | undefined;
  if (options.only.length === 0) runToDownload = await measureRunToDownload(options.quick ? 3 : 5, !options.quick, log);

  // Past 4 GiB twice over: never in quick mode (CI), and only on a disk with room (it says so otherwise).
  let zip64: Zip64Result | undefined;
  if (!options.quick && (options.only.length === 0 || options.only.includes(ZIP64_PART))) zip64 = await measureZip64(log);

  const report = summarize(results, extras, runToDownload, flowsList, zip64, { quick: options.quick, runs: options.runs, rssSource: useGnuTime ? '/usr/bin/time' : 'a resourceUsage preload (project only)' });
  await writeJsonReport(options.jsonFile, report);
  process.stdout.write(`\n${formatReport(report)}\n`);
  log(`finished in ${((Date.now() - started) / 1000).toFixed(0)} s; results in ${options.jsonFile}`);
  if (options.quick) {
    if (!report.ok) log('quick mode: misses are reported, not failed (a smoke check of the benchmark, not of timings)');
    return 0;
  }
  return report.ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageRequest) {
      process.stdout.write(`${error.message}\n`);
      return;
    }
    if (error instanceof BadOptions) {
      process.stderr.write(`bench: ${error.message}\n\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 2;
  },
);
