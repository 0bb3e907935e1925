// What Enter means in the file picker (step 2), where a person may tick offered names or type their
// own. Pure, so the rule is unit-tested: typed text that names files wins over the ticks, and the
// picker's title says so while typing.
import { parseFileNames } from '../validation';

export type EnterMeaning =
  /** The ticked items (the text, if any, only filters the list). */
  | { kind: 'ticked'; names: string[] }
  /** The typed names, ticked items ignored. */
  | { kind: 'typed'; names: string[] }
  /** Nothing to download yet: ask for names. */
  | { kind: 'none' }
  | { kind: 'invalid'; reason: string };

/**
 * Typed text counts as names when it lists several (comma-separated), looks like a file name (has an
 * extension), or matches none of the offered names; a bare fragment of an offered name is a filter.
 */
export function enterMeaning(value: string, offered: readonly string[], ticked: readonly string[]): EnterMeaning {
  const text = value.trim();
  if (!text) return ticked.length ? { kind: 'ticked', names: [...ticked] } : { kind: 'none' };
  const parsed = parseFileNames(text);
  if (!parsed.ok) return { kind: 'invalid', reason: parsed.reason };
  const names = parsed.value;
  const lower = text.toLowerCase();
  const filters = names.length === 1 && !/[,\n]/.test(text) && !/\.[A-Za-z0-9]{1,8}$/.test(names[0]) && offered.some((name) => name.toLowerCase().includes(lower));
  if (filters) return ticked.length ? { kind: 'ticked', names: [...ticked] } : { kind: 'none' };
  return { kind: 'typed', names };
}

/** The picker's title suffix: what Enter will do right now. */
export function enterHint(meaning: EnterMeaning): string {
  switch (meaning.kind) {
    case 'typed':
      return `Enter downloads the typed name${meaning.names.length === 1 ? '' : 's'}: ${meaning.names.join(', ')}`;
    case 'ticked':
      return `Enter downloads the ${meaning.names.length} ticked file${meaning.names.length === 1 ? '' : 's'}`;
    case 'invalid':
      return meaning.reason;
    default:
      return 'Tick files, or type names separated by commas';
  }
}
