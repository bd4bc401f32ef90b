import type { CachedPage } from './cached-page.ts';

/**
 * The pages in memory, by address, within a byte budget: the least recently used go first. A Map
 * keeps insertion order, so a page that is used is moved to the end and the oldest is the first.
 * Each surrogate key indexes the addresses of the pages that carry it, so a purge costs what it removes.
 */
export class PageStore {
  private readonly pages = new Map<string, CachedPage>();
  private readonly addressesByKey = new Map<string, Set<string>>();
  private bytes = 0;

  constructor(private readonly budgetBytes: number) {}

  /** The page at `address` if it has not expired by `nowMs`; it becomes the most recently used. */
  get(address: string, nowMs: number): CachedPage | undefined {
    const page = this.pages.get(address);
    if (!page) return undefined;
    this.pages.delete(address);
    if (page.expiresAt <= nowMs) {
      this.forget(address, page);
      return undefined;
    }
    this.pages.set(address, page);
    return page;
  }

  /** Stores the page, then evicts the least recently used until the budget holds. A page larger than the whole budget is not kept. */
  set(address: string, page: CachedPage): void {
    this.remove(address);
    if (page.size > this.budgetBytes) return;
    this.pages.set(address, page);
    this.bytes += page.size;
    for (const key of page.keys) {
      let addresses = this.addressesByKey.get(key);
      if (!addresses) this.addressesByKey.set(key, (addresses = new Set()));
      addresses.add(address);
    }
    for (const [oldest, evicted] of this.pages) {
      if (this.bytes <= this.budgetBytes) break;
      this.pages.delete(oldest);
      this.forget(oldest, evicted);
    }
  }

  /** Removes every page that carries any of the keys. */
  purge(keys: Iterable<string>): void {
    for (const key of keys) {
      const addresses = this.addressesByKey.get(key);
      if (!addresses) continue;
      for (const address of [...addresses]) this.remove(address);
    }
  }

  remove(address: string): void {
    const page = this.pages.get(address);
    if (!page) return;
    this.pages.delete(address);
    this.forget(address, page);
  }

  /** How many pages and bytes are held: for tests and the benchmark. */
  get usage(): { pages: number; bytes: number } {
    return { pages: this.pages.size, bytes: this.bytes };
  }

  /** Drops the page's bytes and key index entries; the caller has taken it out of `pages`. */
  private forget(address: string, page: CachedPage): void {
    this.bytes -= page.size;
    for (const key of page.keys) {
      const addresses = this.addressesByKey.get(key);
      addresses?.delete(address);
      if (addresses?.size === 0) this.addressesByKey.delete(key);
    }
  }
}
