/**
 * One regex that matches wherever any of several regexes matches: a cheap first test before
 * finding out which of them it was. An alternation `(?:a)|(?:b)` matches at a position exactly
 * when `a` or `b` does, so the union answers "does any match?" with one scan instead of many.
 */

/**
 * Back-references and named groups: their meaning depends on the groups of the whole pattern, so
 * they could change when sources are joined (`\1` in a group-less source is an octal escape).
 */
const GROUP_SENSITIVE = /\\[1-9k]|\(\?<(?![=!])/;

/**
 * The union of `patterns`, or null where a union would not be exactly equivalent or saves
 * nothing: fewer than two patterns, differing flags, stateful flags (g, y) or group-sensitive
 * syntax.
 */
export function unionOf(patterns: readonly RegExp[]): RegExp | null {
  if (patterns.length < 2) return null;
  const { flags } = patterns[0];
  if (flags.includes('g') || flags.includes('y')) return null;
  if (patterns.some((re) => re.flags !== flags || GROUP_SENSITIVE.test(re.source))) return null;
  return new RegExp(patterns.map((re) => `(?:${re.source})`).join('|'), flags);
}
