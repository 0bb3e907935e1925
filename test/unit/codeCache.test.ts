// The extension's entry compiles its bundle with a V8 code cache (src/extensionLoader.ts). Each
// load runs in a fresh process, as VS Code's starts do: within one process V8 would find the
// script in its own in-memory cache and the file cache would not be tested.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';

const LOADER = path.join(__dirname, '..', '..', 'src', 'extensionLoader.js');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'gumloop-code-cache-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Loads `file` in a new process, saves the cache, and says what happened. */
function loadInChild(file: string, cacheDir: string | undefined, version = ''): { usedCache: boolean; answer: unknown } {
  const script = `const { requireWithCodeCache } = require(${JSON.stringify(LOADER)});
const load = requireWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cacheDir)}, ${JSON.stringify(version)});
load.save();
process.stdout.write(JSON.stringify({ usedCache: load.usedCache, answer: load.exports.answer(20) }));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as { usedCache: boolean; answer: unknown };
}

function bundle(name: string, body: string): string {
  const file = path.join(scratch, name);
  // A module with its own require, __dirname and exports, as the bundle has.
  writeFileSync(file, `const path = require('node:path');\nexports.answer = (n) => ${body};\nexports.dir = path.basename(__dirname);\n`);
  return file;
}

test('the first start compiles and writes the cache; the next start uses it and runs the same code', () => {
  const cache = path.join(scratch, 'storage-a');
  const file = bundle('a.js', 'n * 2 + 2');
  assert.deepEqual(loadInChild(file, cache), { usedCache: false, answer: 42 });
  assert.equal(readdirSync(cache).filter((name) => name.startsWith('code-cache-a-')).length, 1);
  assert.deepEqual(loadInChild(file, cache), { usedCache: true, answer: 42 });
});

test('a rebuilt bundle gets a new cache, never the old one; the old cache is removed', () => {
  const cache = path.join(scratch, 'storage-b');
  const file = bundle('b.js', 'n + 1');
  loadInChild(file, cache);
  const [first] = readdirSync(cache);
  // Same length, other code: V8 alone would accept the old cache (it checks only the length).
  utimesSync(bundle('b.js', 'n - 1'), new Date(), new Date(Date.now() + 5_000));
  const [rebuilt, again] = [loadInChild(file, cache), loadInChild(file, cache)];
  assert.deepEqual([rebuilt, again], [{ usedCache: false, answer: 19 }, { usedCache: true, answer: 19 }]);
  assert.deepEqual(readdirSync(cache).length, 1);
  assert.notEqual(readdirSync(cache)[0], first);
});

test('a corrupt cache is not used and is replaced; no storage folder, or one that cannot be written, still loads', () => {
  const cache = path.join(scratch, 'storage-c');
  const file = bundle('c.js', 'n * 3');
  loadInChild(file, cache);
  const [name] = readdirSync(cache);
  writeFileSync(path.join(cache, name), Buffer.alloc(4096, 7));
  assert.deepEqual(loadInChild(file, cache), { usedCache: false, answer: 60 });
  assert.deepEqual(loadInChild(file, cache), { usedCache: true, answer: 60 });
  assert.deepEqual(loadInChild(file, undefined), { usedCache: false, answer: 60 });
  const notAFolder = path.join(scratch, 'a-file');
  writeFileSync(notAFolder, 'x');
  assert.deepEqual(loadInChild(file, notAFolder), { usedCache: false, answer: 60 });
});

test('another version of the extension never takes the cache of the last one, even with the same bundle file', () => {
  const cache = path.join(scratch, 'storage-d');
  const file = bundle('d.js', 'n * 4');
  const used = (version: string) => loadInChild(file, cache, version).usedCache;
  assert.deepEqual([used('1.0.0'), used('1.0.0'), used('1.0.1'), used('1.0.1')], [false, true, false, true]);
});
