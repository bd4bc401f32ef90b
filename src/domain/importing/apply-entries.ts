import { storeArticle } from '../articles/articles.ts';
import { bodyPictureIds } from '../articles/body-pictures.ts';
import { MEDIA_CHANGED_JOB } from '../media/pictures.ts';
import { canonicalLanguage } from '../shared/locale.ts';
import { isValidSlug, slugify } from '../shared/slug.ts';
import type {} from './ports.ts';
import type { BatchContext } from './batch.ts';
import { fingerprintOf } from './fingerprint.ts';
import { applyComments } from './apply-comments.ts';
import type { ImportedArticle, ImportedPage, ImportRecord } from './records.ts';
import type { ArticleRecord } from '../articles/repository.ts';
import type { NewImportedArticle } from './repository.ts';

type Entry = ImportedArticle | ImportedPage;

/**
 * Articles and pages, then the comments of the articles. An entry whose source is unchanged is left
 * as it is, with whatever the newsroom has done to it since; its new comments are still added.
 */
export async function applyEntries(batch: BatchContext, records: readonly ImportRecord[]): Promise<void> {
  const articles = records.filter((r): r is ImportedArticle => r.kind === 'article');
  const pages = records.filter((r): r is ImportedPage => r.kind === 'page');
  if (articles.length === 0 && pages.length === 0) return;
  const authors = await batch.localIds(
    'author',
    [...articles, ...pages].flatMap((e) => (e.authorExternalId ? [e.authorExternalId] : [])),
  );
  const authorOf = async (entry: Entry) => {
    const id = entry.authorExternalId ? authors.get(entry.authorExternalId) : undefined;
    if (id !== undefined) return id;
    if (entry.authorExternalId)
      batch.report.note(entry.kind, entry.externalId, titleOf(entry), { code: 'missing_author', detail: entry.authorExternalId });
    return batch.fallbackAuthorId();
  };
  const articleIds = await applyArticles(batch, articles, authorOf);
  await applyPages(batch, pages, authorOf);
  await batch.flush();
  await applyComments(batch, articles, articleIds);
}

function titleOf(entry: Entry): string {
  return entry.kind === 'article' ? entry.headline : entry.title;
}

/** Creates or updates the articles; returns the local id of every article of the batch. */
async function applyArticles(
  batch: BatchContext,
  articles: readonly ImportedArticle[],
  authorOf: (entry: Entry) => Promise<number>,
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  if (articles.length === 0) return ids;
  const known = await batch.lookup(
    'article',
    articles.map((a) => a.externalId),
  );
  const tagIds = await batch.localIds(
    'tag',
    articles.flatMap((a) => a.tagExternalIds),
  );
  const images = await batch.localIds(
    'media',
    articles.flatMap((a) => (a.featuredMediaExternalId ? [a.featuredMediaExternalId] : [])),
  );
  const slugs = await SlugPicker.for(batch, 'articles', articles.map(wantedSlug));
  const tagNames = await batch.store.imports.tagNames([...new Set(tagIds.values())]);
  const fresh: Array<{ externalId: string; hash: string; row: NewImportedArticle; source: ImportedArticle }> = [];

  for (const article of articles) {
    const hash = fingerprintOf(article);
    const before = known.get(article.externalId);
    if (before?.hash === hash) {
      batch.report.skipped('article', 'unchanged');
      ids.set(article.externalId, before.localId);
      continue;
    }
    // Null when the article has been deleted here since: the import brings it back.
    const existing = before ? await batch.store.articles.findById(before.localId) : null;
    const slug = existing?.slug === wantedSlug(article) ? existing.slug : await slugs.pick(wantedSlug(article), existing?.slug);
    if (slug !== wantedSlug(article) && !existing) {
      batch.report.note('article', article.externalId, article.headline, { code: 'slug_taken', detail: wantedSlug(article) });
    }
    const record: ArticleRecord = {
      slug,
      headline: article.headline.trim() || '(untitled)',
      standfirst: article.standfirst,
      bodySource: article.bodySource,
      bodyFormat: article.bodyFormat,
      bodyHtml: article.bodyHtml,
      status: article.status,
      publishedAt: article.publishedAt,
      authorId: await authorOf(article),
      updatedAt: article.updatedAt,
      language: article.language ? canonicalLanguage(article.language) : null,
      featured: article.featured,
    };
    const tags = [...new Set(article.tagExternalIds.flatMap((id) => tagIds.get(id) ?? []))].map((id) => ({
      id,
      name: tagNames.get(id) ?? '',
    }));
    const imageId = article.featuredMediaExternalId ? (images.get(article.featuredMediaExternalId) ?? null) : null;
    if (!existing) {
      // New articles are written together after the loop, in a few multi-row statements.
      fresh.push({
        externalId: article.externalId,
        hash,
        source: article,
        row: { record, createdAt: article.createdAt, commentsOpen: article.commentsOpen, imageId, tags },
      });
      batch.report.created('article');
      continue;
    }
    await storeArticle(batch.store, { existing, record, tags: tags.map((tag) => tag.name), savedBy: null, now: batch.now });
    await batch.store.articles.setCommentsOpen(existing.id, article.commentsOpen);
    if (imageId !== null) await batch.store.media.setArticleImage(existing.id, imageId);
    batch.report.updated('article');
    await finishArticle(batch, article, existing.id, hash, slug);
    ids.set(article.externalId, existing.id);
  }

  const freshIds = await batch.store.imports.insertArticles(fresh.map((entry) => entry.row));
  await showPicturesLater(
    batch,
    articles.filter((a) => a.bodySource.includes('media:') && known.get(a.externalId)?.hash !== fingerprintOf(a)),
  );
  for (const [index, entry] of fresh.entries()) {
    const id = freshIds[index]!;
    for (const correction of entry.source.corrections) {
      await batch.store.revisions.addCorrection({ articleId: id, userId: null, body: correction.body, createdAt: correction.createdAt });
    }
    await finishArticle(batch, entry.source, id, entry.hash, entry.row.record.slug);
    ids.set(entry.externalId, id);
  }
  return ids;
}

/**
 * An imported body's library pictures (`media:ID`) become figures once the worker runs their
 * `media.changed` jobs: the reader rendered the body without the library, and the import's
 * transaction already wrote which articles show each picture.
 */
async function showPicturesLater(batch: BatchContext, written: readonly ImportedArticle[]): Promise<void> {
  const pictures = new Set(written.flatMap((article) => bodyPictureIds(article.bodySource, article.bodyFormat)));
  for (const mediaId of pictures) await batch.store.outbox.enqueue({ kind: MEDIA_CHANGED_JOB, payload: { mediaId } });
}

/** What every created or updated article needs: its former slugs, notes, redirects and import record. */
async function finishArticle(batch: BatchContext, article: ImportedArticle, id: number, hash: string, slug: string): Promise<void> {
  for (const oldSlug of article.oldSlugs) if (oldSlug !== slug) await batch.store.articles.addOldSlug(oldSlug, id);
  for (const note of article.notes) batch.report.note('article', article.externalId, article.headline, note);
  batch.remember('article', article.externalId, id, hash);
  batch.redirect(article.legacyPaths, 'article', id);
}

async function applyPages(batch: BatchContext, pages: readonly ImportedPage[], authorOf: (entry: Entry) => Promise<number>): Promise<void> {
  if (pages.length === 0) return;
  const known = await batch.lookup(
    'page',
    pages.map((p) => p.externalId),
  );
  const slugs = await SlugPicker.for(batch, 'pages', pages.map(wantedSlug));
  for (const page of pages) {
    const hash = fingerprintOf(page);
    const before = known.get(page.externalId);
    if (before?.hash === hash) {
      batch.report.skipped('page', 'unchanged');
      continue;
    }
    const existing = before ? await batch.store.pages.findById(before.localId) : null;
    const record = {
      slug: existing?.slug === wantedSlug(page) ? existing.slug : await slugs.pick(wantedSlug(page), existing?.slug),
      title: page.title.trim() || '(untitled)',
      status: page.status,
      publishedAt: page.publishedAt,
      updatedAt: page.updatedAt,
      authorId: await authorOf(page),
      bodyFormat: page.bodyFormat,
      bodySource: page.bodySource,
      bodyHtml: page.bodyHtml,
    };
    const id = existing ? existing.id : await batch.store.pages.insert({ ...record, createdAt: page.createdAt });
    if (existing) await batch.store.pages.update(id, record);
    if (existing) batch.report.updated('page');
    else batch.report.created('page');
    for (const note of page.notes) batch.report.note('page', page.externalId, page.title, note);
    batch.remember('page', page.externalId, id, hash);
    batch.redirect(page.legacyPaths, 'page', id);
  }
}

/** The slug an entry asks for: its own when valid, else one made from it or from its title, else its id. */
function wantedSlug(entry: Entry): string {
  if (entry.slug && isValidSlug(entry.slug)) return entry.slug;
  return (
    slugify(entry.slug ?? '') || slugify(entry.kind === 'article' ? entry.headline : entry.title) || `${entry.kind}-${entry.externalId}`
  );
}

/**
 * Hands out free slugs within a batch: `base`, then `base-2`, `base-3`… past those stored or handed
 * out already. The wanted slugs of the whole batch are checked in one query up front.
 */
class SlugPicker {
  private constructor(
    private readonly batch: BatchContext,
    private readonly of: 'articles' | 'pages',
    private readonly taken: Set<string>,
    private readonly checked: Set<string>,
  ) {}

  static async for(batch: BatchContext, of: 'articles' | 'pages', wanted: readonly string[]): Promise<SlugPicker> {
    return new SlugPicker(batch, of, await batch.store.imports.takenSlugs(of, wanted), new Set(wanted));
  }

  /** `current` is the entry's own slug, which it may keep. */
  async pick(base: string, current?: string): Promise<string> {
    let candidate = base;
    for (let n = 2; candidate !== current && (await this.isTaken(candidate)); n++) candidate = `${base}-${n}`;
    this.taken.add(candidate);
    return candidate;
  }

  private async isTaken(slug: string): Promise<boolean> {
    if (this.taken.has(slug)) return true;
    if (this.checked.has(slug)) return false;
    return (await this.batch.store.imports.takenSlugs(this.of, [slug])).has(slug);
  }
}
