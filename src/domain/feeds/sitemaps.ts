import { NotFoundError } from '../shared/errors.ts';
import type { Deps } from '../store.ts';
import type { NewsArticle, SitemapEntry } from './feed-store.ts';

export type { NewsArticle, SitemapEntry } from './feed-store.ts';

/** The sitemaps protocol's limit of addresses in one sitemap file. */
export const SITEMAP_URL_LIMIT = 50_000;
/** Google News reads articles of the last two days from a news sitemap, at most 1,000 of them. */
export const NEWS_SITEMAP = { limit: 1_000, windowMs: 2 * 86_400_000 } as const;

export type SitemapKind = 'articles' | 'tags' | 'authors';
export const SITEMAP_KINDS: readonly SitemapKind[] = ['articles', 'tags', 'authors'];

/** One child sitemap of the index: `kind`'s addresses number (page-1)*limit+1 onwards. */
export interface SitemapChild {
  readonly kind: SitemapKind;
  readonly page: number;
  /** The newest change among the addresses it lists. */
  readonly lastModified: Date;
}

export interface SitemapIndex {
  readonly children: readonly SitemapChild[];
  /** When the newest article of the news sitemap appeared; null when it is empty. */
  readonly newsLastModified: Date | null;
}

/**
 * The sitemap index: the children of each kind, `limit` addresses apiece. A kind with nothing
 * public has no child, since a sitemap file must list at least one address.
 */
export async function readSitemapIndex(deps: Deps, input: { limit?: number } = {}): Promise<SitemapIndex> {
  const now = deps.clock.now();
  const size = input.limit ?? SITEMAP_URL_LIMIT;
  const [articleChunks, tags, authors, news] = await Promise.all([
    deps.store.feeds.articleChunks({ now, size }),
    deps.store.feeds.tagEntries(now),
    deps.store.feeds.authorEntries(now),
    deps.store.feeds.publishedSince({ since: new Date(now.getTime() - NEWS_SITEMAP.windowMs), now, limit: 1 }),
  ]);
  const children: SitemapChild[] = [
    ...articleChunks.map((lastModified, index) => ({ kind: 'articles' as const, page: index + 1, lastModified })),
    ...chunksOf(tags, size).map((chunk, index) => ({ kind: 'tags' as const, page: index + 1, lastModified: newestOf(chunk) })),
    ...chunksOf(authors, size).map((chunk, index) => ({ kind: 'authors' as const, page: index + 1, lastModified: newestOf(chunk) })),
  ];
  return { children, newsLastModified: news[0]?.publishedAt ?? null };
}

/** One child sitemap's addresses; a page past the last is not there. */
export async function readSitemap(deps: Deps, input: { kind: SitemapKind; page: number; limit?: number }): Promise<SitemapEntry[]> {
  const now = deps.clock.now();
  const size = input.limit ?? SITEMAP_URL_LIMIT;
  if (!Number.isInteger(input.page) || input.page < 1) throw new NotFoundError('The sitemap');
  let entries: SitemapEntry[];
  if (input.kind === 'articles') {
    entries = await deps.store.feeds.articleEntries({ now, limit: size, offset: (input.page - 1) * size });
  } else {
    const all = input.kind === 'tags' ? await deps.store.feeds.tagEntries(now) : await deps.store.feeds.authorEntries(now);
    entries = chunksOf(all, size)[input.page - 1] ?? [];
  }
  if (entries.length === 0) throw new NotFoundError('The sitemap');
  return entries;
}

/** The articles Google News should know of: published in the last two days, newest first. */
export async function readNewsSitemap(deps: Deps): Promise<NewsArticle[]> {
  const now = deps.clock.now();
  return deps.store.feeds.publishedSince({ since: new Date(now.getTime() - NEWS_SITEMAP.windowMs), now, limit: NEWS_SITEMAP.limit });
}

function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

function newestOf(entries: readonly SitemapEntry[]): Date {
  return entries.reduce((newest, entry) => (entry.lastModified > newest ? entry.lastModified : newest), new Date(0));
}
