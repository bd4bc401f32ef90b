/**
 * The publication the `served` part loads: the pages part's generated 20,000 articles (generate.ts),
 * plus the breaking story's discussion, an article with 5,000 approved comments. Written into
 * `dir`, then closed, so that the server under test opens it in a process of its own.
 */
import { sql, type Insertable } from 'kysely';
import type { Database } from '../src/db/schema.ts';
import { loadConfig } from '../src/config.ts';
import { openRuntime, type Runtime } from '../src/cli/runtime.ts';
import { hashClientAddress } from '../src/domain/comments/comments.ts';
import { renderCommentBody } from '../src/domain/shared/markdown.ts';
import { paths } from '../src/paths/site.ts';
import { generatePublication } from './generate.ts';
import { commentText, int, personNames, seededRandom } from './text.ts';
import { slugify } from '../src/domain/shared/slug.ts';

export const BIG_DISCUSSION = 5_000;

export interface ServedSite {
  /** The pages put under load, by name, as paths on the server. */
  readonly pages: {
    readonly article: string;
    readonly home: string;
    readonly tag: string;
    readonly search: string;
    readonly rss: string;
    readonly article5000: string;
  };
  /** The article readers post their comments on. */
  readonly commentSlug: string;
  readonly generationMs: number;
}

export async function prepareServedSite(dir: string, now: Date): Promise<ServedSite> {
  const runtime = await openRuntime(loadConfig({ BROADSHEET_DATA: dir, BROADSHEET_DEMO: 'off' }));
  try {
    const started = performance.now();
    await generatePublication(runtime, now);
    const { db } = runtime;
    // The story that breaks: the newest article, with no comments of its own yet.
    const breaking = await db
      .selectFrom('articles')
      .select(['id', 'slug', 'published_at'])
      .where('comment_count', '=', 0)
      .orderBy('published_at', 'desc')
      .executeTakeFirstOrThrow();
    await addApprovedComments(runtime, breaking.id, new Date(breaking.published_at!), now);
    const generationMs = Math.round(performance.now() - started);
    // The seed-sized article page of the issue: the busiest ordinary discussion (about 8 comments).
    const article = await db
      .selectFrom('articles')
      .select('slug')
      .where('id', '!=', breaking.id)
      .orderBy('comment_count', 'desc')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const tag = await db
      .selectFrom('article_tags')
      .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
      .select(['tags.slug', sql<number>`count(*)`.as('n')])
      .groupBy('tags.id')
      .orderBy('n', 'desc')
      .orderBy('tags.id')
      .executeTakeFirstOrThrow();
    const commented = await db
      .selectFrom('articles')
      .select('slug')
      .where('id', '!=', breaking.id)
      .orderBy('published_at', 'desc')
      .executeTakeFirstOrThrow();
    return {
      pages: {
        article: paths.article(article.slug),
        home: paths.home(),
        tag: paths.tag(tag.slug),
        search: '/search?q=harbour',
        rss: paths.feed('rss'),
        article5000: paths.article(breaking.slug),
      },
      commentSlug: commented.slug,
      generationMs,
    };
  } finally {
    await runtime.close();
  }
}

/** BIG_DISCUSSION approved comments on one article, a third of them replies, in one transaction. */
async function addApprovedComments(runtime: Runtime, articleId: number, publishedAt: Date, now: Date): Promise<void> {
  const rnd = seededRandom(5_000);
  const { db } = runtime;
  const salt = await runtime.deps.store.settings.getOrInsert('client_address_salt', 'bench');
  const names = personNames(rnd, 400);
  const { maxId } = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.max('id').as('maxId'))
    .executeTakeFirstOrThrow();
  let id = Number(maxId ?? 0) + 1;
  // Spread evenly between the article's publication and now.
  const stepMs = Math.max(1, Math.floor((now.getTime() - 60_000 - publishedAt.getTime()) / BIG_DISCUSSION));
  const thread: Array<{ id: number; depth: number }> = [];
  const rows: Insertable<Database['comments']>[] = [];
  for (let c = 0; c < BIG_DISCUSSION; c++, id++) {
    const parent = thread.length > 0 && rnd() < 0.35 ? thread[int(rnd, 0, thread.length - 1)]! : null;
    const depth = parent ? Math.min(parent.depth + 1, 5) : 1;
    const name = names[c % names.length]!;
    const text = commentText(rnd);
    rows.push({
      id,
      article_id: articleId,
      parent_id: parent?.id ?? null,
      depth,
      author_name: name,
      author_email: `${slugify(name)}-${c}@example.com`,
      author_url: null,
      body_source: text,
      body_html: renderCommentBody(text),
      status: 'approved',
      created_at: new Date(publishedAt.getTime() + (c + 1) * stepMs).toISOString(),
      client_address_hash: hashClientAddress(salt, `10.9.${c >> 8}.${c & 255}`),
      user_agent: 'Mozilla/5.0 (bench)',
    });
    thread.push({ id, depth });
  }
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 500)
      await trx
        .insertInto('comments')
        .values(rows.slice(i, i + 500))
        .execute();
    await trx.updateTable('articles').set({ comment_count: BIG_DISCUSSION }).where('id', '=', articleId).execute();
  });
}
