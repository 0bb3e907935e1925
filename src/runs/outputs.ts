// Reading file names out of a run's outputs (get_pl_run), to offer them in the file picker.

/** Strings in the outputs that look like file names (have an extension, no spaces at the ends, one line). */
export function fileLikeStrings(outputs: unknown, found = new Set<string>(), depth = 0): Set<string> {
  if (depth > 4 || found.size > 200) return found;
  if (typeof outputs === 'string') {
    if (/^[^\n\r]{1,200}\.(?=[A-Za-z0-9]{0,7}[A-Za-z])[A-Za-z0-9]{1,8}$/.test(outputs) && !/^https?:/.test(outputs) && outputs.trim() === outputs) found.add(outputs);
  } else if (Array.isArray(outputs)) {
    for (const item of outputs) fileLikeStrings(item, found, depth + 1);
  } else if (outputs && typeof outputs === 'object') {
    for (const value of Object.values(outputs)) fileLikeStrings(value, found, depth + 1);
  }
  return found;
}
