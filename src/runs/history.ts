// Recent runs: a capped, most-recent-first list persisted through a small storage interface
// (globalState in the extension). Pure: no vscode import; emits which run changed so the tree
// refreshes one node instead of the whole view.
import type { FileSource, SentInput } from './runInputs';

export interface RunRecord {
  runId: string;
  /** The names asked for that the run had (what "Download Again" asks for again); empty when more than MAX_FILES_PER_RUN. */
  fileNames: string[];
  /** Files written, relative to `destination`, `/`-separated (the first MAX_FILES_PER_RUN). */
  files: string[];
  /** How many files were written, when more than `files` lists. */
  fileCount?: number;
  /** Absolute path of the folder the files went into. */
  destination: string;
  savedItemId?: string;
  /** The flow's name, when downloaded from the Flows view. */
  flowName?: string;
  downloadedAt: number;
  /** Recorded when Run Flow started it, and not downloaded since: Recent Runs offers Download, not Download Again. */
  notDownloaded?: boolean;
  state?: string;
  createdTs?: string;
  finishedTs?: string;
  /** What Run Flow started the run with (what a later Run Again sends again). */
  inputs?: SentInput[];
  /** 'artifacts': an agent's artifacts downloaded from the Agents view (runId is then `<agent id>/<session id or "all">`, flowName the agent and session). */
  kind?: 'artifacts';
}

/** globalState is not meant for 100,000-path lists: a run keeps its first files only. */
export const MAX_FILES_PER_RUN = 1000;

export interface HistoryStorage {
  get(): unknown;
  set(records: RunRecord[]): PromiseLike<void>;
}

/** `runId` set: only that run changed; undefined: the list itself changed. */
export type HistoryChange = { runId?: string };
type Listener = (change: HistoryChange) => void;

export class RunHistory {
  private records: RunRecord[];
  private readonly listeners = new Set<Listener>();
  private index: { of: readonly RunRecord[]; byId: Map<string, RunRecord> } | undefined;

  constructor(
    private readonly storage: HistoryStorage,
    private maxRuns: number,
  ) {
    this.records = sanitize(storage.get()).slice(0, Math.max(1, maxRuns));
  }

  all(): readonly RunRecord[] {
    return this.records;
  }

  /** By id through an index, rebuilt when the list is replaced (every change makes a new list): the tree asks once per row. */
  get(runId: string): RunRecord | undefined {
    if (this.index?.of !== this.records) {
      const byId = new Map<string, RunRecord>();
      for (const record of this.records) if (!byId.has(record.runId)) byId.set(record.runId, record);
      this.index = { of: this.records, byId };
    }
    return this.index.byId.get(runId);
  }

  /** Adds or refreshes a run and moves it to the top; merges the file lists of repeated downloads. */
  async record(run: RunRecord): Promise<void> {
    const previous = this.get(run.runId);
    const files = previous && previous.destination === run.destination ? union(run.files, previous.files) : run.files;
    const fileNames = union(run.fileNames, previous?.fileNames ?? []);
    const merged: RunRecord = {
      ...previous,
      ...run,
      // Too many to keep: none, so Download Again asks for the names instead of quietly taking the first ones.
      fileNames: fileNames.length > MAX_FILES_PER_RUN ? [] : fileNames,
      files: files.slice(0, MAX_FILES_PER_RUN),
      fileCount: files.length > MAX_FILES_PER_RUN ? files.length : undefined,
      // Every record() but Run Flow's is a download: only the newest call says whether it was one.
      notDownloaded: run.notDownloaded || undefined,
    };
    this.records = [merged, ...this.records.filter((record) => record.runId !== run.runId)].slice(0, this.maxRuns);
    await this.save({});
  }

  /** Updates fields of a run in place (e.g. its state from get_pl_run) without reordering. */
  async update(runId: string, fields: Partial<Omit<RunRecord, 'runId'>>): Promise<void> {
    const index = this.records.findIndex((record) => record.runId === runId);
    if (index < 0) return;
    this.records = this.records.map((record, i) => (i === index ? { ...record, ...fields } : record));
    await this.save({ runId });
  }

  /** Puts a removed run back where it was (Undo); a run recorded again meanwhile is left as it is. */
  async restore(run: RunRecord, index: number): Promise<void> {
    if (this.get(run.runId)) return;
    const at = Math.max(0, Math.min(index, this.records.length));
    this.records = [...this.records.slice(0, at), run, ...this.records.slice(at)].slice(0, this.maxRuns);
    await this.save({});
  }

  async remove(runId: string): Promise<void> {
    const before = this.records.length;
    this.records = this.records.filter((record) => record.runId !== runId);
    if (this.records.length !== before) await this.save({});
  }

  async clear(): Promise<void> {
    this.records = [];
    await this.save({});
  }

  async setMaxRuns(maxRuns: number): Promise<void> {
    this.maxRuns = Math.max(1, maxRuns);
    if (this.records.length > this.maxRuns) {
      this.records = this.records.slice(0, this.maxRuns);
      await this.save({});
    }
  }

  /** Names downloaded before for this run, for the file picker. */
  knownFileNames(runId: string): string[] {
    return this.get(runId)?.fileNames ?? [];
  }

  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private async save(change: HistoryChange): Promise<void> {
    await this.storage.set(this.records);
    for (const listener of this.listeners) listener(change);
  }
}

/**
 * The names worth asking for again: those the run had. A name the run lacked is said in that
 * download's message only; remembered, it would repeat the same complaint on every Download Again.
 */
export function namesFound(requested: readonly string[], missing: readonly string[]): string[] {
  const absent = new Set(missing);
  return requested.filter((name) => !absent.has(name));
}

function union(first: readonly string[], second: readonly string[]): string[] {
  return [...new Set([...first, ...second])];
}

/** Stored data may come from an older version or be hand-edited: keep only well-formed records. */
function sanitize(value: unknown): RunRecord[] {
  if (!Array.isArray(value)) return [];
  const strings = (list: unknown) => (Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : []);
  return value
    .filter((item): item is Record<string, unknown> => !!item && typeof item === 'object' && typeof (item as RunRecord).runId === 'string' && typeof (item as RunRecord).destination === 'string')
    .map((item) => ({
      runId: item.runId as string,
      fileNames: strings(item.fileNames),
      files: strings(item.files),
      fileCount: typeof item.fileCount === 'number' ? item.fileCount : undefined,
      destination: item.destination as string,
      savedItemId: typeof item.savedItemId === 'string' ? item.savedItemId : undefined,
      flowName: typeof item.flowName === 'string' ? item.flowName : undefined,
      downloadedAt: typeof item.downloadedAt === 'number' ? item.downloadedAt : 0,
      notDownloaded: item.notDownloaded === true || undefined,
      state: typeof item.state === 'string' ? item.state : undefined,
      createdTs: typeof item.createdTs === 'string' ? item.createdTs : undefined,
      finishedTs: typeof item.finishedTs === 'string' ? item.finishedTs : undefined,
      inputs: sentInputs(item.inputs),
      ...(item.kind === 'artifacts' ? { kind: 'artifacts' as const } : {}),
    }));
}

/** Well-formed inputs only; a hand-edited or older record without them has none. */
function sentInputs(value: unknown): SentInput[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value
    .filter((item): item is Record<string, unknown> => !!item && typeof item === 'object' && typeof item.name === 'string' && typeof item.value === 'string')
    .map((item) => ({ name: item.name as string, value: item.value as string, ...(typeof item.file === 'string' ? { file: item.file } : {}), ...fileSource(item.source) }));
}

function fileSource(value: unknown): { source?: FileSource } {
  if (!value || typeof value !== 'object') return {};
  const { uri, size, mtime } = value as Record<string, unknown>;
  return typeof uri === 'string' && typeof size === 'number' && typeof mtime === 'number' ? { source: { uri, size, mtime } } : {};
}
