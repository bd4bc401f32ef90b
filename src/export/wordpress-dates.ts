/** WordPress's way of writing an unknown date: a draft's GMT date before it is first published. */
export const WORDPRESS_NO_DATE = '0000-00-00 00:00:00';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** "2024-05-01 16:00:00": the MySQL form WordPress uses, in UTC. */
export function wordpressGmt(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** The same, as the wall-clock time in the site's time zone (WordPress's `post_date`). */
export function wordpressLocal(date: Date, timeZone: string): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  const part = Object.fromEntries(formatter.formatToParts(date).map(({ type, value }) => [type, value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}:${part.second}`;
}

/** RSS's date: "Wed, 01 May 2024 08:00:00 +0000". */
export function rssDate(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}
