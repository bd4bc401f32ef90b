import type { ChangeFeed } from '../../domain/site/cache-keys.ts';

/** How many recently purged keys are remembered for renders in flight before the memory is reset. */
const REMEMBERED_PURGES = 10_000;

/**
 * Reads the change log and tells the cache what to purge, and guards the race between a render
 * and a change: a page whose render began before a change to one of its keys was seen must not be
 * stored, since it may show what the change replaced. Each batch of keys read from the log is one
 * generation; a render remembers the generation it began in, and at store time the page is fresh
 * only if none of its keys was purged in a later one.
 */
export class Freshness {
  private generation = 0;
  /** The generation in which each key was last purged, for the renders still in flight. */
  private readonly purgedIn = new Map<string, number>();
  /** Renders that began before this generation are refused: what was purged then is forgotten. */
  private oldestRemembered = 0;

  constructor(
    private readonly feed: ChangeFeed | null,
    private readonly purge: (keys: readonly string[]) => void,
  ) {}

  /** Reads what was committed since the last look (one indexed read; by any process) and purges it. */
  poll(): void {
    if (!this.feed) return;
    const keys = this.feed.poll();
    if (keys.length === 0) return;
    this.generation += 1;
    if (this.purgedIn.size + keys.length > REMEMBERED_PURGES) {
      this.purgedIn.clear();
      this.oldestRemembered = this.generation;
    }
    for (const key of keys) this.purgedIn.set(key, this.generation);
    this.purge(keys);
  }

  /** Call as a render begins: the generation to hand to `unchangedSince` when its page is to be stored. */
  begin(): number {
    this.poll();
    return this.generation;
  }

  /** Whether no key of the page has been purged since its render began (the log is read again first). */
  unchangedSince(began: number, keys: Iterable<string>): boolean {
    this.poll();
    if (began < this.oldestRemembered) return false;
    for (const key of keys) {
      if ((this.purgedIn.get(key) ?? 0) > began) return false;
    }
    return true;
  }
}
