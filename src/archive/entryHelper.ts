// The helper thread that writes small entries beside the main thread (see entryWriter.ts for why).
// It is told one region at a time: the region's bytes (moved, not copied: the buffer is
// transferred there and back) and its items; it answers with how far it got and why it stopped.
// It runs `writeItems` from its own source, so both threads write files the same way.
import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import * as zlib from 'node:zlib';
import { writeItems, type EntryItem, type WriteOutcome } from './entryWriter';

interface Reply {
  id: number;
  outcome: WriteOutcome;
  buffer: ArrayBuffer;
}

const HELPER_SOURCE = `
const writeItems = ${writeItems.toString()};
const { parentPort } = require('node:worker_threads');
const { crc32 } = require('node:zlib');
parentPort.on('message', ({ id, buffer, length, items, root }) => {
  const outcome = writeItems(Buffer.from(buffer, 0, length), items, 0, () => false, crc32, root);
  parentPort.postMessage({ id, outcome, buffer }, [buffer]);
});
`;

export class EntryHelper {
  /** Helpers alive in this process: one at a time (two downloads at once already keep both cores busy). */
  private static alive = 0;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve(reply: Reply): void; reject(error: unknown): void }>();
  private stopped: Error | undefined;

  private constructor(private readonly worker: Worker) {
    // An idle helper nobody closed (a bug) must not keep the CLI's process alive; a busy one must.
    worker.unref();
    worker.on('message', (reply: Reply) => {
      this.waiting.get(reply.id)?.resolve(reply);
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) worker.unref();
    });
    worker.on('error', (error) => this.stop(error));
    worker.on('exit', () => {
      EntryHelper.alive--;
      this.stop(new Error('The extraction helper thread stopped.'));
    });
  }

  /**
   * A helper, or undefined where one cannot help or run: without a native CRC-32 (older Node, as
   * in some editors' extension hosts) the helper would spend its time in JavaScript checksums, and
   * a host without worker threads, or with one core, writes everything on the main thread as before.
   * While another download of this process has one, this one writes on the main thread too.
   */
  static start(): EntryHelper | undefined {
    if (typeof (zlib as { crc32?: unknown }).crc32 !== 'function' || os.availableParallelism() < 2 || EntryHelper.alive > 0) return undefined;
    try {
      const helper = new EntryHelper(new Worker(HELPER_SOURCE, { eval: true }));
      EntryHelper.alive++;
      return helper;
    } catch {
      return undefined;
    }
  }

  /** Regions sent and not answered yet. */
  get pending(): number {
    return this.waiting.size;
  }

  /** Writes the items from `buffer` (which moves to the helper until the answer brings it back); see writeItems for `root`. */
  write(buffer: ArrayBuffer, length: number, items: readonly EntryItem[], root: string): Promise<{ outcome: WriteOutcome; buffer: ArrayBuffer }> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ id, buffer, length, items, root }, [buffer]);
    });
  }

  /** Ends the thread (mid-region if need be: its files are in scratch) and waits until it is gone. */
  async close(): Promise<void> {
    await this.worker.terminate();
  }

  private stop(error: Error): void {
    this.stopped ??= error;
    for (const { reject } of this.waiting.values()) reject(error);
    this.waiting.clear();
  }
}
