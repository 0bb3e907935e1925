// Builds the download_files body: a zip of the requested files, in the requested order.

import AdmZip from 'adm-zip';

export interface ZipSource {
  /** The entry name: the file's path relative to the run's files folder. */
  name: string;
  data: Buffer;
}

/**
 * `modifiedAt` is stamped on every entry so two downloads of the same files are byte-identical,
 * which lets fault tests compare a broken body with a good one.
 */
export function buildZip(sources: ZipSource[], modifiedAt: Date): Buffer {
  // adm-zip sorts entries by name unless told not to; the API keeps the requested order.
  const zip = new AdmZip(undefined, { noSort: true });
  for (const source of sources) {
    zip.addFile(source.name, source.data).header.time = modifiedAt;
  }
  return zip.toBuffer();
}
