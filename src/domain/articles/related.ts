import type { ArticlesDeps } from './ports.ts';
import type { RelatedArticle } from './repository.ts';
import type { Article } from '../shared/model.ts';
import { cacheKey, shownArticleKeys } from '../site/cache-keys.ts';
import { untilNextPublication } from './schedule.ts';

/**
 * How far the search for related articles reaches. Each of the article's first `tags` tags offers
 * only its `perTag` newest articles, so a tag with 50,000 articles costs what one with 50 does; an
 * older article that shares several tags may then be counted for fewer, which suits "related and recent".
 */
export const RELATED_LIMITS = { shown: 4, perTag: 30, tags: 12 } as const;

/**
 * Published articles that share tags with this one: the most shared tags first, then the newest.
 * Aliases need no care here, because an article's tags are stored as their canonical tags. An
 * article that shares no tag is never listed, so a story without tags has no related articles.
 */
export async function listRelatedArticles(deps: ArticlesDeps, input: { article: Pick<Article, 'id' | 'tags'> }): Promise<RelatedArticle[]> {
  const { article } = input;
  const read = () =>
    deps.store.related.list({
      articleId: article.id,
      now: deps.clock.now(),
      limit: RELATED_LIMITS.shown,
      perTag: RELATED_LIMITS.perTag,
      tags: RELATED_LIMITS.tags,
    });
  if (!deps.reads) return read();
  // Its tags (a:), which articles they list (lt:), and each related article's own headline and byline.
  const keys = (related: readonly RelatedArticle[]) => [
    cacheKey.article(article.id),
    ...article.tags.flatMap((tag) => (tag.id === undefined ? [] : [cacheKey.tagArticles(tag.id)])),
    ...shownArticleKeys(related),
  ];
  return deps.reads.remember(`related ${article.id}`, keys, read, () => untilNextPublication(deps));
}
