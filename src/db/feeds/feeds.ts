import { sql } from 'kysely';
import type { FeedRepository, SitemapEntry } from '../../domain/feeds/repository.ts';
import { SUMMARY_COLUMNS } from '../articles/article-listings.ts';
import { summariesOf, tagRefsFor } from '../articles/articles.ts';
import type { DB } from '../schema.ts';
import { fromIso, toIso } from '../time.ts';

/**
 * Feeds and sitemaps. The listings walk the same indexes as the site's pages (articles_public,
 * article_tags_listing, articles_author); the article sitemap reads articles_sitemap, which holds
 * every column it needs, so 50,000 addresses never visit 50,000 article rows. 'draft' is a
 * literal so that SQLite can prove the partial indexes' WHERE clause.
 */
export function feedRepository(db: DB): FeedRepository {
  const tagsFor = (articleIds: readonly number[]) => tagRefsFor(db, articleIds);

  return {
    async latestArticles({ now, limit, tagId, authorId }) {
      const visible = toIso(now);
      const page = db
        .selectFrom('articles')
        .innerJoin('authors', 'authors.id', 'articles.author_id')
        .select([...SUMMARY_COLUMNS, 'articles.body_html'])
        .limit(limit);
      const rows =
        tagId !== undefined
          ? await page
              .innerJoin('article_tags', 'article_tags.article_id', 'articles.id')
              .where('article_tags.tag_id', '=', tagId)
              .where('article_tags.listed_at', '<=', visible)
              .orderBy('article_tags.listed_at', 'desc')
              .orderBy('article_tags.article_id', 'desc')
              .execute()
          : await page
              .where('articles.status', '<>', sql.lit('draft'))
              .where('articles.published_at', '<=', visible)
              .$if(authorId !== undefined, (query) => query.where('articles.author_id', '=', authorId!))
              .orderBy('articles.published_at', 'desc')
              .orderBy('articles.id', 'desc')
              .execute();
      const summaries = await summariesOf(db, rows);
      return summaries.map((summary, i) => ({ ...summary, bodyHtml: rows[i]!.body_html }));
    },

    async latestComments(articleId, limit) {
      const rows = await db
        .selectFrom('comments')
        .select(['id', 'author_name', 'body_html', 'created_at', 'edited_at'])
        .where('article_id', '=', articleId)
        .where('status', '=', 'approved')
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((row) => ({
        id: row.id,
        authorName: row.author_name,
        bodyHtml: row.body_html,
        createdAt: fromIso(row.created_at),
        editedAt: row.edited_at ? fromIso(row.edited_at) : null,
      }));
    },

    async articleChunks({ now, size }) {
      // better-sqlite3 binds every JavaScript number as a REAL: the casts keep the division whole.
      const { rows } = await sql<{ last_modified: string }>`
        select max(last_modified) as last_modified
        from (
          select max(updated_at, published_at) as last_modified, row_number() over (order by id) - 1 as position
          from articles indexed by articles_sitemap
          where status <> 'draft' and published_at <= ${toIso(now)}
        )
        group by position / cast(${size} as integer)
        order by position / cast(${size} as integer)`.execute(db);
      return rows.map((row) => fromIso(row.last_modified));
    },

    async articleEntries({ now, limit, offset }) {
      const { rows } = await sql<{ slug: string; last_modified: string }>`
        select slug, max(updated_at, published_at) as last_modified
        from articles indexed by articles_sitemap
        where status <> 'draft' and published_at <= ${toIso(now)}
        order by id
        limit ${limit} offset ${offset}`.execute(db);
      return rows.map(toEntry);
    },

    async tagEntries(now) {
      // Each tag's newest listed article is one step down article_tags_listing from its end.
      const rows = await db
        .selectFrom('tags')
        .select((eb) => [
          'tags.slug',
          eb
            .selectFrom('article_tags')
            .select('article_tags.listed_at')
            .whereRef('article_tags.tag_id', '=', 'tags.id')
            .where('article_tags.listed_at', '<=', toIso(now))
            .orderBy('article_tags.listed_at', 'desc')
            .limit(1)
            .as('last_modified'),
        ])
        .orderBy('tags.slug')
        .execute();
      return rows.flatMap((row) => (row.last_modified ? [toEntry({ slug: row.slug, last_modified: row.last_modified })] : []));
    },

    async authorEntries(now) {
      const rows = await db
        .selectFrom('authors')
        .select((eb) => [
          'authors.slug',
          eb
            .selectFrom('articles')
            .select('articles.published_at')
            .whereRef('articles.author_id', '=', 'authors.id')
            .where('articles.status', '<>', sql.lit('draft'))
            .where('articles.published_at', '<=', toIso(now))
            .orderBy('articles.published_at', 'desc')
            .limit(1)
            .as('last_modified'),
        ])
        .orderBy('authors.slug')
        .execute();
      return rows.flatMap((row) => (row.last_modified ? [toEntry({ slug: row.slug, last_modified: row.last_modified })] : []));
    },

    async publishedSince({ since, now, limit }) {
      const rows = await db
        .selectFrom('articles')
        .select(['id', 'slug', 'headline', 'published_at', 'language'])
        .where('status', '<>', sql.lit('draft'))
        .where('published_at', '>', toIso(since))
        .where('published_at', '<=', toIso(now))
        .orderBy('published_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      const tags = await tagsFor(rows.map((row) => row.id));
      return rows.map((row) => ({
        id: row.id,
        slug: row.slug,
        headline: row.headline,
        publishedAt: fromIso(row.published_at!),
        language: row.language,
        tags: tags.get(row.id) ?? [],
      }));
    },
  };
}

function toEntry(row: { slug: string; last_modified: string }): SitemapEntry {
  return { slug: row.slug, lastModified: fromIso(row.last_modified) };
}
