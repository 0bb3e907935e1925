// Preloaded with `node --require` into a measured process: prints its peak RSS on exit, so a
// test or benchmark can read it without /usr/bin/time.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\nMAX_RSS_KB ${process.resourceUsage().maxRSS}\n`);
});
