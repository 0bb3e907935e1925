// A small JSON value kept in a file and written through at once. The extension's Mementos are
// flushed by the workbench later; in a browser-hosted VS Code (code-server, Codespaces) a reload
// can drop a fresh update (measured: a mark set 5 s before a reload was gone), and a wait the
// user asked for must outlive that. Writes are atomic (temporary file, rename) and one at a time;
// update() reads the file first, so two windows on one folder do not undo each other's changes.
import * as fs from 'node:fs';
import * as path from 'node:path';

export class JsonFileStore<T> {
  private value: T;
  private writing: Promise<void> = Promise.resolve();

  /** `parse` turns what the file held (unknown JSON, possibly from another version) into a T. */
  constructor(
    private readonly file: string,
    private readonly parse: (raw: unknown) => T,
    empty: T,
  ) {
    this.value = this.read() ?? empty;
  }

  /** The value as last read or written by this store. */
  get(): T {
    return this.value;
  }

  /** Resolves once the value is on disk. Writes run one at a time, so the last value set wins. */
  set(value: T): Promise<void> {
    this.value = value;
    return this.enqueue(() => this.write(value));
  }

  /** Reads the file as it is now (another window may have written it), changes it, writes it. */
  update(change: (current: T) => T): Promise<void> {
    return this.enqueue(async () => {
      this.value = change(this.read() ?? this.value);
      await this.write(this.value);
    });
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.writing.catch(() => undefined).then(step);
    this.writing = next;
    return next;
  }

  /** Undefined when the file is missing or does not parse: the caller keeps what it has. */
  private read(): T | undefined {
    try {
      return this.parse(JSON.parse(fs.readFileSync(this.file, 'utf8')));
    } catch {
      return undefined;
    }
  }

  private async write(value: T): Promise<void> {
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await fs.promises.writeFile(temporary, JSON.stringify(value));
    await fs.promises.rename(temporary, this.file);
  }
}
