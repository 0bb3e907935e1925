// The CLI's one V8 setting, made before any command runs. A `gumloop-files download` of 100,000
// entries keeps ~35 MB live, but V8's default heap growth let the heap reach 3–5 times that
// between full collections (peak RSS 160–270 MB, most of it garbage of the commit's per-file
// steps); `--optimize-for-size` collects earlier and kept the same download at 124–135 MB (README,
// Performance: "Memory at 100,000 entries, sixth session"). Only the CLI's own process: the
// extension host's flags are VS Code's, and tests that load the CLI's modules are unaffected.
import { setFlagsFromString } from 'node:v8';

export const CLI_V8_FLAGS = '--optimize-for-size';

export function favourMemory(): void {
  setFlagsFromString(CLI_V8_FLAGS);
}
