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

/** "25 November 2026 at 09:30" in the publication's language and time zone. */
export function formatDateTime(site: SiteSettings, date: Date): string {
  return formatter(site, 'long').format(date);
}

export function formatShortDateTime(site: SiteSettings, date: Date): string {
  return formatter(site, 'short').format(date);
}

export function formatDate(site: SiteSettings, date: Date): string {
  return formatter(site, 'dateOnly').format(date);
}

export function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}
