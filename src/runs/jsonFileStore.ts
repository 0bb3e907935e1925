// A small JSON value kept in a file and written through at once. The extension's Mementos are
// flushed by the workbench later; in a browser-hosted VS Code (code-server, Codespaces) a reload
// can drop a fresh update (measured: a mark set 5 s before a reload was gone), and a wait the
// user asked for must outlive that. Reads once; writes atomically (temporary file, rename).
import * as fs from 'node:fs';
import * as path from 'node:path';

export class JsonFileStore<T> {
  private value: T;
  private writing: Promise<void> = Promise.resolve();

  /** `parse` turns what the file held (unknown JSON, possibly from another version) into a T. */
  constructor(
    private readonly file: string,
    parse: (raw: unknown) => T,
    empty: T,
  ) {
    this.value = empty;
    try {
      this.value = parse(JSON.parse(fs.readFileSync(file, 'utf8')));
    } catch {
      // Missing or unreadable: start empty; the next write replaces it.
    }
  }

  get(): T {
    return this.value;
  }

  /** Resolves once the value is on disk. Writes run one at a time, so the last value set wins. */
  set(value: T): Promise<void> {
    this.value = value;
    const write = this.writing.catch(() => undefined).then(() => this.write(value));
    this.writing = write;
    return write;
  }

  private async write(value: T): Promise<void> {
    await fs.promises.mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await fs.promises.writeFile(temporary, JSON.stringify(value));
    await fs.promises.rename(temporary, this.file);
  }
}
