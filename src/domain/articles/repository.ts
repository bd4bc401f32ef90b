import type { DeliveredPicture } from '../media/delivery.ts';
import type { Article, ArticleRevision, ArticleStatus, ArticleSummary, AuthorRef, BodyFormat, Correction, Media } from '../shared/model.ts';

export interface ArticleRecord {
  readonly slug: string;
  readonly headline: string;
  readonly standfirst: string;
  readonly bodySource: string;
  readonly bodyFormat: BodyFormat;
  readonly bodyHtml: string;
  readonly status: ArticleStatus;
  readonly publishedAt: Date | null;
  readonly authorId: number;
  readonly updatedAt: Date;
  readonly language: string | null;
  /** Left as stored when absent, as the command line does. */
  readonly featured?: boolean;
  /** The featured picture's media row; null for none, left as stored when absent. */
  readonly imageId?: number | null;
}

export interface PublicListing {
  readonly now: Date;
  readonly limit: number;
  readonly offset: number;
  readonly tagId?: number;
  readonly authorId?: number;
  /** Leaves this article out, e.g. the featured one that already leads the page. */
  readonly excludeId?: number;
  /** The total, when the caller kept it from an earlier read: it is then returned as it is, not counted. */
  readonly knownTotal?: number;
}

/** The newsroom's list: every article whatever its status, filtered. */
export interface NewsroomListing {
  readonly limit: number;
  readonly offset: number;
  readonly status?: ArticleStatus;
  readonly authorId?: number;
  readonly tagId?: number;
  /** Part of the headline, matched ignoring (ASCII) case. */
  readonly headlineContains?: string;
}

export type CommentTarget = Pick<Article, 'id' | 'slug' | 'status' | 'publishedAt' | 'commentsOpen'>;

export interface ArticleRepository {
  findBySlug(slug: string): Promise<Article | null>;
  findById(id: number): Promise<Article | null>;
  /** What posting a comment checks of an article, in one indexed read: no byline, image or tags. */
  findCommentTarget(slug: string): Promise<CommentTarget | null>;
  /** Publicly visible articles, newest first, with the total for pagination. */
  listPublic(listing: PublicListing): Promise<{ items: ArticleSummary[]; total: number }>;
  /** The newest publicly visible featured article. */
  findFeatured(now: Date): Promise<ArticleSummary | null>;
  /** The soonest time after `now` at which a scheduled article becomes public, or null when none waits. */
  nextPublicationAfter(now: Date): Promise<Date | null>;
  /** Every article, last changed first, with the total for pagination. */
  listNewsroom(listing: NewsroomListing): Promise<{ items: ArticleSummary[]; total: number }>;
  /** The authors who have at least one article, by name. */
  /** The bylines that have articles; with `publicAt`, only those with an article public at that time. */
  listBylines(publicAt?: Date): Promise<Array<AuthorRef & { readonly id: number }>>;
  insert(record: ArticleRecord, createdAt: Date): Promise<number>;
  update(id: number, record: ArticleRecord): Promise<void>;
  /** Replaces the article's tags, keeping the given order. */
  setTags(articleId: number, tagIds: readonly number[]): Promise<void>;
  setCommentsOpen(articleId: number, open: boolean): Promise<void>;
  /** Recounts the approved comments into the article's denormalised count. */
  refreshCommentCount(articleId: number): Promise<void>;
  /**
   * Counts one more approved comment, in the transaction that publishes it: exact, and without the
   * recount, whose cost grows with the article's comments (0.2 ms a comment at 3,000).
   */
  countNewApprovedComment(articleId: number): Promise<void>;
  count(): Promise<number>;
  /** The article a former slug of its own leads to, when one does. */
  findByOldSlug(slug: string): Promise<Pick<ArticleSummary, 'id' | 'slug' | 'status' | 'publishedAt'> | null>;
  /** Makes a former slug lead to the article, taking it from any article it led to before. */
  addOldSlug(slug: string, articleId: number): Promise<void>;
  /** Stops a former slug leading anywhere, so that an article can have it as its own. */
  removeOldSlug(slug: string): Promise<void>;
  /** Replaces the library pictures the article's body shows (article_body_media); ids the library lacks are left out. */
  setBodyPictures(articleId: number, mediaIds: readonly number[]): Promise<void>;
  /** The articles whose body shows the picture, by id. */
  listShowingPicture(mediaId: number): Promise<number[]>;
  /** Replaces the rendered body alone (its pictures changed, not its text): no revision, no new update time. */
  setBodyHtml(articleId: number, html: string): Promise<void>;
}

/** What the foot of an article lists of another: enough for a headline, a byline and a date. */
export type RelatedArticle = Pick<
  ArticleSummary,
  'id' | 'slug' | 'headline' | 'standfirst' | 'publishedAt' | 'author' | 'authorId' | 'language'
>;

/** What the repository is asked for. */
export interface RelatedQuery {
  readonly articleId: number;
  readonly now: Date;
  readonly limit: number;
  readonly perTag: number;
  readonly tags: number;
}

/** Articles to read next, found through the tags they share with one article. */
export interface RelatedArticleRepository {
  /** Publicly visible articles sharing tags with `articleId`, most shared tags first, then newest. */
  list(query: RelatedQuery): Promise<RelatedArticle[]>;
}

/** The editor's fields exactly as typed, keyed by form field name. */
export type EditorFields = Readonly<Record<string, string>>;

export interface Autosave {
  readonly fields: EditorFields;
  readonly savedAt: Date;
}

/** Unsaved editor text, one per user and article; article 0 is a new article. */
export interface AutosaveRepository {
  put(autosave: { userId: number; articleId: number; fields: EditorFields; savedAt: Date }): Promise<void>;
  get(userId: number, articleId: number): Promise<Autosave | null>;
  delete(userId: number, articleId: number): Promise<void>;
}

/** An article's saved versions and its published corrections. */
export interface RevisionRepository {
  insert(revision: Omit<ArticleRevision, 'id' | 'userName'>): Promise<number>;
  /** Newest first, with the name of who saved each. */
  listFor(articleId: number): Promise<ArticleRevision[]>;
  find(articleId: number, revisionId: number): Promise<ArticleRevision | null>;
  /** The article's newest revision: the version its editor forms are checked against. */
  latestFor(articleId: number): Promise<ArticleRevision | null>;
  /** `userId` is null for a correction brought in by an import. */
  addCorrection(correction: { articleId: number; userId: number | null; body: string; createdAt: Date }): Promise<Correction>;
  /** Oldest first. */
  correctionsOf(articleId: number): Promise<Correction[]>;
}

export interface MediaRepository {
  findById(id: number): Promise<Media | null>;
  insert(media: Omit<Media, 'id'>): Promise<number>;
  update(id: number, media: Omit<Media, 'id'>): Promise<void>;
  /** Makes `mediaId` the article's lead image; null removes it. */
  setArticleImage(articleId: number, mediaId: number | null): Promise<void>;
  /** The lead images of many articles at once, by article id (for exports). */
  listByArticle(articleIds: readonly number[]): Promise<Media[]>;
  /**
   * Uploads an article may be given as its featured picture (ready or still processing), newest
   * first; with `text`, those whose file name, alt text, caption or credit holds it.
   */
  choices(query: { text: string; limit: number }): Promise<DeliveredPicture[]>;
}
