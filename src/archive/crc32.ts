// zlib.crc32 is native from Node 20.15/22.2; older extension hosts (VS Code's Electron) lack it.
import * as zlib from 'node:zlib';

type Crc32 = (data: Buffer, initial?: number) => number;

let table: Uint32Array | undefined;

function softwareCrc32(data: Buffer, initial = 0): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = ~initial >>> 0;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}

export const crc32: Crc32 = (zlib as { crc32?: Crc32 }).crc32 ?? softwareCrc32;
export { softwareCrc32 };
