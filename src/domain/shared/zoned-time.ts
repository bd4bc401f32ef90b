/**
 * Wall-clock times in the publication's time zone, as a `datetime-local` input shows and sends them
 * ("2026-11-25T09:30"), converted to and from instants with Intl alone.
 */

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/**
 * The last wall-clock readings, by zone and second: formatToParts costs about 10 µs, and a page
 * shows the same few dates (an article's publication and update times) to every reader.
 */
const readings = new Map<string, number>();
const MOST_READINGS = 10_000;

/** The wall-clock fields of `date` in `timeZone`, read as if they were UTC. */
function wallClockAsUtc(date: Date, timeZone: string): number {
  const key = `${timeZone} ${Math.floor(date.getTime() / 1000)}`;
  let reading = readings.get(key);
  if (reading === undefined) {
    reading = readWallClock(date, timeZone);
    if (readings.size >= MOST_READINGS) readings.clear();
    readings.set(key, reading);
  }
  return reading;
}

function readWallClock(date: Date, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(date)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return Date.UTC(parts.year!, parts.month! - 1, parts.day, parts.hour, parts.minute, parts.second);
}

/** How far `timeZone` is ahead of UTC at `date`, in milliseconds. */
function offsetAt(date: Date, timeZone: string): number {
  const wholeSeconds = Math.floor(date.getTime() / 1000) * 1000;
  return wallClockAsUtc(date, timeZone) - wholeSeconds;
}

/** The wall-clock time of `date` in `timeZone`, as a Date whose UTC fields hold it (to the second). */
export function wallClockOf(date: Date, timeZone: string): Date {
  return new Date(wallClockAsUtc(date, timeZone));
}

/** The first instant of the day after `date`'s in `timeZone`: when a page showing today's date there goes out of date. */
export function nextMidnight(date: Date, timeZone: string): Date {
  const today = wallClockOf(date, timeZone);
  const tomorrow = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 1));
  return fromZonedLocal(tomorrow.toISOString().slice(0, 16), timeZone) ?? new Date(date.getTime() + DAY);
}

/** `date` as the `datetime-local` value of its wall-clock time in `timeZone`, to the minute. */
export function toZonedLocal(date: Date, timeZone: string): string {
  return wallClockOf(date, timeZone).toISOString().slice(0, 16);
}

/**
 * The instant a wall-clock time in `timeZone` names, or null when `local` is not a date and time.
 * A time skipped by a daylight-saving change is read with the offset from before the change
 * (02:30 on a spring-forward night becomes 03:30); a repeated hour takes its first occurrence.
 */
export function fromZonedLocal(local: string, timeZone: string): Date | null {
  const match = LOCAL_PATTERN.exec(local.trim());
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1).map((digits) => Number(digits ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(asUtc);
  // Date.UTC rolls 31 February over into March; such a date was never a valid input.
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return null;
  // A wall time means asUtc minus the zone's offset at that instant. Only the offsets a day either
  // side can apply (no zone changes twice in a day); keep the readings that agree with themselves.
  const earlier = offsetAt(new Date(asUtc - DAY), timeZone);
  const later = offsetAt(new Date(asUtc + DAY), timeZone);
  const readings = [asUtc - earlier, asUtc - later].filter((instant) => asUtc - instant === offsetAt(new Date(instant), timeZone));
  if (readings.length > 0) return new Date(Math.min(...readings));
  // In the hour a change skips, read the time with the offset from before the change.
  return new Date(asUtc - earlier);
}
