import type { SiteSettings } from '../domain/site/site-settings.ts';

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(site: SiteSettings, style: 'long' | 'short' | 'dateOnly'): Intl.DateTimeFormat {
  const key = `${site.language}|${site.timeZone}|${style}`;
  let format = cache.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions =
      style === 'dateOnly'
        ? { dateStyle: 'long' }
        : style === 'long'
          ? { dateStyle: 'long', timeStyle: 'short' }
          : { dateStyle: 'medium', timeStyle: 'short' };
    format = new Intl.DateTimeFormat(site.language, { ...options, timeZone: site.timeZone });
    cache.set(key, format);
  }
  return format;
}

/**
 * The dates last formatted, by format and instant: Intl's `format` costs a few µs a call, and a
 * page shows the same dates (the article's, its comments') to every reader.
 */
const formatted = new Map<string, string>();
const MOST_FORMATTED = 10_000;

function formatAs(site: SiteSettings, style: 'long' | 'short' | 'dateOnly', date: Date): string {
  const key = `${site.language}|${site.timeZone}|${style}|${date.getTime()}`;
  let text = formatted.get(key);
  if (text === undefined) {
    text = formatter(site, style).format(date);
    if (formatted.size >= MOST_FORMATTED) formatted.clear();
    formatted.set(key, text);
  }
  return text;
}

/** "25 November 2026 at 09:30" in the publication's language and time zone. */
export function formatDateTime(site: SiteSettings, date: Date): string {
  return formatAs(site, 'long', date);
}

export function formatShortDateTime(site: SiteSettings, date: Date): string {
  return formatAs(site, 'short', date);
}

export function formatDate(site: SiteSettings, date: Date): string {
  return formatAs(site, 'dateOnly', date);
}

/** toLocaleString builds a formatter on every call; this one is built once. */
const counts = new Intl.NumberFormat('en');

export function plural(count: number, one: string, many: string): string {
  return `${counts.format(count)} ${count === 1 ? one : many}`;
}
