// Destinations with a download under way, remembered outside the process (the extension keeps
// the list in its global state). A window closed or crashed mid-download leaves its destination
// on the list; the next start finishes or undoes that download from its journal, without waiting
// for the user to download into the same folder again.
import { GumloopError } from '../errors';
import { destinationLocks, downloadEngine } from './lazyEngine';

export interface InFlightStore {
  get(): readonly string[];
  set(destinations: string[]): PromiseLike<void>;
}

export class InFlightDownloads {
  constructor(private readonly store: InFlightStore) {}

  async add(destination: string): Promise<void> {
    const list = this.store.get();
    if (!list.includes(destination)) await this.store.set([...list, destination]);
  }

  async remove(destination: string): Promise<void> {
    await this.store.set(this.store.get().filter((known) => known !== destination));
  }

  /**
   * For each remembered destination no live download holds: finish or undo what was left, and
   * forget it. One held by a running download (another window, the CLI) is left to it.
   */
  async recoverAll(owner: string, onRecovery: (message: string) => void, onError: (error: unknown) => void): Promise<void> {
    // Nothing to recover (the usual start): the lock module stays unloaded.
    if (this.store.get().length === 0) return;
    // Loaded outside the try below, whose catch forgets a destination: a load failure must not.
    const { acquireDestinationLock } = destinationLocks();
    for (const destination of this.store.get()) {
      let lock;
      try {
        lock = acquireDestinationLock(destination, owner);
      } catch (error) {
        if (error instanceof GumloopError) continue; // running elsewhere: its owner cleans up
        await this.remove(destination); // the folder around it is gone: nothing left to recover
        continue;
      }
      try {
        await downloadEngine().recoverDestination(destination, onRecovery);
        await this.remove(destination);
      } catch (error) {
        onError(error);
      } finally {
        lock.release();
      }
    }
  }
}
