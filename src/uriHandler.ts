// Deep links: …/download?run_id=…&file=… start the download flow, but only after the user has
// seen and confirmed what will be written where. A link never writes on its own.
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
    const { runId, fileNames, savedItemId } = parsed.value;
    const folder = vscode.workspace.workspaceFolders?.[0]?.name ?? 'a folder you choose';
    const confirm = await vscode.window.showWarningMessage(
      `A link asks to download ${fileNames.length} file${fileNames.length === 1 ? '' : 's'} from Gumloop run ${runId} into ${folder}.`,
      { modal: true, detail: `Files: ${fileNames.join(', ')}${savedItemId ? `\nSaved item: ${savedItemId}` : ''}\n\nOnly continue if you opened this link yourself.` },
      'Download',
    );
    if (confirm !== 'Download') return;
    await vscode.commands.executeCommand(Commands.downloadRunFiles, { runId, fileNames, savedItemId });
  }
}
