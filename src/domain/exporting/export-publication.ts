import { readSiteSettings, SITE_SETTING_PREFIX, type SiteDefaults, type SiteSettings } from '../site/site-settings.ts';
import type { Deps } from '../store.ts';
import type { ExportedArticle, ExportedAuthor, ExportedMedia, ExportedPage, ExportedTag } from './export-store.ts';

/** What every export starts with: where it comes from, and the short lists a long one refers to. */
export interface ExportHead {
  readonly exportedAt: Date;
  readonly siteUrl: string;
  /** The stored `site.*` settings, exactly as stored. */
  readonly settings: Readonly<Record<string, string>>;
  /** The settings in force: the stored ones over the environment's defaults. */
  readonly site: SiteSettings;
  readonly authors: readonly ExportedAuthor[];
  /** In navigation order, parents before the tags under them. */
  readonly tags: readonly ExportedTag[];
  /** The highest id of each kind, for formats that number everything in one sequence (WXR). */
  readonly highestIds: { readonly articles: number; readonly pages: number; readonly media: number };
}

/**
 * A serialiser of the publication (Broadsheet's JSON, WXR). It is handed the parts in this order:
 * `start` once, then pages of media, of articles and of pages, then `finish`; it writes as it is
 * handed them.
 */
export interface PublicationWriter {
  start(head: ExportHead): Promise<void>;
  media(page: readonly ExportedMedia[]): Promise<void>;
  articles(page: readonly ExportedArticle[]): Promise<void>;
  pages(page: readonly ExportedPage[]): Promise<void>;
  finish(): Promise<void>;
}

export interface ExportSummary {
  readonly authors: number;
  readonly tags: number;
  readonly media: number;
  readonly articles: number;
  readonly pages: number;
  readonly comments: number;
}

/** Rows per query: big enough that the queries are few, small enough that a page of articles with their comments stays small. */
export const EXPORT_PAGE_SIZE = 500;

/**
 * Writes the whole publication through `writer`, reading it page by page so that memory stays flat
 * at any size. Reads are not wrapped in one transaction: run it while nobody is publishing for an
 * exact snapshot (SQLite's WAL lets the site keep serving readers meanwhile).
 */
export async function exportPublication(
  deps: Deps,
  input: { writer: PublicationWriter; siteUrl: string; defaults: SiteDefaults; pageSize?: number },
): Promise<ExportSummary> {
  const { store } = deps;
  const pageSize = input.pageSize ?? EXPORT_PAGE_SIZE;
  const [settings, site, authors, tags, highestIds] = await Promise.all([
    store.settings.listByPrefix(SITE_SETTING_PREFIX),
    readSiteSettings(deps, input.defaults),
    store.exports.authors(),
    store.exports.tags(),
    store.exports.highestIds(),
  ]);
  const { writer } = input;
  await writer.start({
    exportedAt: deps.clock.now(),
    siteUrl: input.siteUrl,
    settings,
    site,
    authors,
    tags: parentsBeforeChildren(tags),
    highestIds,
  });
  let comments = 0;
  const media = await inPages(
    (after) => store.exports.mediaAfter(after, pageSize),
    (page) => writer.media(page),
  );
  const articles = await inPages(
    (after) => store.exports.articlesAfter(after, pageSize),
    (page) => {
      for (const article of page) comments += article.comments.length;
      return writer.articles(page);
    },
  );
  const pages = await inPages(
    (after) => store.exports.pagesAfter(after, pageSize),
    (page) => writer.pages(page),
  );
  await writer.finish();
  return { authors: authors.length, tags: tags.length, media, articles, pages, comments };
}

/**
 * Tags in navigation order, except that a parent is moved up before the tags under it: importers
 * (ours and WordPress's) file a tag under a parent they have already read.
 */
function parentsBeforeChildren(tags: readonly ExportedTag[]): ExportedTag[] {
  const byId = new Map(tags.map((tag) => [tag.id, tag]));
  const ordered: ExportedTag[] = [];
  const placed = new Set<number>();
  const place = (tag: ExportedTag, below: ReadonlySet<number>): void => {
    if (placed.has(tag.id) || below.has(tag.id)) return;
    const parent = tag.parentId === null ? undefined : byId.get(tag.parentId);
    if (parent) place(parent, new Set([...below, tag.id]));
    placed.add(tag.id);
    ordered.push(tag);
  };
  for (const tag of tags) place(tag, new Set());
  return ordered;
}

/** Reads pages after the last id of the one before until one comes back empty; returns how many rows there were. */
async function inPages<T extends { readonly id: number }>(
  read: (afterId: number) => Promise<T[]>,
  write: (page: readonly T[]) => Promise<void>,
): Promise<number> {
  let count = 0;
  for (let page = await read(0); page.length > 0; page = await read(page.at(-1)!.id)) {
    await write(page);
    count += page.length;
  }
  return count;
}
