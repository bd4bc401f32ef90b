import { cacheKey } from './cache-keys.ts';

/**
 * Reads that every reader page repeats and that change rarely (the site's settings, its
 * navigation, a listing's count), kept in memory until the change log names what they show. A
 * value lives until a change to one of its keys (cache-keys.ts) is seen, or until its `until` time
 * (a scheduled article becoming public changes a count with no change to announce it). The log is
 * read at the start of every request, so a change by any process is seen by the next request.
 */
export interface ReadCache {
  /**
   * The value kept under `name`, or the one `read` gives, kept if no change was seen while it was
   * read. `keys` name what it shows (a function when that depends on what was read, which returns
   * null for a value that must not be kept); `until` (ms since the epoch) ends its life early.
   * `weigh` gives the bytes a value of unbounded size holds (a page of comments), which count
   * against the cache's byte budget.
   */
  remember<T>(
    name: string,
    keys: KeysOf<T>,
    read: () => Promise<T>,
    until?: () => Promise<number | null>,
    weigh?: (value: T) => number,
  ): Promise<T>;
  /** Drops every value that shows one of `changed`; `site` alone (the log fell behind) drops them all. */
  forget(changed: readonly string[]): void;
}

export type KeysOf<T> = readonly string[] | ((value: T) => readonly string[] | null);

interface Kept {
  readonly value: unknown;
  readonly keys: readonly string[];
  readonly until: number | null;
  readonly bytes: number;
}

/** Without a change log nothing could drop a value, so nothing is kept: every call reads. */
export const NO_READ_CACHE: ReadCache = {
  remember: (_name, _keys, read) => read(),
  forget: () => undefined,
};

/**
 * A read cache whose values are dropped by `forget`, which the change log's reader must call with
 * every key it reads. It keeps at most `most` values (one per article for related articles), and
 * weighed values of `budget` bytes in all, the least recently kept going first.
 */
export function createReadCache(now: () => number, most = 1_000, budget = 16 * 1024 * 1024): ReadCache {
  const kept = new Map<string, Kept>();
  let bytes = 0;
  /** Counts the changes seen: a read that a change overtook is used once and not kept. */
  let changesSeen = 0;
  const drop = (name: string) => {
    bytes -= kept.get(name)?.bytes ?? 0;
    kept.delete(name);
  };
  return {
    async remember<T>(
      name: string,
      keys: KeysOf<T>,
      read: () => Promise<T>,
      until?: () => Promise<number | null>,
      weigh?: (value: T) => number,
    ) {
      const found = kept.get(name);
      if (found && (found.until === null || now() < found.until)) return found.value as T;
      const readIn = changesSeen;
      const [value, ends] = await Promise.all([read(), until ? until() : null]);
      const shows = typeof keys === 'function' ? keys(value) : keys;
      const size = weigh ? weigh(value) : 0;
      if (readIn === changesSeen && shows !== null && size <= budget) {
        drop(name);
        kept.set(name, { value, keys: shows, until: ends, bytes: size });
        bytes += size;
        while (kept.size > most || bytes > budget) drop(kept.keys().next().value!);
      }
      return value;
    },
    forget(changed) {
      if (changed.length === 0) return;
      changesSeen += 1;
      if (changed.includes(cacheKey.site)) {
        kept.clear();
        bytes = 0;
        return;
      }
      const names = new Set(changed);
      for (const [name, value] of kept) if (value.keys.some((key) => names.has(key))) drop(name);
    },
  };
}
