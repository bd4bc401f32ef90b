import { sql } from 'kysely';
import type { DB } from '../src/db/database.ts';
import { paths } from '../src/views/paths.ts';

export interface BenchRoute {
  readonly name: string;
  readonly path: string;
  /** The only status this page may answer with. */
  readonly expect: number;
  /** What the page lists, to tell whether its query count grows with it. */
  readonly items?: number;
}

export interface BenchRoutes {
  /** Pages put under load. */
  readonly load: BenchRoute[];
  /**
   * Pairs of the same page type listing many and few items: their query counts must match, or the
   * page runs a query per item.
   */
  readonly growthPairs: Array<readonly [BenchRoute, BenchRoute]>;
}

/** Picks the pages to measure from the generated data: the busiest article, tag and author. */
export async function chooseRoutes(db: DB): Promise<BenchRoutes> {
  const mostDiscussed = await db
    .selectFrom('comments')
    .innerJoin('articles', 'articles.id', 'comments.article_id')
    .select(['articles.slug', sql<number>`count(*)`.as('n'), sql<number>`max(comments.depth)`.as('deepest')])
    .groupBy('articles.id')
    .orderBy('n', 'desc')
    .orderBy('deepest', 'desc')
    .orderBy('articles.id')
    .executeTakeFirstOrThrow();
  const silent = await db.selectFrom('articles').select('slug').where('comment_count', '=', 0).orderBy('id').executeTakeFirstOrThrow();
  const tagUse = db
    .selectFrom('article_tags')
    .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
    .select(['tags.slug', sql<number>`count(*)`.as('n')])
    .groupBy('tags.id');
  const popularTag = await tagUse.orderBy('n', 'desc').orderBy('tags.id').executeTakeFirstOrThrow();
  const rareTag = await tagUse.orderBy('n', 'asc').orderBy('tags.id').executeTakeFirstOrThrow();
  const busiestAuthor = await db
    .selectFrom('articles')
    .innerJoin('authors', 'authors.id', 'articles.author_id')
    .select(['authors.slug', sql<number>`count(*)`.as('n')])
    .groupBy('authors.id')
    .orderBy('n', 'desc')
    .orderBy('authors.id')
    .executeTakeFirstOrThrow();

  const article: BenchRoute = { name: 'article', path: paths.article(mostDiscussed.slug), expect: 200, items: Number(mostDiscussed.n) };
  const tag: BenchRoute = { name: 'tag', path: paths.tag(popularTag.slug), expect: 200, items: 10 };
  const load: BenchRoute[] = [
    { name: 'home', path: paths.home(), expect: 200, items: 10 },
    { name: 'home-p50', path: paths.home(50), expect: 200, items: 10 },
    article,
    tag,
    { name: 'author', path: paths.author(busiestAuthor.slug), expect: 200, items: 10 },
    { name: 'not-found', path: paths.article('no-such-story-in-this-paper'), expect: 404 },
  ];
  const growthPairs: Array<readonly [BenchRoute, BenchRoute]> = [
    [article, { name: 'article-no-comments', path: paths.article(silent.slug), expect: 200, items: 0 }],
    [tag, { name: 'tag-rare', path: paths.tag(rareTag.slug), expect: 200, items: Math.min(10, Number(rareTag.n)) }],
  ];
  return { load, growthPairs };
}
