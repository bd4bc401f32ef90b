import type { ArticleSummary } from '../shared/model.ts';
import type { Deps } from '../store.ts';

/** What the foot of an article lists of another: enough for a headline, a byline and a date. */
export type RelatedArticle = Pick<ArticleSummary, 'id' | 'slug' | 'headline' | 'standfirst' | 'publishedAt' | 'author' | 'language'>;

/**
 * How far the search for related articles reaches. Each of the article's first `tags` tags offers
 * only its `perTag` newest articles, so a tag with 50,000 articles costs what one with 50 does; an
 * older article that shares several tags may then be counted for fewer, which suits "related and recent".
 */
export const RELATED_LIMITS = { shown: 4, perTag: 30, tags: 12 } as const;

/** What the repository is asked for. */
export interface RelatedQuery {
  readonly articleId: number;
  readonly now: Date;
  readonly limit: number;
  readonly perTag: number;
  readonly tags: number;
}

/**
 * Published articles that share tags with this one: the most shared tags first, then the newest.
 * Aliases need no care here, because an article's tags are stored as their canonical tags. An
 * article that shares no tag is never listed, so a story without tags has no related articles.
 */
export async function listRelatedArticles(deps: Deps, input: { articleId: number }): Promise<RelatedArticle[]> {
  return deps.store.related.list({
    articleId: input.articleId,
    now: deps.clock.now(),
    limit: RELATED_LIMITS.shown,
    perTag: RELATED_LIMITS.perTag,
    tags: RELATED_LIMITS.tags,
  });
}
