/** Language tags and time zones, checked and spelled the way the platform stores them. */

/**
 * Remembers answers: the site settings are checked on every page, and building an Intl formatter
 * to test a time zone costs more than the rest of the check. The inputs are the few values staff
 * have saved, so the cache stays small; it is emptied if something feeds it many.
 */
function memoised(compute: (input: string) => string | null): (input: string) => string | null {
  const answers = new Map<string, string | null>();
  return (input) => {
    const known = answers.get(input);
    if (known !== undefined) return known;
    const answer = compute(input);
    if (answers.size >= 1000) answers.clear();
    answers.set(input, answer);
    return answer;
  };
}

/** The canonical form of a BCP 47 language tag (zh-hant becomes zh-Hant), or null if it is not one. */
export const canonicalLanguage = memoised((tag) => {
  try {
    return Intl.getCanonicalLocales(tag.trim())[0] ?? null;
  } catch {
    return null;
  }
});

/** The canonical name of an IANA time zone (asia/hong_kong becomes Asia/Hong_Kong), or null if there is no such zone. */
export const canonicalTimeZone = memoised((zone) => {
  const trimmed = zone.trim();
  if (!trimmed) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
});

/** The zones a settings form offers; UTC first, as Intl does not list it. */
export function timeZoneChoices(): string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')];
}
