// The extension's entry (dist/extension.js): loads the composition bundle (dist/main.js, from
// extension.ts) with a V8 code cache, then activates it. Compiling the bundle was most of what
// activation cost (see README, Performance); with the cache V8 reuses the bytecode of the last
// start, including every function the last activation and its first seconds ran. The cache lives
// in the extension's global storage, keyed by the extension's version, the bundle's size and
// modification time and V8's version (V8 itself only checks the source's length); it is written
// after activation (a timer, or at deactivate, whichever comes first), and every failure to read
// or write it falls back to a plain compile: the cache can make activation faster, never fail
// it. No vscode import: the context is typed by what is used, so plain Node tests load this file.
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

/** What of an ExtensionContext the loader reads. */
export interface LoaderContext {
  globalStorageUri?: { scheme: string; fsPath: string };
  extension?: { packageJSON?: { version?: unknown } };
}

interface Bundle {
  activate(context: unknown): unknown;
  deactivate?(): unknown;
}

const CACHE_PREFIX = 'code-cache-';
/** Long enough for the first tree renders and status updates to be compiled into the cache too. */
export const SAVE_AFTER_MS = 10_000;

export interface CachedLoad<T> {
  exports: T;
  /** Whether V8 took the stored cache (false: none, stale or rejected). */
  usedCache: boolean;
  /** Writes the cache now if it was missing or rejected; once. */
  save(): void;
}

/** `require(file)`, compiled with the cache in `cacheDir` when there is a fitting one; `version`: the extension's, part of the cache's key. */
export function requireWithCodeCache<T>(file: string, cacheDir: string | undefined, version = ''): CachedLoad<T> {
  const source = fs.readFileSync(file, 'utf8');
  const cacheFile = cacheDir === undefined ? undefined : path.join(cacheDir, cacheName(file, version));
  const cachedData = cacheFile === undefined ? undefined : readIfPresent(cacheFile);
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const usedCache = cachedData !== undefined && !script.cachedDataRejected;
  const module = { exports: {} as T };
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  wrapper.call(module.exports, module.exports, Module.createRequire(file), module, file, path.dirname(file));
  let saved = usedCache || cacheFile === undefined;
  return {
    exports: module.exports,
    usedCache,
    save: () => {
      if (saved || cacheFile === undefined) return;
      saved = true;
      writeCache(cacheFile, script.createCachedData());
    },
  };
}

/** The bundle's identity: a rebuilt or updated bundle (or another V8) gets a cache of its own. */
function cacheName(file: string, version: string): string {
  const { size, mtimeMs } = fs.statSync(file);
  const safeVersion = version.replace(/[^0-9A-Za-z.+-]/g, '_');
  return `${CACHE_PREFIX}${path.basename(file, '.js')}-${safeVersion}-${size}-${Math.floor(mtimeMs)}-${process.versions.v8}.bin`;
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Atomically (a reader never sees half a cache), replacing the caches of earlier bundles. */
function writeCache(file: string, data: Buffer): void {
  const dir = path.dirname(file);
  try {
    fs.mkdirSync(dir, { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    fs.writeFileSync(partial, data);
    fs.renameSync(partial, file);
    for (const name of fs.readdirSync(dir)) {
      if (name.startsWith(CACHE_PREFIX) && name !== path.basename(file)) fs.rmSync(path.join(dir, name), { force: true });
    }
  } catch {
    // Only a slower next start: the cache is an optimisation.
  }
}

let loaded: { bundle: Bundle; save(): void; timer: NodeJS.Timeout } | undefined;

export function activate(context: LoaderContext): unknown {
  const storage = context.globalStorageUri?.scheme === 'file' ? context.globalStorageUri.fsPath : undefined;
  const version = context.extension?.packageJSON?.version;
  const load = requireWithCodeCache<Bundle>(path.join(__dirname, 'main.js'), storage, typeof version === 'string' ? version : '');
  const timer = setTimeout(() => load.save(), SAVE_AFTER_MS);
  timer.unref();
  loaded = { bundle: load.exports, save: () => load.save(), timer };
  return load.exports.activate(context);
}

export function deactivate(): unknown {
  if (!loaded) return undefined;
  const { bundle, save, timer } = loaded;
  loaded = undefined;
  clearTimeout(timer);
  save();
  return bundle.deactivate?.();
}
