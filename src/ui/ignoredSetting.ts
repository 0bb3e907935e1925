// A configured value VS Code does not use is a silent trap: gumloop.baseUrl is machine-scoped, so a
// value in the workspace settings, or in the local User settings of a Remote window (WSL, SSH,
// code-server), is dropped and requests go to the default. Pure: says what was ignored and where the
// value belongs.

export interface SettingValues<T> {
  /** e.g. gumloop.baseUrl */
  key: string;
  /** What VS Code resolves (what the extension will use). */
  effective: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

export function ignoredSettingWarning<T>(values: SettingValues<T>, remote: boolean): string | undefined {
  const where = remote ? 'the Remote tab of the Settings editor (Preferences: Open Remote Settings)' : 'your User settings';
  for (const [scope, value] of [
    ['workspace folder settings', values.workspaceFolderValue],
    ['workspace settings', values.workspaceValue],
    ['User settings', values.globalValue],
  ] as const) {
    if (value !== undefined && value !== values.effective) {
      return `${values.key} is set to “${String(value)}” in the ${scope}, but VS Code ignores that value here and uses “${String(values.effective)}”: this setting applies to the machine the extension runs on. Set it in ${where}.`;
    }
  }
  return undefined;
}
