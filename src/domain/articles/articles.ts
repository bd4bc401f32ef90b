import { NotFoundError, Problems } from '../shared/errors.ts';
import { bodyPictureIds, checkBodyPictures, renderBody } from './body-pictures.ts';
import { isPubliclyVisible, type Article, type ArticleStatus, type ArticleSummary, type Correction, type Page } from '../shared/model.ts';
import { pageOf } from '../shared/paging.ts';
import { isValidSlug, slugify } from '../shared/slug.ts';
import type { ArticlesDeps } from './ports.ts';
import { findOrCreateAuthor } from '../people/authors.ts';
import { resolveTags } from '../tags/tags.ts';
import { buildCommentThread, type CommentNode } from '../comments/comments.ts';
import type { CommentOrder, CommentPaging } from '../site/site-settings.ts';
import { canonicalLanguage } from '../shared/locale.ts';
import type { ArticleRecord } from './repository.ts';
import { findPublicFeatured, listPublicArticles } from './public-listing.ts';
import { cacheKey, shownArticleKeys } from '../site/cache-keys.ts';
import type { Repositories } from '../store.ts';
import type { UseCaseDeps } from '../shared/ports.ts';
import { authorize, type Actor } from '../shared/policy.ts';

export const ARTICLE_LIMITS = { headline: 200, standfirst: 400, author: 100, tags: 20, tag: 60 } as const;

/** What an editor hands in, from the CLI's Markdown files today and the admin editor later. */
export interface ArticleSubmission {
  readonly headline: string;
  readonly standfirst: string;
  readonly body: string;
  readonly tags: readonly string[];
  readonly author: string;
  /** Derived from the headline when absent. */
  readonly slug?: string;
  /** Publication time; a future time schedules the article. Defaults to now when publishing. */
  readonly date?: Date;
  readonly status: ArticleStatus;
  /** BCP 47 tag such as zh-Hant, for an article not in the publication's language. */
  readonly language?: string;
}

/**
 * Creates the article, or updates the one with the same slug, from an article file (the command
 * line's `publish`, the demo). Everything (author, new tags, the article, its tag links) is written
 * in one transaction, so a refused submission stores nothing.
 */
export async function publishArticle(
  deps: ArticlesDeps,
  input: { actor: Actor; submission: ArticleSubmission },
): Promise<{ article: Article; created: boolean }> {
  authorize(input.actor, 'article.publish');
  const { submission } = input;
  const { slug, language } = checkSubmission(submission);
  const now = deps.clock.now();
  return deps.store.transaction(async (store) => {
    const existing = await store.articles.findBySlug(slug);
    const author = await findOrCreateAuthor(store, submission.author);
    const { status, publishedAt } = scheduleOf(submission, existing, now);
    const body = await renderBody(store, deps.figures, { source: submission.body, format: 'markdown' });
    const problems = new Problems();
    checkBodyPictures(body.pictures, { public: status !== 'draft' }, problems);
    problems.throwIfAny();
    const record: ArticleRecord = {
      slug,
      headline: submission.headline.trim(),
      standfirst: submission.standfirst.trim(),
      bodySource: submission.body,
      bodyFormat: 'markdown',
      bodyHtml: body.html,
      status,
      publishedAt,
      authorId: author.id,
      language,
      // A new article was last changed when it appeared, even if it is dated in the past.
      updatedAt: existing || !publishedAt || publishedAt > now ? now : publishedAt,
    };
    const article = await storeArticle(store, { existing, record, tags: submission.tags, savedBy: null, now });
    return { article, created: !existing };
  });
}

/**
 * Writes an article (`existing` as it was before, null for a new one) and its tags (aliases
 * resolved, new names created) and records the result as a revision. Call it inside a transaction:
 * the writes stand or fall together.
 *
 * When a published or scheduled article changes its slug, the old slug goes on leading to it, so
 * that readers' links keep working. An article that is given a slug which used to be another's
 * takes it over: from then on the old links lead to the article that has the slug now.
 */
export async function storeArticle(
  store: Pick<Repositories, 'articles' | 'tags' | 'revisions'>,
  input: {
    existing: Pick<Article, 'id' | 'slug' | 'status'> | null;
    record: ArticleRecord;
    tags: readonly string[];
    savedBy: number | null;
    now: Date;
  },
): Promise<Article> {
  const { existing, record } = input;
  const tags = await resolveTags(store, input.tags);
  const id = existing?.id ?? (await store.articles.insert(record, input.now));
  if (existing) await store.articles.update(id, record);
  if (existing?.slug !== record.slug) {
    await store.articles.removeOldSlug(record.slug);
    if (existing && existing.status !== 'draft') await store.articles.addOldSlug(existing.slug, id);
  }
  await store.articles.setTags(
    id,
    tags.map((tag) => tag.id),
  );
  await store.articles.setBodyPictures(id, bodyPictureIds(record.bodySource, record.bodyFormat));
  const article = await store.articles.findById(id);
  if (!article) throw new Error(`article ${id} vanished inside its own transaction`);
  await store.revisions.insert({
    articleId: id,
    userId: input.savedBy,
    createdAt: input.now,
    headline: article.headline,
    standfirst: article.standfirst,
    slug: article.slug,
    bodySource: article.bodySource,
    bodyFormat: article.bodyFormat,
    tags: article.tags.map((tag) => tag.name),
    authorId: article.authorId,
    status: article.status,
    publishedAt: article.publishedAt,
    featured: article.featured,
  });
  return article;
}

/**
 * Checks a submission against the rules every article follows, whoever sends it. Problems are
 * reported under the front-matter names (title, date, author…) and added to `problems`, which
 * callers with checks of their own pass in so that the form lists everything at once.
 */
export function checkSubmission(submission: ArticleSubmission, problems = new Problems()): { slug: string; language: string | null } {
  const headline = submission.headline.trim();
  if (!headline) problems.add('title', 'Every article needs a headline');
  else if (headline.length > ARTICLE_LIMITS.headline)
    problems.add('title', `Keep the headline under ${ARTICLE_LIMITS.headline} characters (it has ${headline.length})`);
  if (submission.standfirst.trim().length > ARTICLE_LIMITS.standfirst) {
    problems.add('standfirst', `Keep the standfirst under ${ARTICLE_LIMITS.standfirst} characters`);
  }
  if (!submission.body.trim()) problems.add('body', 'The article has no body text');
  const author = submission.author.trim();
  if (!author) problems.add('author', 'Name the author (the byline)');
  else if (author.length > ARTICLE_LIMITS.author)
    problems.add('author', `Keep the author's name under ${ARTICLE_LIMITS.author} characters`);
  if (submission.tags.length > ARTICLE_LIMITS.tags) problems.add('tags', `Use at most ${ARTICLE_LIMITS.tags} tags`);
  const badTag = submission.tags.find((tag) => !tag.trim() || tag.trim().length > ARTICLE_LIMITS.tag);
  if (badTag !== undefined) problems.add('tags', `Each tag needs a name of 1 to ${ARTICLE_LIMITS.tag} characters (got "${badTag}")`);
  if (submission.status === 'scheduled' && !submission.date)
    problems.add('date', 'A scheduled article needs the date and time to publish it');
  const language = submission.language === undefined ? null : canonicalLanguage(submission.language);
  if (submission.language !== undefined && language === null) problems.add('language', 'Use a language tag such as en, zh-Hant or ja');
  const slug = slugOf(submission);
  if (submission.slug !== undefined && !isValidSlug(slug)) {
    problems.add('slug', 'Use lower-case letters, digits and single hyphens only, e.g. "harbour-fares-frozen"');
  } else if (headline && !slug) {
    problems.add('slug', 'The headline has no letters or digits to make a slug from; give one');
  }
  problems.throwIfAny();
  return { slug, language };
}

/** The article's slug: the one given, or one made from the headline. */
export function slugOf(submission: Pick<ArticleSubmission, 'slug' | 'headline'>): string {
  return submission.slug?.trim() || slugify(submission.headline.trim());
}

function scheduleOf(
  submission: ArticleSubmission,
  existing: Article | null,
  now: Date,
): { status: ArticleStatus; publishedAt: Date | null } {
  if (submission.status === 'draft') return { status: 'draft', publishedAt: submission.date ?? null };
  const publishedAt = submission.date ?? existing?.publishedAt ?? now;
  return { status: publishedAt.getTime() > now.getTime() ? 'scheduled' : 'published', publishedAt };
}

/** The front page: the story that leads it, and a page of the others. */
export interface FrontPage extends Page<ArticleSummary> {
  /** The newest visible featured article; it leads every page and is left out of `items`. */
  readonly featured: ArticleSummary | null;
}

/** The home page: visible articles, newest first, after the featured one when there is one. */
export async function browseArticles(deps: ArticlesDeps, input: { page: number }): Promise<FrontPage> {
  const now = deps.clock.now();
  const featured = await findPublicFeatured(deps);
  const articles = await pageOf(input.page, (limit, offset) =>
    listPublicArticles(deps, { now, limit, offset, ...(featured ? { excludeId: featured.id } : {}) }),
  );
  return { ...articles, featured };
}

/** The article page: the article, or the slug it has moved to. */
export type ArticleReading =
  | {
      readonly kind: 'article';
      readonly article: Article;
      /** One page of the article's comment threads. */
      readonly comments: CommentNode[];
      readonly commentPage: CommentPage;
      readonly corrections: Correction[];
    }
  | { readonly kind: 'moved'; readonly slug: string };

/**
 * The article readers may see at `slug`, or the slug a visible article has moved to; NotFoundError
 * for anything else (a draft, a scheduled article before its time, an unknown slug).
 */
export async function findVisibleArticle(
  deps: UseCaseDeps<Pick<Repositories, 'articles'>>,
  slug: string,
): Promise<{ readonly kind: 'article'; readonly article: Article } | { readonly kind: 'moved'; readonly slug: string }> {
  const now = deps.clock.now();
  const article = await findArticleAt(deps, slug);
  if (!article) {
    // Looked up only when the slug is nobody's: a normal hit costs no extra query.
    const moved = await deps.store.articles.findByOldSlug(slug);
    if (moved && isPubliclyVisible(moved, now)) return { kind: 'moved', slug: moved.slug };
    throw new NotFoundError('The article');
  }
  if (!isPubliclyVisible(article, now)) throw new NotFoundError('The article');
  return { kind: 'article', article };
}

/**
 * The article at `slug`, drafts included. Kept in the read cache unless it is a draft: every change
 * to an article that is not a draft is logged under its key, and those to its tags, byline and
 * image under theirs, while a draft's edits (its slug among them) are not.
 */
function findArticleAt(deps: UseCaseDeps<Pick<Repositories, 'articles'>>, slug: string): Promise<Article | null> {
  const read = () => deps.store.articles.findBySlug(slug);
  if (!deps.reads) return read();
  const keys = (article: Article | null) => (article && article.status !== 'draft' ? shownArticleKeys([article]) : null);
  return deps.reads.remember(`article at ${slug}`, keys, read);
}

/** An article's corrections, kept in the read cache: each change to them is logged under the article's key. */
function correctionsOf(deps: ArticlesDeps, articleId: number): Promise<Correction[]> {
  const read = () => deps.store.revisions.correctionsOf(articleId);
  return deps.reads ? deps.reads.remember(`corrections of ${articleId}`, [cacheKey.article(articleId)], read) : read();
}

/** Which page of an article's comment threads is shown, of how many, in which order. */
export interface CommentPage {
  readonly page: number;
  readonly pageCount: number;
  readonly threads: number;
  readonly order: CommentOrder;
}

/**
 * One article as readers see it, with a page of its approved comment threads (each with all its
 * replies; `paging` says how many threads a page and whether the oldest or the newest come first)
 * and its corrections. Without a page, it is the one holding `commentId` if given (a link to a
 * comment), else the first; a page past the last is not found, and costs one count. A former slug
 * of a visible article answers with the slug it has now, to redirect to.
 */
export async function readArticle(
  deps: ArticlesDeps,
  input: { slug: string; paging: CommentPaging; commentsPage?: number | undefined; commentId?: number | null | undefined },
): Promise<ArticleReading> {
  const found = await findVisibleArticle(deps, input.slug);
  if (found.kind === 'moved') return found;
  const { article } = found;
  const { commentsPerPage: perPage, commentOrder: order } = input.paging;
  // Most articles have one page of comments or none: then one plain, indexed read of them all is
  // enough (the article keeps its count of approved comments), with no count and no thread paging.
  if (article.commentCount <= perPage && (input.commentsPage ?? 1) === 1) {
    const [comments, corrections] = await Promise.all([
      article.commentCount === 0
        ? []
        : commentThreadsOf(deps, article.id, `all comments of ${article.id} ${order}`, async () =>
            buildCommentThread(await deps.store.comments.listApproved(article.id), order),
          ),
      correctionsOf(deps, article.id),
    ]);
    if (comments.length <= perPage) {
      return { kind: 'article', article, comments, commentPage: { page: 1, pageCount: 1, threads: comments.length, order }, corrections };
    }
  }
  const [threads, corrections] = await Promise.all([threadCountOf(deps, article.id), correctionsOf(deps, article.id)]);
  const pageCount = Math.max(1, Math.ceil(threads / perPage));
  let page = input.commentsPage ?? 1;
  if (input.commentsPage === undefined && input.commentId) {
    const index = await deps.store.comments.threadIndexOf(article.id, input.commentId, order);
    if (index !== null) page = Math.floor(index / perPage) + 1;
  }
  if (page > pageCount) throw new NotFoundError('That page of comments');
  const offset = (page - 1) * perPage;
  const comments =
    threads === 0
      ? []
      : await commentThreadsOf(deps, article.id, `comments of ${article.id} from ${offset} ${perPage} ${order}`, async () =>
          buildCommentThread(await deps.store.comments.listApprovedThreads(article.id, { offset, limit: perPage, order }), order),
        );
  return { kind: 'article', article, comments, commentPage: { page, pageCount, threads, order }, corrections };
}

/**
 * A page of an article's comment threads, kept in the read cache until the change log names its
 * comments (`c:`: every change to a shown column of an approved comment is logged). Weighed by its
 * text, since one page of a busy article holds hundreds of comments.
 */
function commentThreadsOf(deps: ArticlesDeps, articleId: number, name: string, read: () => Promise<CommentNode[]>): Promise<CommentNode[]> {
  return deps.reads ? deps.reads.remember(name, [cacheKey.comments(articleId)], read, undefined, bytesOfThreads) : read();
}

/** An article's count of approved comment threads, which only a change logged under `c:` alters. */
function threadCountOf(deps: ArticlesDeps, articleId: number): Promise<number> {
  const read = () => deps.store.comments.countApprovedThreads(articleId);
  return deps.reads ? deps.reads.remember(`thread count of ${articleId}`, [cacheKey.comments(articleId)], read) : read();
}

/** Roughly the bytes a page of comment threads holds in memory: its text, and a little for each comment. */
function bytesOfThreads(nodes: readonly CommentNode[]): number {
  let bytes = 0;
  for (const { comment, replies } of nodes) {
    bytes += 200 + 2 * (comment.bodyHtml.length + comment.authorName.length + (comment.authorUrl?.length ?? 0));
    bytes += bytesOfThreads(replies);
  }
  return bytes;
}

/** Opens or closes an article's comments. */
export async function setCommentsOpen(
  deps: UseCaseDeps<Pick<Repositories, 'articles'>>,
  input: { slug: string; open: boolean },
): Promise<Article> {
  const article = await deps.store.articles.findBySlug(input.slug);
  if (!article) throw new NotFoundError(`The article "${input.slug}"`);
  await deps.store.articles.setCommentsOpen(article.id, input.open);
  return { ...article, commentsOpen: input.open };
}
