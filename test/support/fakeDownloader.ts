// A FileDownloader that "downloads" a given archive file: the core path without a server.
import { copyFile, stat } from 'node:fs/promises';
import type { FileDownloader } from '../../src/download/downloadRun';

export function archiveDownloader(archive: string): FileDownloader & { calls: number } {
  const downloader = {
    calls: 0,
    async downloadFiles(_request: unknown, destinationFile: string) {
      downloader.calls++;
      await copyFile(archive, destinationFile);
      return { bytes: (await stat(archive)).size };
    },
  };
  return downloader;
}
