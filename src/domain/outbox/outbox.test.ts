import { describe, expect, it } from 'vitest';
import { isExhausted, OUTBOX_RETRY, retryDelay } from './outbox.ts';

describe('retryDelay', () => {
  it('doubles from the base wait after each failure', () => {
    expect([1, 2, 3, 4].map((attempts) => retryDelay(attempts, 0.999_999))).toEqual([30_000, 60_000, 120_000, 240_000]);
  });

  it('never waits longer than the cap, however many failures', () => {
    expect(retryDelay(60, 0.999_999)).toBeLessThanOrEqual(OUTBOX_RETRY.maxMs);
    expect(retryDelay(60, 0.999_999)).toBeGreaterThan(OUTBOX_RETRY.maxMs * 0.99);
  });

  it('spreads jobs that failed together between half and all of the wait', () => {
    expect(retryDelay(3, 0)).toBe(60_000);
    expect(retryDelay(3, 0.5)).toBe(90_000);
  });
});

describe('isExhausted', () => {
  it('gives a job up once it has failed its last allowed attempt', () => {
    expect(isExhausted(OUTBOX_RETRY.maxAttempts - 1)).toBe(false);
    expect(isExhausted(OUTBOX_RETRY.maxAttempts)).toBe(true);
  });
});
