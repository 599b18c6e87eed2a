// Strings that are kept for the whole run (a finding's message, its customer and
// handler) in less memory than V8 leaves them in. A template literal builds a rope
// (a cons-string) that keeps every piece alive, about 330 bytes for a finding's
// message where a copy takes 175; a substring of a long text is a slice that keeps
// the whole text alive. At 200,000 findings the ropes alone were 67 MB of the 160 a
// run kept.

/**
 * A copy of `s` that holds nothing else alive. Prepending a character makes a new
 * rope; slicing it off flattens that rope into fresh characters of its own, so the
 * result refers neither to the pieces of a rope nor to the parent of a slice (the
 * workaround given in V8 issue 2869). Longer strings come back as a slice of the fresh copy.
 */
export function flatString(s: string): string {
  // Under 13 characters V8 makes neither ropes nor slices: the string is its own already.
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** Beyond this many distinct strings an interner starts afresh, so it cannot grow with the input. */
const INTERNED_AT_MOST = 50_000;

/**
 * One shared copy of each distinct string: a month's findings name the same few
 * hundred handlers and customers thousands of times. Lives as long as the caller
 * keeps the function, so it is made per task, not per process.
 */
export function stringInterner(): (s: string) => string {
  const seen = new Map<string, string>();
  return (s) => {
    let kept = seen.get(s);
    if (kept === undefined) {
      if (seen.size >= INTERNED_AT_MOST) seen.clear();
      seen.set((kept = flatString(s)), kept);
    }
    return kept;
  };
}
