import { describe, expect, it } from 'vitest';
import { fromZonedLocal, toZonedLocal } from './zoned-time.ts';

describe('fromZonedLocal', () => {
  it('reads a wall time in a zone without daylight saving', () => {
    expect(fromZonedLocal('2026-11-25T09:30', 'Asia/Hong_Kong')?.toISOString()).toBe('2026-11-25T01:30:00.000Z');
    expect(fromZonedLocal('2026-11-25T09:30', 'UTC')?.toISOString()).toBe('2026-11-25T09:30:00.000Z');
  });

  it('uses summer and winter offsets on either side of a change', () => {
    expect(fromZonedLocal('2026-07-01T12:00', 'America/New_York')?.toISOString()).toBe('2026-07-01T16:00:00.000Z');
    expect(fromZonedLocal('2026-01-15T12:00', 'America/New_York')?.toISOString()).toBe('2026-01-15T17:00:00.000Z');
    expect(fromZonedLocal('2026-07-01T12:00:30', 'Europe/Berlin')?.toISOString()).toBe('2026-07-01T10:00:30.000Z');
  });

  it('reads a time skipped by spring-forward with the offset from before the change', () => {
    // 02:30 never happens in New York on 8 March 2026; 02:30 EST is 03:30 EDT.
    expect(fromZonedLocal('2026-03-08T02:30', 'America/New_York')?.toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(fromZonedLocal('2026-03-29T02:30', 'Europe/Berlin')?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });

  it('takes the first of the two instants a fall-back hour names', () => {
    expect(fromZonedLocal('2026-11-01T01:30', 'America/New_York')?.toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(fromZonedLocal('2026-10-25T02:30', 'Europe/Berlin')?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('refuses text that is not a real date and time', () => {
    for (const text of ['', 'tomorrow', '2026-02-31T10:00', '2026-13-01T10:00', '2026-01-01T24:00', '2026-01-01 10:00', '2026-01-01']) {
      expect(fromZonedLocal(text, 'UTC'), text).toBeNull();
    }
  });
});

describe('toZonedLocal', () => {
  it('shows an instant as the wall time of the zone, to the minute', () => {
    expect(toZonedLocal(new Date('2026-11-25T01:30:45Z'), 'Asia/Hong_Kong')).toBe('2026-11-25T09:30');
    expect(toZonedLocal(new Date('2026-07-01T16:00:00Z'), 'America/New_York')).toBe('2026-07-01T12:00');
    expect(toZonedLocal(new Date('2026-12-31T23:59:00Z'), 'Pacific/Kiritimati')).toBe('2027-01-01T13:59');
  });

  it('round-trips with fromZonedLocal through both daylight-saving changes', () => {
    for (let hour = 0; hour < 48; hour++) {
      for (const start of ['2026-03-07T12:00:00Z', '2026-10-31T12:00:00Z']) {
        const instant = new Date(Date.parse(start) + hour * 3_600_000);
        const local = toZonedLocal(instant, 'America/New_York');
        const back = fromZonedLocal(local, 'America/New_York')!;
        // The repeated hour reads back as its first occurrence, an hour earlier.
        expect([0, 3_600_000]).toContain(instant.getTime() - back.getTime());
        expect(toZonedLocal(back, 'America/New_York')).toBe(local);
      }
    }
  });
});
