// Rows whose text runs with the clock ("5 min ago", "2 min 36 s so far") are redrawn on a timer, but
// only while their view is on screen: a hidden view costs nothing, and is redrawn when shown.
import type * as vscode from 'vscode';

export function redrawWhileVisible(view: Pick<vscode.TreeView<unknown>, 'visible' | 'onDidChangeVisibility'>, everyMs: number, redraw: () => void): vscode.Disposable {
  let timer: NodeJS.Timeout | undefined;
  const setTimer = (visible: boolean) => {
    clearInterval(timer);
    timer = visible ? setInterval(redraw, everyMs) : undefined;
    if (visible) redraw();
  };
  setTimer(view.visible);
  const subscription = view.onDidChangeVisibility((event) => setTimer(event.visible));
  return { dispose: () => (clearInterval(timer), subscription.dispose()) };
}
