import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CacheSettings } from '../../config.ts';
import type { ChangeFeed } from '../../domain/site/cache-keys.ts';
import { cacheKey } from '../../domain/site/cache-keys.ts';
import type { Clock } from '../../domain/shared/ports.ts';
import { cacheAddressOf } from './address.ts';
import { writeCachedPage } from './answer.ts';
import type { CachedPage } from './cached-page.ts';
import { Freshness } from './freshness.ts';
import { PageStore } from './page-store.ts';

/** The in-process page cache: the stored pages, the change log that purges them, and the answer from memory. */
export interface PageCache {
  /** False when PAGE_CACHE_MB=0: pages still carry their public headers, and nothing is stored. */
  readonly enabled: boolean;
  readonly settings: CacheSettings;
  /** The app's clock: what expiry and Last-Modified are measured by. */
  readonly clock: Clock;
  readonly freshness: Freshness;
  /**
   * Answers the request from memory and returns true, or returns false for the app to render it.
   * The same function runs in the node:http handler (before Fastify) and in the app's first hook.
   */
  answer(req: IncomingMessage, res: ServerResponse): boolean;
  /** Stores a page rendered from a render that began in generation `began`, if nothing it shows changed since. */
  store(address: string, page: CachedPage, began: number): boolean;
  /** When the next scheduled article becomes public (read again once the articles change), for listings' expiry. */
  nextPublication(): Promise<Date | null>;
  readonly usage: { pages: number; bytes: number };
  /**
   * Requests answered from memory (by `answer`, wherever it runs) and cacheable pages that had to be
   * rendered (hooks.ts counts them), since start: plain numbers, so the fastest path pays one
   * increment; the metrics read them at scrape time.
   */
  readonly counts: { hits: number; misses: number };
}

export interface PageCacheOptions {
  readonly settings: CacheSettings;
  readonly clock: Clock;
  /** The change log; without one nothing could purge a stored page, so nothing is stored. */
  readonly changes: ChangeFeed | null;
  readonly readNextPublication: () => Promise<Date | null>;
}

export function createPageCache(options: PageCacheOptions): PageCache {
  const { settings, clock } = options;
  const enabled = settings.budgetBytes > 0 && options.changes !== null;
  const pages = new PageStore(enabled ? settings.budgetBytes : 0);
  const schedule = scheduleReader(options);
  const freshness = new Freshness(options.changes, (keys) => {
    pages.purge(keys);
    // `site` alone is what the log says when it cannot say more (it fell behind): everything is read again.
    if (keys.some((key) => key === cacheKey.articles || key === cacheKey.site || key.startsWith('a:'))) schedule.forget();
  });

  const counts = { hits: 0, misses: 0 };
  return {
    enabled,
    settings,
    clock,
    freshness,
    counts,
    answer(req, res) {
      if (!enabled) return false;
      const address = cacheAddressOf(req.method, req.url, req.headers.cookie);
      if (address === null) return false;
      freshness.poll();
      const page = pages.get(address, clock.now().getTime());
      if (!page) return false;
      writeCachedPage(page, req.method, req.headers, res);
      counts.hits += 1;
      return true;
    },
    store(address, page, began) {
      if (!enabled || !freshness.unchangedSince(began, page.keys)) return false;
      pages.set(address, page);
      return true;
    },
    nextPublication: () => schedule.read(),
    get usage() {
      return pages.usage;
    },
  };
}

/**
 * The next scheduled publication, read once and kept until the articles change or the time comes.
 * A read that a change overtakes is used for the page that asked but not kept.
 */
function scheduleReader(options: PageCacheOptions) {
  let known: Date | null | undefined;
  let version = 0;
  return {
    forget() {
      known = undefined;
      version += 1;
    },
    async read(): Promise<Date | null> {
      const now = options.clock.now();
      if (known === null || (known !== undefined && known > now)) return known;
      const readIn = version;
      const next = await options.readNextPublication();
      if (readIn === version) known = next;
      return next;
    },
  };
}
