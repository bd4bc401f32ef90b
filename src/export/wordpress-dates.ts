import { wallClockOf } from '../domain/shared/zoned-time.ts';
/** WordPress's way of writing an unknown date: a draft's GMT date before it is first published. */
export const WORDPRESS_NO_DATE = '0000-00-00 00:00:00';

/** "2024-05-01 16:00:00": the MySQL form WordPress uses, in UTC. */
export function wordpressGmt(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** The same, as the wall-clock time in the site's time zone (WordPress's `post_date`). */
export function wordpressLocal(date: Date, timeZone: string): string {
  return wordpressGmt(wallClockOf(date, timeZone));
}

/** RSS's date: "Wed, 01 May 2024 08:00:00 +0000". */
export function rssDate(date: Date): string {
  return date.toUTCString().replace('GMT', '+0000');
}
