// Proxies: an explicit proxy URL (VS Code's http.proxy) and HTTP(S)_PROXY / NO_PROXY from the
// environment, each shown by a real CONNECT proxy on loopback that records what it tunnels.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { GumloopClient } from '../../src/gumloop/client';
import { DEMO } from '../emulator/server';
import { DEMO_AGENTS } from '../emulator/agentDemo';
import { getArtifactDownload } from '../../src/gumloop/agents';
import { withEmulator } from '../support/emulatorFixture';

function startProxy(): Promise<{ url: string; tunnels: string[]; close(): Promise<void> }> {
  const tunnels: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => sockets.delete(socket));
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        tunnels,
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

describe('proxy support', () => {
  const emu = withEmulator({ before, after });
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let scratch = '';
  const saved = { ...process.env };
  before(async () => {
    proxy = await startProxy();
    scratch = await mkdtemp(path.join(os.tmpdir(), 'gl-proxy-'));
  });
  after(async () => {
    await proxy.close();
    await rm(scratch, { recursive: true, force: true });
  });
  const download = async (client: GumloopClient) => {
    try {
      return await client.downloadFiles({ runId: DEMO.runs.report, fileNames: ['summary.json'] }, path.join(scratch, `${Date.now()}.zip`));
    } finally {
      await client.close();
    }
  };
  const newClient = (proxyUrl?: string) => new GumloopClient({ credentials: { apiKey: DEMO.apiKey, authMode: 'personal', userId: DEMO.userId }, baseUrl: emu.get().baseUrl, network: { proxyUrl } });
  const clearProxyEnv = () => {
    for (const name of ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy']) delete process.env[name];
  };

  test('an explicit proxy URL tunnels the request', async () => {
    clearProxyEnv();
    proxy.tunnels.length = 0;
    const result = await download(newClient(proxy.url));
    assert.ok(result.bytes > 0);
    assert.deepEqual(proxy.tunnels, [`127.0.0.1:${emu.get().port}`]);
  });

  test('without an explicit proxy, HTTP_PROXY from the environment is used, and NO_PROXY is honoured', async () => {
    try {
      clearProxyEnv();
      process.env.HTTP_PROXY = proxy.url;
      proxy.tunnels.length = 0;
      await download(newClient());
      assert.equal(proxy.tunnels.length, 1);
      process.env.NO_PROXY = '127.0.0.1';
      await download(newClient());
      assert.equal(proxy.tunnels.length, 1, 'NO_PROXY bypasses the proxy');
    } finally {
      clearProxyEnv();
      Object.assign(process.env, saved);
    }
  });

  test('an artifact’s signed link goes through the same explicit proxy, and the tunnel carries no Gumloop header', async () => {
    clearProxyEnv();
    proxy.tunnels.length = 0;
    emu.get().signedRequests.length = 0;
    const client = newClient(proxy.url);
    try {
      const { downloadUrl, size } = await getArtifactDownload(client, DEMO_AGENTS.artifacts.report);
      const bytes = await client.downloadSignedUrl(downloadUrl, path.join(scratch, `${Date.now()}.md`), { what: 'artifact “report.md”', expectedBytes: size });
      assert.equal(bytes, size);
    } finally {
      await client.close();
    }
    assert.deepEqual(proxy.tunnels, [`127.0.0.1:${emu.get().port}`, new URL(emu.get().signedUrlOrigin).host]);
    assert.equal(emu.get().signedRequests.length, 1);
    assert.equal(emu.get().signedRequests[0].headers.authorization, undefined);
    assert.equal(emu.get().signedRequests[0].headers['x-auth-key'], undefined);
  });

  test('no proxy configured: a direct connection', async () => {
    clearProxyEnv();
    proxy.tunnels.length = 0;
    await download(newClient());
    Object.assign(process.env, saved);
    assert.equal(proxy.tunnels.length, 0);
  });
});
