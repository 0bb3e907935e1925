// Just enough of the `vscode` API for activate() and the Recent Runs and Flows trees to run under plain Node,
// so their cost can be measured outside VS Code. Installed by intercepting require('vscode').
import Module from 'node:module';

type Listener<T> = (value: T) => unknown;
const disposable = () => ({ dispose: () => undefined });

class EventEmitter<T> {
  private listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(value: T): void {
    for (const listener of this.listeners) listener(value);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

class TreeItem {
  [key: string]: unknown;
  constructor(
    public label: unknown,
    public collapsibleState?: number,
  ) {}
}

class ThemeIcon {
  constructor(
    public id: string,
    public color?: unknown,
  ) {}
}

class ThemeColor {
  constructor(public id: string) {}
}

class MarkdownString {
  constructor(public value = '') {}
}

class Uri {
  private constructor(
    public scheme: string,
    public path: string,
    public query = '',
  ) {}
  static file(fsPath: string): Uri {
    return new Uri('file', fsPath);
  }
  static parse(text: string): Uri {
    const url = new URL(text);
    return new Uri(url.protocol.replace(/:$/, ''), url.pathname, url.search.replace(/^\?/, ''));
  }
  get fsPath(): string {
    return this.path;
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
}

function logChannel() {
  const ignore = () => undefined;
  return { info: ignore, warn: ignore, error: ignore, debug: ignore, trace: ignore, append: ignore, appendLine: ignore, show: ignore, hide: ignore, clear: ignore, dispose: ignore };
}

export const vscodeStub = {
  version: '1.90.0',
  EventEmitter,
  TreeItem,
  TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
  ThemeIcon,
  ThemeColor,
  MarkdownString,
  Uri,
  Disposable: { from: disposable },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
  ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
  StatusBarAlignment: { Left: 1, Right: 2 },
  window: {
    createOutputChannel: logChannel,
    createTreeView: () => ({ visible: false, onDidChangeVisibility: disposable, dispose: () => undefined }),
    createStatusBarItem: () => ({ show: () => undefined, hide: () => undefined, dispose: () => undefined }),
    registerUriHandler: disposable,
    onDidChangeWindowState: disposable,
    onDidChangeVisibleTextEditors: disposable,
    visibleTextEditors: [],
    tabGroups: { all: [], onDidChangeTabs: disposable },
    state: { focused: true },
  },
  commands: {
    registerCommand: disposable,
    executeCommand: async () => undefined,
  },
  workspace: {
    workspaceFolders: undefined,
    getConfiguration: () => ({ get: () => undefined, update: async () => undefined }),
    onDidChangeConfiguration: disposable,
    registerTextDocumentContentProvider: disposable,
    createFileSystemWatcher: () => ({ onDidCreate: disposable, onDidChange: disposable, onDidDelete: disposable, dispose: () => undefined }),
  },
};

/** Makes every later require('vscode') return the stub. */
export function installVscodeStub(): void {
  const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
  const load = loader._load;
  loader._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? vscodeStub : load.call(this, request, ...rest);
  };
}

/**
 * An ExtensionContext with in-memory secrets and state, holding `history` as the stored runs;
 * `globalStorage`: the folder of its global storage (where the code cache is kept), if any.
 */
export function fakeExtensionContext(state: Record<string, unknown>, globalStorage?: string) {
  const secrets = new Map<string, string>();
  return {
    subscriptions: [] as { dispose(): unknown }[],
    globalStorageUri: globalStorage === undefined ? undefined : { fsPath: globalStorage, scheme: 'file', path: globalStorage },
    secrets: {
      get: async (key: string) => secrets.get(key),
      store: async (key: string, value: string) => void secrets.set(key, value),
      delete: async (key: string) => void secrets.delete(key),
      onDidChange: disposable,
    },
    globalState: {
      get: (key: string) => state[key],
      update: async (key: string, value: unknown) => void (state[key] = value),
      keys: () => Object.keys(state),
    },
    workspaceState: {
      get: () => undefined,
      update: async () => undefined,
      keys: () => [],
    },
    extension: { packageJSON: { version: '0.0.0-bench' } },
  };
}
