/** Language tags and time zones, checked and spelled the way the platform stores them. */

/** The canonical form of a BCP 47 language tag (zh-hant becomes zh-Hant), or null if it is not one. */
export function canonicalLanguage(tag: string): string | null {
  try {
    return Intl.getCanonicalLocales(tag.trim())[0] ?? null;
  } catch {
    return null;
  }
}

/** The canonical name of an IANA time zone (asia/hong_kong becomes Asia/Hong_Kong), or null if there is no such zone. */
export function canonicalTimeZone(zone: string): string | null {
  const trimmed = zone.trim();
  if (!trimmed) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** The zones a settings form offers; UTC first, as Intl does not list it. */
export function timeZoneChoices(): string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')];
}
