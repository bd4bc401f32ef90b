/** WordPress writes every date as "YYYY-MM-DD HH:MM:SS"; its "no date" is all zeros. */
const NO_DATE = '0000-00-00 00:00:00';
/** The character each position of "YYYY-MM-DD HH:MM:SS" must hold: a separator, or 0 for a digit. */
const SHAPE = [0, 0, 0, 0, 0x2d, 0, 0, 0x2d, 0, 0, 0x20, 0, 0, 0x3a, 0, 0, 0x3a, 0, 0];

/** Whether a date field holds a date WordPress could have written: empty and all zeros count as "none". */
export function isWpDate(text: string): boolean {
  const trimmed = text.trim();
  return trimmed === '' || trimmed === NO_DATE || wpDate(trimmed) !== null;
}

/**
 * The moment a date field names, read as UTC (the `_gmt` fields are UTC); null for none or for
 * text that is not a date (the first pass has already refused the file for the latter). Read
 * character by character: an import reads a few million of them.
 */
export function wpDate(text: string): Date | null {
  const date = text.length === 19 ? text : text.trim();
  if (date.length !== 19) return null;
  for (let i = 0; i < 19; i++) {
    const code = date.charCodeAt(i);
    if (SHAPE[i] ? code !== SHAPE[i] : code < 0x30 || code > 0x39) return null;
  }
  const [year, month, day] = [digits(date, 0, 4), digits(date, 5, 2), digits(date, 8, 2)];
  const [hour, minute, second] = [digits(date, 11, 2), digits(date, 14, 2), digits(date, 17, 2)];
  if (year === 0 || hour > 23 || minute > 59 || second > 59) return null;
  const moment = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls "2024-02-31" over into March: such a date is not one WordPress wrote.
  return moment.getUTCDate() === day && moment.getUTCMonth() === month - 1 ? moment : null;
}

function digits(text: string, from: number, length: number): number {
  let value = 0;
  for (let i = from; i < from + length; i++) value = value * 10 + text.charCodeAt(i) - 0x30;
  return value;
}

/**
 * A `_gmt` field, or when it is none (WordPress leaves drafts' GMT dates at zero) the site-local
 * field beside it. The local time is read as if it were UTC: the export does not say the site's
 * time zone, so a draft's date may be off by that offset, which only matters until it is published.
 */
export function gmtOrLocal(gmt: string, local: string): Date | null {
  return wpDate(gmt) ?? wpDate(local);
}
