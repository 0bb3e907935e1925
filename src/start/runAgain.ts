// Run Again: what a run started from this VS Code is started again with. Gumloop has no re-run
// endpoint, so the client sends the recorded inputs once more: text as it was, a file input by the
// name Gumloop already stores it under while the local file it came from is unchanged (same size
// and modification time), uploaded again when it changed, and refused, said, when it is gone.
// Pure: the caller looks at the files (VS Code's file system) and asks the user.
import type { PipelineInput } from '../gumloop/pipelines';
import type { FileAssignment, FileSource, SentInput } from '../runs/runInputs';
import { validateId } from '../validation';

/** A file as it is now; undefined when it is gone or unreadable. */
export interface FileNow {
  size: number;
  mtime: number;
}

/** What to do with one recorded file input. */
export type FileDecision = 'reuse' | 'upload' | 'gone';

/**
 * Reuse the uploaded name while the file is as it was read; upload again when it changed. A record
 * without a source (an older one, or a file VS Code did not read) has nothing to compare: the
 * uploaded name is reused, which is what the run was started with.
 */
export function decideFile(source: FileSource | undefined, now: FileNow | undefined): FileDecision {
  if (!source) return 'reuse';
  if (!now) return 'gone';
  return now.size === source.size && now.mtime === source.mtime ? 'reuse' : 'upload';
}

export interface RunAgainPlan {
  text: PipelineInput[];
  /** File inputs: with `uploaded` set, sent by that name; without, read from `source.uri` and uploaded. */
  files: (FileAssignment & { source?: FileSource })[];
  /** File inputs whose local file is gone: the run cannot be started again as it was. */
  gone: SentInput[];
}

/** The recorded inputs split into what is sent as it was and what is uploaded again; `now` is keyed by the source's URI. */
export function planRunAgain(inputs: readonly SentInput[], now: ReadonlyMap<string, FileNow | undefined>): RunAgainPlan {
  const plan: RunAgainPlan = { text: [], files: [], gone: [] };
  for (const input of inputs) {
    if (input.file === undefined) {
      plan.text.push({ name: input.name, value: input.value });
      continue;
    }
    const decision = decideFile(input.source, input.source ? now.get(input.source.uri) : undefined);
    if (decision === 'gone') plan.gone.push(input);
    else plan.files.push({ name: input.name, path: input.file, source: input.source, ...(decision === 'reuse' ? { uploaded: input.value } : {}) });
  }
  return plan;
}

/** The recorded inputs as Run Flow's prompts remember them: text as sent, a file input by its workspace path. */
export function prefillValues(inputs: readonly SentInput[]): Record<string, string> {
  return Object.fromEntries(inputs.map((input) => [input.name, input.file ?? input.value]));
}

/** The run a command was given: a run ID, a Recent Runs row (`{runId}`) or a Flows view run (`{runId, flowId}`). */
export function runAgainTarget(target: unknown): { runId: string; flowId?: string } | undefined {
  const record = target && typeof target === 'object' ? (target as Record<string, unknown>) : undefined;
  const raw = typeof target === 'string' ? target : record?.runId;
  const runId = typeof raw === 'string' ? validateId(raw, 'run ID') : undefined;
  if (!runId?.ok) return undefined;
  const flowId = typeof record?.flowId === 'string' ? validateId(record.flowId, 'flow ID') : undefined;
  return { runId: runId.value, ...(flowId?.ok ? { flowId: flowId.value } : {}) };
}
