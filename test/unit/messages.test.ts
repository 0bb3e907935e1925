// Each failure the issue found unclear now reads as one line that says what to do. Faults the
// test cannot cause for real (a full disk, a mount inside the destination) are injected at the
// file-system call that meets them.
import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import fs from 'node:fs';
import fsPromises from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { extractArchive } from '../../src/archive/extract';
import { isGumloopError } from '../../src/errors';
import { GumloopClient } from '../../src/gumloop/client';
import { shortName } from '../../src/text';
import { buildZip } from '../support/archives';
import { runCli } from '../support/cliRunner';
import { snapshot } from '../support/fsSnapshot';
import { ZipFileWriter } from '../support/zipWriter';

async function setup(t: { after(fn: () => Promise<void>): void }) {
  const root = await fsPromises.mkdtemp(path.join(os.tmpdir(), 'gl-msg-'));
  t.after(() => fsPromises.rm(root, { recursive: true, force: true }));
  let n = 0;
  const extract = async (files: Record<string, string>, destination: string, onConflict: 'fail' | 'overwrite' = 'fail') => {
    const archivePath = path.join(root, `a${n}.zip`);
    await fsPromises.writeFile(archivePath, buildZip(files));
    const workDir = path.join(root, `work${n++}`);
    await fsPromises.mkdir(workDir);
    return extractArchive({ archivePath, destination, workDir, onConflict });
  };
  return { root, extract };
}

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected`), { code });
}

const ONE_LINE = /^[^\n]+$/;

test('inodes or space used up while staging folders or files: says the disk is full, not that a folder disappeared', async (t) => {
  const { root, extract } = await setup(t);
  // Folders are made up front (for large files and listed folders) and by the small files' writers.
  const realMkdir = fsPromises.mkdir;
  const mkdirMock = mock.method(fsPromises, 'mkdir', async (dir: string, options?: fs.MakeDirectoryOptions) => {
    if (dir.includes(`${path.sep}files${path.sep}deep`)) throw errno('ENOSPC');
    return realMkdir(dir, options);
  });
  const realMkdirSync = fs.mkdirSync;
  const mkdirSyncMock = mock.method(fs, 'mkdirSync', (dir: string, options?: fs.MakeDirectoryOptions) => {
    if (dir.includes(`${path.sep}files${path.sep}deep`)) throw errno('ENOSPC');
    return realMkdirSync(dir, options);
  });
  try {
    const diskFull = (e: unknown) => isGumloopError(e, 'filesystem') && ONE_LINE.test(e.message) && /disk is full, or it has no room left for new files \(its inodes are used up\)/.test(e.message);
    await assert.rejects(extract({ 'deep/a.txt': 'a' }, path.join(root, 'out1')), diskFull);
    await assert.rejects(extract({ 'deep/': '', 'other.txt': 'o' }, path.join(root, 'out3')), diskFull);
    assert.ok(mkdirMock.mock.callCount() > 0 && mkdirSyncMock.mock.callCount() > 0, 'both ways of making folders were met');
  } finally {
    mkdirMock.mock.restore();
    mkdirSyncMock.mock.restore();
  }
  const writeMock = mock.method(fs, 'writeFileSync', () => {
    throw errno('EDQUOT');
  });
  try {
    await assert.rejects(extract({ 'b.txt': 'b' }, path.join(root, 'out2')), (e: unknown) => isGumloopError(e, 'filesystem') && /Could not write “b.txt” \(EDQUOT\)\. Your disk quota \(of space or of files\) is used up/.test(e.message));
  } finally {
    writeMock.mock.restore();
  }
  assert.ok(!(await fsPromises.readdir(root)).some((name) => name.startsWith('out')), 'nothing was written');
});

test('a subfolder that is another mount: names it and says to use one disk; the destination is unchanged', async (t) => {
  const { root, extract } = await setup(t);
  const destination = path.join(root, 'out');
  await fsPromises.mkdir(path.join(destination, 'mnt'), { recursive: true });
  await fsPromises.writeFile(path.join(destination, 'top.txt'), 'old top');
  await fsPromises.writeFile(path.join(destination, 'mnt', 'x.txt'), 'old x');
  const before = await snapshot(destination);
  const realRename = fsPromises.rename;
  const realLink = fsPromises.link;
  const crossesMount = (to: string) => to.startsWith(path.join(destination, 'mnt') + path.sep) || to.startsWith(path.join(root, 'work0', 'backup', 'mnt'));
  const renameMock = mock.method(fsPromises, 'rename', async (from: string, to: string) => {
    if (crossesMount(to)) throw errno('EXDEV');
    return realRename(from, to);
  });
  const linkMock = mock.method(fsPromises, 'link', async (from: string, to: string) => {
    if (crossesMount(to) || from.startsWith(path.join(destination, 'mnt'))) throw errno('EXDEV');
    return realLink(from, to);
  });
  // The final move's steps are synchronous (archive/commitSteps.ts).
  const realRenameSync = fs.renameSync;
  const realLinkSync = fs.linkSync;
  const renameSyncMock = mock.method(fs, 'renameSync', (from: string, to: string) => {
    if (crossesMount(to)) throw errno('EXDEV');
    return realRenameSync(from, to);
  });
  const linkSyncMock = mock.method(fs, 'linkSync', (from: string, to: string) => {
    if (crossesMount(to) || from.startsWith(path.join(destination, 'mnt'))) throw errno('EXDEV');
    return realLinkSync(from, to);
  });
  try {
    await assert.rejects(extract({ 'top.txt': 'new top', 'mnt/x.txt': 'new x' }, destination, 'overwrite'), (e: unknown) =>
      isGumloopError(e, 'filesystem') && ONE_LINE.test(e.message) && /^The folder “mnt” is on another disk \(a mount inside “out”\)/i.test(e.message) && /download into a folder on a single disk/.test(e.message),
    );
  } finally {
    renameMock.mock.restore();
    linkMock.mock.restore();
    renameSyncMock.mock.restore();
    linkSyncMock.mock.restore();
  }
  assert.deepEqual(await snapshot(destination), before);
});

test('an API key with a line break is refused before any request, in the client and the CLI', async (t) => {
  const { root } = await setup(t);
  const client = new GumloopClient({ credentials: { apiKey: 'abc123\ndef456', authMode: 'oauth', userId: 'u' }, baseUrl: 'http://127.0.0.1:9', retry: { retries: 0 } });
  await assert.rejects(client.downloadFiles({ runId: 'r', fileNames: ['a'] }, path.join(root, 'x.zip')), (e: unknown) => isGumloopError(e, 'unauthorized') && e.message === 'The API key contains a line break; paste it again.');
  await client.close();
  const cli = await runCli(['download', '--run-id', 'RUN1', '--user-id', 'u', '--file', 'a.csv', '--out', 'out'], { GUMLOOP_API_KEY: 'abc123\ndef456', GUMLOOP_BASE_URL: 'http://127.0.0.1:9' }, root);
  assert.equal(cli.code, 3, 'a key that cannot be sent: the setup, exit 3');
  assert.equal(cli.stderr, 'gumloop-files: The API key contains a line break; paste it again into GUMLOOP_API_KEY.');
  const tab = await runCli(['download', '--run-id', 'RUN1', '--user-id', 'u', '--file', 'a.csv'], { GUMLOOP_API_KEY: 'abc123\u0007def456', GUMLOOP_BASE_URL: 'http://127.0.0.1:9' }, root);
  assert.match(tab.stderr, /^gumloop-files: The API key contains a control character; paste it again/);
  assert.ok(!cli.stderr.includes('abc123') && !tab.stderr.includes('abc123'));
});

test('the connect timeout follows a short request timeout: a connection that never completes gives up in ~1 s, not 15', async (t) => {
  // Accepts TCP and never answers the TLS handshake: the connect phase hangs.
  const sockets: net.Socket[] = [];
  const server = net.createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    for (const socket of sockets) socket.destroy();
    server.close();
  });
  const { port } = server.address() as net.AddressInfo;
  const client = new GumloopClient({ credentials: { apiKey: 'key-1234', authMode: 'oauth', userId: 'u' }, baseUrl: `https://127.0.0.1:${port}`, network: { requestTimeoutMs: 1000 }, retry: { retries: 0 } });
  const started = Date.now();
  await assert.rejects(client.getRun('RUN1'), (e: unknown) => isGumloopError(e, 'timeout') && /did not accept a connection/.test(e.message));
  const seconds = (Date.now() - started) / 1000;
  await client.close();
  assert.ok(seconds < 5, `gave up after ${seconds.toFixed(1)} s`);
});

test('a 4,000-byte entry name is shortened in messages (middle ellipsis), one helper for all', async (t) => {
  const { root, extract } = await setup(t);
  const archivePath = path.join(root, 'long.zip');
  const writer = await ZipFileWriter.create(archivePath);
  await writer.add(`reports/${'x'.repeat(4000)}/../../escape.txt`, [Buffer.from('a')]);
  await writer.close();
  await fsPromises.mkdir(path.join(root, 'long-work'));
  await assert.rejects(extractArchive({ archivePath, destination: path.join(root, 'out'), workDir: path.join(root, 'long-work'), onConflict: 'fail' }), (e: unknown) =>
    isGumloopError(e, 'unsafe-archive') && e.message.length < 320 && /“reports\/x+…x+\/\.\.\/\.\.\/escape\.txt” climbs out/.test(e.message),
  );
  // A name no disk can hold (over 255 bytes): the system's error would quote it whole.
  const destination = path.join(root, 'existing');
  await fsPromises.mkdir(destination);
  const name = `${'y'.repeat(4000)}.csv`;
  await assert.rejects(extract({ [name]: 'theirs' }, destination), (e: unknown) => isGumloopError(e, 'filesystem') && e.message.length < 320 && /^“y+…y+\.csv” is too long a name or path for this system\./.test(e.message));
  assert.equal(shortName('short.txt'), 'short.txt');
  assert.equal([...shortName('é'.repeat(500))].length, 120);
  assert.match(shortName(`${'a'.repeat(100)}${'b'.repeat(100)}`), /^a{60}…b{59}$/);
});
