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

/**
 * The other face of the same trap: in code-server and other Remote windows a machine setting kept in
 * the local User settings is honoured at first and then dropped on an unrelated settings change, so
 * inspect() no longer shows it. What is left to see is the value falling back to the default.
 */
export function fallbackWarning(key: string, previous: string, current: string, defaultValue: string, remote: boolean): string | undefined {
  if (previous === current || current !== defaultValue || previous === defaultValue) return undefined;
  const where = remote ? 'on the Remote tab of the Settings editor (Preferences: Open Remote Settings): a value in the local User settings is dropped in a Remote window' : 'in your User settings';
  return `${key} fell back from “${previous}” to the default “${current}”. If you did not change it, set it ${where}.`;
}
