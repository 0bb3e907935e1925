// Recovers the extension host's console output from the workbench page's console. In a test run
// (extensionTestsPath set) the workbench logs every extension-host console call through its log
// service as ("%c INFO", css, format, ...args); otherwise as ("%c[Extension Host] %c" + format,
// css, css, ...args). Mocha's reporters rely on printf-style formats, so the arguments are needed,
// not just Playwright's joined text(). The workbench's own log lines are left out.
import * as util from 'node:util';
import type { ConsoleMessage } from 'playwright-core';

const LEVEL = /^%c\s*(TRACE|DEBUG|INFO|WARN|ERR)\s*$/;
const EXT_HOST_PREFIX = /^%c\[Extension Host\] %c/;

/** The workbench talking about itself: connection set-up, caches, optional resources. */
const WORKBENCH_NOISE = [
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket/,
  /^\[reconnection-grace-time\]/,
  /^\[Service Worker\]/,
  /^\[AgentHost/,
  /^\[AccountPolicyGate\]/,
  /^\[lifecycle\]/,
  /^Creation of workbench contribution/,
  /builtin extensions/,
  /^Failed to load resource/,
  /authentication provider 'github'/,
  /vsda/,
];

export async function extHostConsoleLine(message: ConsoleMessage): Promise<string | undefined> {
  const args = await Promise.all(message.args().map((a) => a.jsonValue().then((v: unknown) => ({ v }), () => undefined)));
  // Errors and other live objects do not serialize; their text() rendering is the best there is.
  if (args.some((a) => a === undefined)) return fromText(message);
  const [first, ...rest] = args.map((a) => a?.v);
  if (typeof first !== 'string') return undefined;
  let text: string;
  let level = message.type() === 'error' ? 'ERR' : '';
  if (EXT_HOST_PREFIX.test(first)) {
    // Node's util.format understands %c (it drops the CSS argument).
    text = util.format(first, ...rest);
  } else {
    const match = LEVEL.exec(first);
    if (!match || typeof rest[1] !== 'string') return undefined;
    level = match[1] ?? level;
    text = util.format(rest[1], ...rest.slice(2));
  }
  return render(level, text);
}

function fromText(message: ConsoleMessage): string | undefined {
  const raw = message.text();
  const match = /^%c\s*(TRACE|DEBUG|INFO|WARN|ERR)\s+color:\s*\S+\s*/.exec(raw);
  if (match) return render(match[1] ?? '', raw.slice(match[0].length));
  if (EXT_HOST_PREFIX.test(raw)) return render('', raw.replace(EXT_HOST_PREFIX, '').replace(/\s*color: \S*\s*color: \S*\s*$/, ''));
  return undefined;
}

function render(level: string, text: string): string | undefined {
  if (WORKBENCH_NOISE.some((re) => re.test(text))) return undefined;
  return level === 'ERR' || level === 'WARN' ? `  [${level.toLowerCase()}] ${text}` : `  ${text}`;
}
