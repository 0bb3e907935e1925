// An input box that checks as the user types, with the same parser that then reads the answer.
import * as vscode from 'vscode';
import type { Parsed } from '../validation';

/** undefined when dismissed. */
export async function askValidated<T>(options: vscode.InputBoxOptions, parse: (text: string) => Parsed<T>): Promise<T | undefined> {
  const entered = await vscode.window.showInputBox({
    ...options,
    validateInput: (text) => {
      const parsed = parse(text);
      return parsed.ok ? undefined : parsed.reason;
    },
  });
  if (entered === undefined) return undefined;
  const parsed = parse(entered);
  return parsed.ok ? parsed.value : undefined;
}
