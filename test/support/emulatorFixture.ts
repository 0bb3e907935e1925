// Starts a real emulator on an ephemeral loopback port with a fresh copy of the seed, per test file.
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { copySeed, startEmulator, type Emulator } from '../emulator/server';

/** `now`: the clock run lifecycles are read with, for tests that move time themselves. */
export function withEmulator(t: { before(fn: () => Promise<void>): void; after(fn: () => Promise<void>): void }, options: { now?: () => number } = {}): { get(): Emulator; root(): string } {
  let emulator: Emulator | undefined;
  let root = '';
  t.before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'gl-emu-'));
    await copySeed(path.join(root, 'data'));
    emulator = await startEmulator({ dataDir: path.join(root, 'data'), port: 0, now: options.now });
  });
  t.after(async () => {
    await emulator?.close();
    await rm(root, { recursive: true, force: true });
  });
  return {
    get: () => {
      if (!emulator) throw new Error('emulator not started');
      return emulator;
    },
    root: () => root,
  };
}
