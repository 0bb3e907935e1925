// Deep links: …/download?run_id=…&file=… start the download flow, but only after the user has
// seen and confirmed what will be written where (the command asks once the destination is
// known). A link never writes on its own.
import * as vscode from 'vscode';
import { Commands } from './constants';
import type { Logger } from './log';
import { parseDownloadLink } from './ui/deepLink';

export class DownloadLinkHandler implements vscode.UriHandler {
  constructor(private readonly log: Logger) {}

  async handleUri(uri: vscode.Uri): Promise<void> {
    this.log.info(`Link opened: ${uri.path}`);
    const parsed = parseDownloadLink(uri.path, uri.query);
    if (!parsed.ok) {
      void vscode.window.showErrorMessage(`Gumloop: ${parsed.reason}.`);
      return;
    }
    await vscode.commands.executeCommand(Commands.downloadRunFiles, { ...parsed.value, confirm: true });
  }
}
