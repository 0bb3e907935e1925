import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JsonFileStore } from '../../src/runs/jsonFileStore';

const asList = (raw: unknown): string[] => (Array.isArray(raw) ? raw.filter((item): item is string => typeof item === 'string') : []);

test('a value set is on disk when set() resolves, and the next window reads it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gl-json-store-'));
  try {
    const file = path.join(dir, 'storage', 'marks.json');
    const first = new JsonFileStore(file, asList, []);
    assert.deepEqual(first.get(), [], 'no file yet: empty');
    await first.set(['r1', 'r2']);
    assert.deepEqual(JSON.parse(fs.readFileSync(file, 'utf8')), ['r1', 'r2']);
    assert.deepEqual(new JsonFileStore(file, asList, []).get(), ['r1', 'r2']);

    // Writes overlapping in time end with the last value and leave no temporary file behind.
    await Promise.all([first.set(['a']), first.set(['a', 'b']), first.set(['c'])]);
    assert.deepEqual(new JsonFileStore(file, asList, []).get(), ['c']);
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ['marks.json']);

    fs.writeFileSync(file, '{"not": "a list"');
    assert.deepEqual(new JsonFileStore(file, asList, []).get(), [], 'a torn or foreign file reads as empty');
    fs.writeFileSync(file, '[1, "r3", null]');
    assert.deepEqual(new JsonFileStore(file, asList, []).get(), ['r3']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('update() starts from the file as it is now: two windows on one folder keep both changes', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gl-json-store-'));
  try {
    const file = path.join(dir, 'marks.json');
    const windowA = new JsonFileStore(file, asList, []);
    const windowB = new JsonFileStore(file, asList, []);
    await windowA.update((marks) => [...marks, 'from A']);
    await windowB.update((marks) => [...marks, 'from B']);
    await Promise.all([windowA.update((marks) => [...marks, 'A again']), windowA.update((marks) => marks.filter((mark) => mark !== 'from B'))]);
    assert.deepEqual(new JsonFileStore(file, asList, []).get(), ['from A', 'A again']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
