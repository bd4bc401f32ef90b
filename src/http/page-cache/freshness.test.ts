import { describe, expect, it } from 'vitest';
import type { ChangeFeed } from '../../domain/site/cache-keys.ts';
import { Freshness } from './freshness.ts';

/** A change log that hands out what a test committed, once, as the real one does. */
function testFeed(): ChangeFeed & { commit(...keys: string[]): void } {
  let pending: string[] = [];
  return {
    commit: (...keys) => pending.push(...keys),
    poll() {
      const keys = pending;
      pending = [];
      return keys;
    },
    close() {},
  };
}

describe('Freshness', () => {
  it('purges what the log says, and refuses a page whose render a change to one of its keys overtook', () => {
    const feed = testFeed();
    const purged: string[] = [];
    const freshness = new Freshness(feed, (keys) => purged.push(...keys));
    const began = freshness.begin();
    feed.commit('a:1', 'articles');
    expect(freshness.unchangedSince(began, ['site', 'a:2'])).toBe(true);
    expect(freshness.unchangedSince(began, ['site', 'a:1'])).toBe(false);
    expect(purged).toEqual(['a:1', 'articles']);
    // A render that began after the change was seen shows it.
    expect(freshness.unchangedSince(freshness.begin(), ['site', 'a:1'])).toBe(true);
  });

  it('refuses renders older than what it had to forget', () => {
    const feed = testFeed();
    const freshness = new Freshness(feed, () => {});
    const began = freshness.begin();
    feed.commit(...Array.from({ length: 10_001 }, (_, i) => `a:${i + 1}`));
    expect(freshness.unchangedSince(began, ['site', 'u:1'])).toBe(false);
  });
});
