// Path components git itself refuses to check out, checked on every archive entry and every
// requested name, whatever the platform. Files inside a repository's `.git` folder change its
// settings (`core.fsmonitor`, hooks) and so run code on the next `git status`; git's own rules
// (verify_path and verify_dotfile in read-cache.c, is_ntfs_dotgit in path.c, is_hfs_dotgit in
// utf8.c) also catch the spellings Windows and macOS file systems turn into `.git`. Pure.

/** Code points HFS+ ignores when it compares names, so `.g\u200cit` opens `.git` on macOS. */
const HFS_IGNORED = /[\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/g;

/**
 * Why git would refuse this one path component, or undefined when it would not. Stricter than
 * git in one place: `.git~1` is refused along with `git~1` (the NTFS short name of `.git`),
 * since nobody needs either.
 */
export function gitComponentRefusal(component: string): string | undefined {
  const visible = component.replace(HFS_IGNORED, '');
  // NTFS drops trailing dots and spaces and reads `name:stream` as `name`.
  const match = /^(\.git|\.?git~1)([. ]*)(:.*)?$/i.exec(visible);
  if (!match) return undefined;
  const [, stem, trailing, stream] = match;
  if (visible !== component) return 'is “.git” hidden behind invisible Unicode characters, which macOS ignores';
  if (stem.toLowerCase() !== '.git') return `is “${stem}”, the Windows short name of “.git”`;
  if (stream !== undefined) return 'is “.git” with a Windows stream suffix (“:…”), which Windows opens as “.git”';
  if (trailing) return 'is “.git” with trailing dots or spaces, which Windows drops';
  return 'is a “.git” folder';
}

/** Why git would refuse a `/`- or `\`-separated path, or undefined. */
export function gitPathRefusal(path: string): string | undefined {
  return gitComponentsRefusal(path.split(/[/\\]/));
}

/** As gitPathRefusal, for a path already split into its components. */
export function gitComponentsRefusal(components: readonly string[]): string | undefined {
  for (const component of components) {
    const why = gitComponentRefusal(component);
    if (why) return `has a part that ${why}, which git refuses: it could change a repository's settings or run code`;
  }
  return undefined;
}
