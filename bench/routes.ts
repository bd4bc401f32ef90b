import { sql } from 'kysely';
import type { DB } from '../src/db/sqlite/connection.ts';
import { NEWSROOM_PAGE_SIZE } from '../src/domain/articles/newsroom.ts';
import { QUEUE_PAGE_SIZE } from '../src/domain/comments/moderation.ts';
import { nameKey } from '../src/domain/shared/slug.ts';
import { TAGS_PER_PAGE } from '../src/domain/tags/tag-admin.ts';
import { articlePaths } from '../src/views/admin/article-paths.ts';
import { queuePath } from '../src/views/admin/comments.tsx';
import { paths } from '../src/views/paths.ts';

export interface BenchRoute {
  readonly name: string;
  readonly path: string;
  /** The only status this page may answer with. */
  readonly expect: number;
  /** What the page lists, to tell whether its query count grows with it. */
  readonly items?: number;
  /** Sent with every request: the newsroom's pages need the session cookie. */
  readonly headers?: Readonly<Record<string, string>>;
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

/**
 * Picks the pages to measure from the generated data: the busiest article, tag and author for
 * readers, and the newsroom's lists and editor as an administrator (`adminHeaders`) sees them.
 */
export async function chooseRoutes(db: DB, adminHeaders: Readonly<Record<string, string>>): Promise<BenchRoutes> {
  const mostDiscussed = await db
    .selectFrom('comments')
    .innerJoin('articles', 'articles.id', 'comments.article_id')
    .where('comments.status', '=', 'approved')
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
    .select(['tags.slug', 'tags.name', sql<number>`count(*)`.as('n')])
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
    // A word in most headlines and nearly every body: the site search's worst case (see bench/search.ts for 100,000).
    { name: 'search', path: '/search?q=harbour', expect: 200, items: 10 },
    { name: 'not-found', path: paths.article('no-such-story-in-this-paper'), expect: 404 },
  ];
  const growthPairs: Array<readonly [BenchRoute, BenchRoute]> = [
    [article, { name: 'article-no-comments', path: paths.article(silent.slug), expect: 200, items: 0 }],
    [tag, { name: 'tag-rare', path: paths.tag(rareTag.slug), expect: 200, items: Math.min(10, Number(rareTag.n)) }],
  ];
  const newsroom = await chooseAdminRoutes(db, adminHeaders, {
    popularTag: popularTag.slug,
    rareTag: { slug: rareTag.slug, name: rareTag.name, n: Number(rareTag.n) },
  });
  return { load: [...load, ...newsroom.load], growthPairs: [...growthPairs, ...newsroom.growthPairs] };
}

/** A word the generated headlines use often: what an editor types to find a story. */
const HEADLINE_SEARCH = 'harbour';

async function chooseAdminRoutes(
  db: DB,
  headers: Readonly<Record<string, string>>,
  tags: { popularTag: string; rareTag: { slug: string; name: string; n: number } },
): Promise<BenchRoutes> {
  const countAll = sql<number>`count(*)`.as('n');
  const count = async (query: Promise<{ n: number }>) => Number((await query).n);
  const searchHits = await count(
    db.selectFrom('articles').select(countAll).where('headline', 'like', `%${HEADLINE_SEARCH}%`).executeTakeFirstOrThrow(),
  );
  const commentsWith = (status: string) =>
    count(db.selectFrom('comments').select(countAll).where('status', '=', status).executeTakeFirstOrThrow());
  const pending = await commentsWith('pending');
  const spam = await commentsWith('spam');
  const allTags = await count(db.selectFrom('tags').select(countAll).executeTakeFirstOrThrow());
  const rare = tags.rareTag;
  // The tags list's search matches inside names, so other tags may contain the rare one's name.
  const tagsNamedLikeRare = await count(
    db
      .selectFrom('tags')
      .select(countAll)
      .where('name_key', 'like', `%${nameKey(rare.name)}%`)
      .executeTakeFirstOrThrow(),
  );
  // The longest of the articles saved most often: the heaviest form the editor opens.
  const edited = await db
    .selectFrom('articles')
    .select(['articles.id', sql<number>`(select count(*) from article_revisions r where r.article_id = articles.id)`.as('revisions')])
    .orderBy('revisions', 'desc')
    .orderBy(sql`length(articles.body_source)`, 'desc')
    .orderBy('articles.id')
    .executeTakeFirstOrThrow();

  const page = (name: string, path: string, items?: number): BenchRoute => ({
    name,
    path,
    expect: 200,
    headers,
    ...(items === undefined ? {} : { items }),
  });
  const byTag = page('admin-tag', articlePaths.list({ tag: tags.popularTag }), NEWSROOM_PAGE_SIZE);
  const queue = page('admin-comments', queuePath('pending'), Math.min(QUEUE_PAGE_SIZE, pending));
  const tagList = page('admin-tags', '/admin/tags', Math.min(TAGS_PER_PAGE, allTags));
  const load: BenchRoute[] = [
    page('admin', articlePaths.list(), NEWSROOM_PAGE_SIZE),
    page('admin-p200', articlePaths.list({}, 200), NEWSROOM_PAGE_SIZE),
    page('admin-search', articlePaths.list({ q: HEADLINE_SEARCH }), Math.min(NEWSROOM_PAGE_SIZE, searchHits)),
    byTag,
    page('admin-editor', articlePaths.edit(edited.id)),
    queue,
    tagList,
  ];
  const growthPairs: Array<readonly [BenchRoute, BenchRoute]> = [
    [byTag, page('admin-tag-rare', articlePaths.list({ tag: rare.slug }), Math.min(NEWSROOM_PAGE_SIZE, rare.n))],
    [queue, page('admin-comments-spam', queuePath('spam'), spam)],
    [tagList, page('admin-tags-one', `/admin/tags?${new URLSearchParams({ q: rare.name })}`, tagsNamedLikeRare)],
  ];
  return { load, growthPairs };
}
