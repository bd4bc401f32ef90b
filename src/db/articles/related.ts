import type { DB } from '../schema.ts';
import { fromIso, toIso } from '../time.ts';
import type { RelatedArticle, RelatedArticleRepository } from '../../domain/articles/repository.ts';

/**
 * One query, however many articles the tags hold. The article's tags come from the article_tags
 * primary key. For each, a correlated subquery finds the `perTag`-th newest visible listing in
 * article_tags_listing (tag_id, listed_at, article_id), and the join reads only that tag's index
 * range from there on (all of it for a tag with fewer), never a scan of the tag. The few
 * candidates' shared tags are counted, the best kept, and only they are joined to their rows.
 */
export function relatedArticleRepository(db: DB): RelatedArticleRepository {
  return {
    async list(query) {
      const now = toIso(query.now);
      const ranked = db
        .selectFrom('article_tags as mine')
        .innerJoin('article_tags as candidate', 'candidate.tag_id', 'mine.tag_id')
        .select('candidate.article_id')
        .select((eb) => [eb.fn.countAll<number>().as('shared'), eb.fn.max('candidate.listed_at').as('latest')])
        .where('mine.article_id', '=', query.articleId)
        .where('mine.position', '<', query.tags)
        .where('candidate.article_id', '<>', query.articleId)
        // `listed_at` is null for a draft and in the future for a scheduled article: this is the visibility rule here.
        .where('candidate.listed_at', '<=', now)
        .where((eb) =>
          eb(
            'candidate.listed_at',
            '>=',
            eb.fn.coalesce(
              eb
                .selectFrom('article_tags as newest')
                .select('newest.listed_at')
                .whereRef('newest.tag_id', '=', 'mine.tag_id')
                .where('newest.listed_at', '<=', now)
                .orderBy('newest.listed_at', 'desc')
                .limit(1)
                .offset(query.perTag - 1),
              eb.val(''),
            ),
          ),
        )
        .groupBy('candidate.article_id')
        .orderBy('shared', 'desc')
        .orderBy('latest', 'desc')
        .orderBy('candidate.article_id', 'desc')
        .limit(query.limit);
      const rows = await db
        .selectFrom(ranked.as('ranked'))
        .innerJoin('articles', 'articles.id', 'ranked.article_id')
        .innerJoin('authors', 'authors.id', 'articles.author_id')
        .select([
          'articles.id',
          'articles.slug',
          'articles.headline',
          'articles.standfirst',
          'articles.published_at',
          'articles.language',
          'articles.author_id',
          'authors.slug as author_slug',
          'authors.name as author_name',
        ])
        .orderBy('ranked.shared', 'desc')
        .orderBy('ranked.latest', 'desc')
        .orderBy('ranked.article_id', 'desc')
        .execute();
      return rows.map((row): RelatedArticle => ({
        id: row.id,
        slug: row.slug,
        headline: row.headline,
        standfirst: row.standfirst,
        publishedAt: row.published_at === null ? null : fromIso(row.published_at),
        language: row.language,
        author: { slug: row.author_slug, name: row.author_name },
        authorId: row.author_id,
      }));
    },
  };
}
