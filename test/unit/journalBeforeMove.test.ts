// The commit journal is on disk, flushed, with the whole plan, before the first change to the
// destination; and a commit stopped dead at any change (as a kill would stop it) is brought back
// by recovery to exactly the old folder or exactly the new one. commitStaged runs for real; the
// file-system calls it makes are watched through node:fs/promises and node:fs (the move's steps
// are synchronous), which it calls through.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as os from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import * as path from 'node:path';
import { commitStaged, recoverCommit, type StagedFile } from '../../src/archive/commit';
import { readJournal } from '../../src/archive/journal';
import { snapshot } from '../support/fsSnapshot';

const OLD = { 'a.txt': 'old a', 'sub/b.txt': 'old b', 'keep.txt': 'untouched' };
const NEW = { 'a.txt': 'NEW a', 'sub/b.txt': 'NEW b', 'sub/new.txt': 'NEW file', 'fresh/deep/e.txt': 'NEW e' };

async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await fsp.mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await fsp.writeFile(path.join(root, name), content);
  }
}

/** Calls that change the path they are given; for link/rename/copyFile that is the second one. */
const CHANGING_FIRST = ['mkdir', 'rm', 'rmdir', 'unlink', 'utimes', 'writeFile', 'appendFile', 'truncate', 'chmod'] as const;
const CHANGING_SECOND = ['link', 'rename', 'copyFile', 'symlink'] as const;
type Patched = Record<string, (...args: unknown[]) => unknown>;

/** What a synchronous call does where a kill stopped the process: nothing, and nothing after it runs. */
class Killed extends Error {}

interface Watch {
  /** Destination changes seen (call name and path), in order. */
  changes: string[];
  /** Files whose handle was flushed (FileHandle.sync), in order. */
  synced: string[];
  /** Puts the real functions back (also done when the test ends). */
  restore(): void;
}

/**
 * Watches node:fs/promises for the test's lifetime. `atChange(n)` runs before the n-th change to
 * `destination` (0-based); if it returns 'stop', the commit stops dead there, with nothing after
 * it run, which is what a kill leaves behind: that call and every later change anywhere never
 * happen (an asynchronous one never settles; a synchronous one throws, and so does every change
 * the code then attempts to undo it).
 */
function watchFs(t: TestContext, destination: string, atChange: (index: number, what: string) => Promise<'go' | 'stop'>, atChangeSync: (index: number, what: string) => 'go' | 'stop' = () => 'go'): Watch {
  // The module object itself (what `node:fs/promises` is), whose properties the code under test reads per call.
  const api = fsp as unknown as Patched;
  const syncApi = fs as unknown as Patched;
  const originals: Patched = {};
  const syncOriginals: Patched = {};
  let dead = false;
  const watch: Watch = {
    changes: [],
    synced: [],
    restore: () => {
      Object.assign(api, originals);
      Object.assign(syncApi, syncOriginals);
    },
  };
  const inside = (target: unknown) => typeof target === 'string' && (target === destination || target.startsWith(`${destination}${path.sep}`));
  const wrap = (name: string, changedPath: (args: unknown[]) => unknown) => {
    const original = (originals[name] = api[name]);
    api[name] = async (...args: unknown[]) => {
      if (dead) return new Promise(() => undefined);
      if (inside(changedPath(args))) {
        const what = `${name} ${path.relative(destination, String(changedPath(args))) || '.'}`;
        const index = watch.changes.push(what) - 1;
        if ((await atChange(index, what)) === 'stop') {
          dead = true;
          return new Promise(() => undefined);
        }
      }
      return original(...args);
    };
    // The synchronous twin: `atChange` may not wait, so its answer must be ready at once.
    const syncName = `${name}Sync`;
    const syncOriginal = (syncOriginals[syncName] = syncApi[syncName]);
    syncApi[syncName] = (...args: unknown[]) => {
      if (dead) throw new Killed(syncName);
      if (inside(changedPath(args))) {
        const what = `${name} ${path.relative(destination, String(changedPath(args))) || '.'}`;
        const index = watch.changes.push(what) - 1;
        if (atChangeSync(index, what) === 'stop') {
          dead = true;
          throw new Killed(syncName);
        }
      }
      return syncOriginal(...args);
    };
  };
  for (const name of CHANGING_FIRST) wrap(name, (args) => args[0]);
  for (const name of CHANGING_SECOND) wrap(name, (args) => args[1]);
  const open = (originals.open = api.open);
  api.open = async (...args: unknown[]) => {
    const handle = (await open(...args)) as FileHandle;
    const sync = handle.sync.bind(handle);
    handle.sync = async () => {
      await sync();
      watch.synced.push(String(args[0]));
    };
    return handle;
  };
  t.after(() => watch.restore());
  return watch;
}

async function scene(t: TestContext) {
  const root = await fsp.mkdtemp(path.join(os.tmpdir(), 'gl-journal-first-'));
  t.after(() => fsp.rm(root, { recursive: true, force: true }));
  const destination = path.join(root, 'out');
  const scratch = path.join(root, '.gumloop-scratch');
  await writeTree(destination, OLD);
  await writeTree(path.join(scratch, 'files'), NEW);
  const files: StagedFile[] = Object.keys(NEW).map((target) => ({ target, overwrite: target in OLD }));
  return { destination, scratch, files, before: await snapshot(destination) };
}

/** readJournal's answer, read synchronously (for a watcher called inside a synchronous step). */
function journalOnDisk(scratch: string): Awaited<ReturnType<typeof readJournal>> {
  if (fs.existsSync(path.join(scratch, 'committed'))) return { state: 'committed' };
  try {
    return { state: 'in-progress', journal: JSON.parse(fs.readFileSync(path.join(scratch, 'journal.json'), 'utf8')) as never };
  } catch {
    return { state: 'none' };
  }
}

const expectedAfter = async (t: TestContext): Promise<Record<string, string>> => {
  const { destination, scratch, files } = await scene(t);
  await commitStaged({ scratch, destination, files });
  return snapshot(destination);
};

test('before the first change to the destination, the journal is on disk, flushed, with the whole plan', async (t) => {
  const { destination, scratch, files } = await scene(t);
  let atFirstChange: Awaited<ReturnType<typeof readJournal>> | undefined;
  let syncedByThen: string[] = [];
  const watch = watchFs(
    t,
    destination,
    async (index) => {
      if (index === 0) {
        atFirstChange = await readJournal(scratch);
        syncedByThen = [...watch.synced];
      }
      return 'go';
    },
    (index) => {
      if (index === 0) {
        atFirstChange = journalOnDisk(scratch);
        syncedByThen = [...watch.synced];
      }
      return 'go';
    },
  );
  await commitStaged({ scratch, destination, files });
  assert.ok(watch.changes.length >= files.length, `the move was watched: ${watch.changes.join(', ')}`);
  assert.equal(atFirstChange?.state, 'in-progress', `at “${watch.changes[0]}” the journal was not there`);
  const { journal } = atFirstChange as { journal: { destination: string; folders: string[]; replace: string[]; add: string[] } };
  assert.equal(journal.destination, destination);
  assert.deepEqual([...journal.replace].sort(), ['a.txt', 'sub/b.txt']);
  assert.deepEqual([...journal.add].sort(), ['fresh/deep/e.txt', 'sub/new.txt']);
  assert.deepEqual(journal.folders, ['fresh', 'fresh/deep']);
  assert.ok(syncedByThen.includes(path.join(scratch, 'journal.json')), `the journal was flushed first (flushed: ${syncedByThen.join(', ') || 'nothing'})`);
});

test('a commit stopped dead at any change to the destination is recovered to exactly the old or the new folder', async (t) => {
  const finished = await expectedAfter(t);
  // A dry run counts the changes, then each run stops at one of them.
  const counting = await scene(t);
  const counted = watchFs(t, counting.destination, async () => 'go');
  await commitStaged({ scratch: counting.scratch, destination: counting.destination, files: counting.files });
  const total = counted.changes.length;
  assert.ok(total >= 5, `changes seen: ${counted.changes.join(', ')}`);

  for (let stopAt = 0; stopAt < total; stopAt++) {
    await t.test(`stopped at change ${stopAt + 1} of ${total} (${counted.changes[stopAt]})`, async (sub) => {
      const { destination, scratch, files, before } = await scene(sub);
      let stopped!: () => void;
      const reached = new Promise<void>((resolve) => (stopped = resolve));
      const decide = (index: number): 'go' | 'stop' => {
        if (index < stopAt) return 'go';
        stopped();
        return 'stop';
      };
      const watch = watchFs(sub, destination, async (index) => decide(index), decide);
      // Stopped at an asynchronous call it never settles; at a synchronous one it fails, every
      // change it then tries refused. Either way it must be over before the real calls come back.
      const running = commitStaged({ scratch, destination, files }).catch(() => undefined);
      await reached;
      await Promise.race([running, delay(2_000)]);
      assert.equal(watch.changes.length, stopAt + 1);
      // The process is dead: a later run finds what it left and recovers it.
      watch.restore();
      const outcome = await recoverCommit(scratch);
      const after = await snapshot(destination);
      assert.ok(outcome, 'recovery found the interrupted commit (a journal was there)');
      if (outcome.outcome === 'finished') assert.deepEqual(after, finished);
      else assert.deepEqual(after, before);
      assert.equal((await readJournal(scratch)).state, 'none', 'the journal is gone once recovered');
    });
  }
});
