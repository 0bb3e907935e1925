// The benchmark's command line: `npm run bench -- [--quick] [--runs N] [--only shape] [--json file]`.
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_JSON_REPORT, QUICK_JSON_REPORT } from './benchPaths';
import { FLOWS_LIST_PART } from './flowsListBench';
import { SHAPES } from './shapes';
import { ZIP64_PART } from './zip64Bench';

export interface BenchOptions {
  /** ~1/8 of the sizes; misses are shown but never fail the run (timings on CI are noise). */
  quick: boolean;
  runs: number;
  /** Shape names to measure; all when empty. Extras are skipped when this is set. */
  only: string[];
  jsonFile: string;
}

export const USAGE = `Usage: npm run bench -- [--quick] [--runs N] [--only <shape>] [--json <file>]

  --quick        ~1/8 of the archive sizes; a smoke check that never fails on a target
  --runs N       measurements per side and shape (default 3)
  --only <shape> measure this shape only (repeatable); skips activation, sizes and tree
                 shapes: ${SHAPES.map((shape) => shape.name).join(', ')}; or ${FLOWS_LIST_PART}
                 (gumloop-files flows with 50,000 flows); or ${ZIP64_PART} (two archives past
                 4 GiB, full runs only: needs 12 GB free)
  --json <file>  where to write the results (default: bench-results.json in the repo root;
                 with --quick, test/bench/.data/bench-results-quick.json, so a smoke run in
                 npm test never replaces the results of a full run)`;

export function parseBenchOptions(argv: string[]): BenchOptions {
  const { values } = parseArgsOrExplain(argv);
  if (values.help) throw new UsageRequest(USAGE);
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new BadOptions(`--runs must be a positive integer, not ${JSON.stringify(values.runs)}`);
  const known = new Set([...SHAPES.map((shape) => shape.name), FLOWS_LIST_PART, ZIP64_PART]);
  const unknown = values.only.filter((name) => !known.has(name));
  if (unknown.length > 0) throw new BadOptions(`unknown shape ${unknown.join(', ')}`);
  const jsonFile = path.resolve(values.json ?? (values.quick ? QUICK_JSON_REPORT : DEFAULT_JSON_REPORT));
  return { quick: values.quick, runs, only: values.only, jsonFile };
}

function parseArgsOrExplain(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        quick: { type: 'boolean', default: false },
        runs: { type: 'string', default: '3' },
        only: { type: 'string', multiple: true, default: [] },
        json: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new BadOptions((error as Error).message);
  }
}

/** --help: not an error, but it ends the run just the same. */
export class UsageRequest extends Error {}

/** A mistake on the command line: said with the usage, without a stack trace. */
export class BadOptions extends Error {}
