import type { ArticleRecord } from '../articles/repository.ts';
import type { NewComment } from '../comments/repository.ts';
import type { ImportKind } from './records.ts';

export type LegacyTargetKind = 'article' | 'page' | 'tag' | 'author' | 'media';

/** The old site's addresses, each leading to what it became here. Paths are `legacyPathKey`s. */
export interface LegacyRedirectRepository {
  find(path: string): Promise<{ kind: LegacyTargetKind; id: number } | null>;
  /** Adds or re-points each path. */
  put(redirects: ReadonlyArray<{ path: string; kind: LegacyTargetKind; id: number }>): Promise<void>;
  /** Points every address that led to one thing at another (a merged tag's at the tag it became). */
  retarget(kind: LegacyTargetKind, fromId: number, toId: number): Promise<void>;
}

export interface NewImportedArticle {
  readonly record: ArticleRecord;
  readonly createdAt: Date;
  readonly commentsOpen: boolean;
  readonly imageId: number | null;
  readonly tags: ReadonlyArray<{ readonly id: number; readonly name: string }>;
}

/** What earlier imports brought in, by source and the id each item had there. */
export interface ImportRepository {
  findImported(source: string, kind: ImportKind, externalIds: readonly string[]): Promise<Map<string, { localId: number; hash: string }>>;
  recordImported(
    source: string,
    items: ReadonlyArray<{ kind: ImportKind; externalId: string; localId: number; hash: string }>,
  ): Promise<void>;
  /**
   * Inserts many comments in one go, in order. A comment's parent is either an existing comment
   * (`parentId`) or one earlier in the same call (`parentIndex`). Returns the new ids in order.
   */
  insertComments(
    comments: ReadonlyArray<NewComment & { readonly parentIndex?: number; readonly editedAt?: Date | null }>,
  ): Promise<number[]>;
  /** Recounts the approved comments of many articles at once. */
  refreshCommentCounts(articleIds: readonly number[]): Promise<void>;
  /** Which of these slugs articles (or pages) already have, or an article had before. */
  takenSlugs(of: 'articles' | 'pages', slugs: readonly string[]): Promise<Set<string>>;
  /**
   * Inserts many new articles at once, each with its tags (in order) and a first revision as it
   * came in. Returns the new ids in order.
   */
  insertArticles(articles: readonly NewImportedArticle[]): Promise<number[]>;
  /** The names of these tags, by id. */
  tagNames(tagIds: readonly number[]): Promise<Map<number, string>>;
  /** The pictures an import of `source` brought that are still on the old site (status `external`), oldest first. */
  externalMediaOf(source: string): Promise<Array<{ id: number; url: string }>>;
  /** The pictures an import of `source` brought that are now in the media library, with their old addresses. */
  libraryPicturesOf(source: string): Promise<Array<{ id: number; url: string; alt: string }>>;
  /** HTML bodies holding an `<img>`, by id after `afterId`; with `importedFrom`, only those an import of that source brought. */
  htmlBodiesWithImages(
    of: 'articles' | 'pages',
    page: { afterId: number; limit: number; importedFrom?: string },
  ): Promise<Array<{ id: number; bodySource: string }>>;
  /** Stores a body whose pictures now name the library, and records an article's as the pictures it shows (`mediaIds`). */
  rewriteBody(
    of: 'articles' | 'pages',
    body: { id: number; bodySource: string; bodyHtml: string; mediaIds: readonly number[] },
  ): Promise<void>;
}
