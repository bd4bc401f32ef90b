import { sql, type Insertable } from 'kysely';
import type { Runtime } from '../src/cli/runtime.ts';
import { publishArticle } from '../src/domain/articles/articles.ts';
import { createStaffUserFromConsole } from '../src/domain/people/accounts.ts';
import { findOrCreateAuthor } from '../src/domain/people/authors.ts';
import { hashClientAddress } from '../src/domain/comments/comments.ts';
import { renderArticleBody, renderCommentBody } from '../src/domain/shared/markdown.ts';
import type { CommentStatus } from '../src/domain/shared/model.ts';
import { signIn } from '../src/domain/people/sessions.ts';
import { slugify } from '../src/domain/shared/slug.ts';
import { findOrCreateTag } from '../src/domain/tags/tags.ts';
import type { Database } from '../src/db/schema.ts';
import { SESSION_COOKIE } from '../src/http/admin/session.ts';
import { articleBody, commentText, headline, int, personNames, pick, SECTIONS, seededRandom, standfirst, tagNames } from './text.ts';

export const SHAPE = {
  articles: 20_000,
  viaDomain: 200,
  authors: 40,
  tags: 300,
  commentedArticles: 2_000,
  /** Per commented article, uniformly: 5 on average. */
  commentsPerArticle: [2, 8] as const,
  replyShare: 0.35,
  /** Comments still waiting for a moderator, and caught as spam; the rest are approved. */
  pendingShare: 0.05,
  spamShare: 0.001,
  years: 3,
  transactionRows: 2_000,
};

type Insert<T extends keyof Database> = Insertable<Database[T]>;

const YEAR_MS = 365 * 24 * 3_600_000;

/** Fills an empty runtime with the benchmark publication; returns phase timings in ms. */
export async function generatePublication(runtime: Runtime, now: Date, seed = 20_251_125): Promise<Record<string, number>> {
  const rnd = seededRandom(seed);
  const { db, deps } = runtime;
  const timings: Record<string, number> = {};
  const time = async (name: string, work: () => Promise<void>) => {
    const start = performance.now();
    await work();
    timings[name] = Math.round(performance.now() - start);
  };

  // Bylines and tags through the domain, the way an editor's first articles would create them.
  const authorNames = personNames(rnd, SHAPE.authors);
  const otherTags = tagNames(rnd, SHAPE.tags - SECTIONS.length).filter((name) => !SECTIONS.includes(name));
  await time('authorsAndTags', () =>
    deps.store.transaction(async (store) => {
      for (const name of authorNames) await findOrCreateAuthor(store, name, `${name} reports for the newsroom.`);
      for (const name of SECTIONS) await findOrCreateTag(store, name, { isSection: true, description: `${name} from the harbour city.` });
      for (const name of otherTags) await findOrCreateTag(store, name);
    }),
  );
  const authors = await db.selectFrom('authors').select(['id', 'name']).execute();
  const tags = await db.selectFrom('tags').select(['id', 'name', 'is_section']).orderBy('id').execute();
  const sections = tags.filter((t) => t.is_section === 1);
  const topics = tags.filter((t) => t.is_section === 0);
  // A few new tags on a handful of stories each, as a newsroom always has.
  const rareTopics = topics.splice(-10);
  // Zipf-like popularity: a few topics appear everywhere, most only now and then.
  const weights = topics.map((_, i) => 1 / (i + 1));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const pickTopic = () => {
    let r = rnd() * totalWeight;
    for (let i = 0; i < topics.length; i++) if ((r -= weights[i]!) <= 0) return topics[i]!;
    return topics[topics.length - 1]!;
  };
  const articleTags = () => {
    const chosen = new Set([pick(rnd, sections)]);
    const want = int(rnd, 3, 6);
    while (chosen.size < want) chosen.add(pickTopic());
    return [...chosen];
  };
  const publishedAt = () => new Date(now.getTime() - 60_000 - Math.floor(rnd() * SHAPE.years * YEAR_MS));

  await time('articlesViaDomain', async () => {
    for (let i = 0; i < SHAPE.viaDomain; i++) {
      const title = headline(rnd);
      await publishArticle(deps, {
        headline: title,
        standfirst: standfirst(rnd),
        body: articleBody(rnd),
        tags: articleTags().map((t) => t.name),
        author: pick(rnd, authors).name,
        slug: `${slugify(title, 60)}-${i + 1}`,
        date: publishedAt(),
        status: 'published',
      });
    }
  });

  await time('articlesBulk', async () => {
    const { maxId } = await db
      .selectFrom('articles')
      .select((eb) => eb.fn.max('id').as('maxId'))
      .executeTakeFirstOrThrow();
    let nextId = Number(maxId ?? 0) + 1;
    for (let done = SHAPE.viaDomain; done < SHAPE.articles;) {
      const batch = Math.min(SHAPE.transactionRows, SHAPE.articles - done);
      const rows: Insert<'articles'>[] = [];
      const links: Insert<'article_tags'>[] = [];
      for (let i = 0; i < batch; i++, nextId++) {
        const title = headline(rnd);
        const body = articleBody(rnd);
        const at = publishedAt().toISOString();
        rows.push({
          id: nextId,
          slug: `${slugify(title, 60)}-${done + i + 1}`,
          headline: title,
          standfirst: standfirst(rnd),
          body_source: body,
          body_html: renderArticleBody(body),
          status: 'published',
          published_at: at,
          created_at: at,
          updated_at: at,
          author_id: pick(rnd, authors).id,
        });
        articleTags().forEach((tag, position) => links.push({ article_id: nextId, tag_id: tag.id, position, listed_at: at }));
      }
      await db.transaction().execute(async (trx) => {
        for (const chunk of chunks(rows, 400)) await trx.insertInto('articles').values(chunk).execute();
        for (const chunk of chunks(links, 2_000)) await trx.insertInto('article_tags').values(chunk).execute();
      });
      done += batch;
    }
    const rareLinks = rareTopics.flatMap((tag, k) =>
      [...new Set(Array.from({ length: k + 1 }, () => int(rnd, 1, nextId - 1)))].map((articleId) => ({
        article_id: articleId,
        tag_id: tag.id,
        position: 6,
      })),
    );
    await db.insertInto('article_tags').values(rareLinks).execute();
    // The rare links point at articles picked at random: copy each one's publication time over.
    await db
      .updateTable('article_tags')
      .set((eb) => ({
        listed_at: eb.selectFrom('articles').select('published_at').whereRef('articles.id', '=', 'article_tags.article_id'),
      }))
      .where('listed_at', 'is', null)
      .execute();
  });

  await time('comments', async () => {
    const salt = await deps.store.settings.getOrInsert('client_address_salt', 'bench');
    const commenters = personNames(rnd, 400);
    const statusOfNext = (): CommentStatus => {
      const r = rnd();
      return r < SHAPE.pendingShare ? 'pending' : r < SHAPE.pendingShare + SHAPE.spamShare ? 'spam' : 'approved';
    };
    const articles = await db.selectFrom('articles').select(['id', 'published_at']).orderBy('id').execute();
    // Every tenth article, so recent and old stories alike have discussions.
    const step = Math.floor(articles.length / SHAPE.commentedArticles);
    let id = 1;
    let rows: Insert<'comments'>[] = [];
    const flush = async () => {
      const batch = rows;
      rows = [];
      await db.transaction().execute(async (trx) => {
        for (const chunk of chunks(batch, 500)) await trx.insertInto('comments').values(chunk).execute();
      });
    };
    for (let a = 0; a < SHAPE.commentedArticles; a++) {
      const article = articles[a * step]!;
      const thread: Array<{ id: number; depth: number }> = [];
      let at = new Date(article.published_at!).getTime();
      const count = int(rnd, ...SHAPE.commentsPerArticle);
      for (let c = 0; c < count; c++, id++) {
        at += int(rnd, 1, 240) * 60_000;
        const parent = thread.length > 0 && rnd() < SHAPE.replyShare ? pick(rnd, thread) : null;
        const depth = parent ? Math.min(parent.depth + 1, 5) : 1;
        const name = pick(rnd, commenters);
        const text = commentText(rnd);
        const status = statusOfNext();
        rows.push({
          id,
          article_id: article.id,
          parent_id: parent?.id ?? null,
          depth,
          author_name: name,
          author_email: `${slugify(name)}@example.com`,
          author_url: rnd() < 0.2 ? `https://example.net/${slugify(name)}` : null,
          body_source: text,
          body_html: renderCommentBody(text),
          status,
          created_at: new Date(Math.min(at, now.getTime() - 1_000)).toISOString(),
          client_address_hash: hashClientAddress(salt, `10.0.${int(rnd, 0, 255)}.${int(rnd, 1, 254)}`),
          user_agent: 'Mozilla/5.0 (bench)',
        });
        // Readers only see, and so only answer, approved comments.
        if (status === 'approved') thread.push({ id, depth });
      }
      if (rows.length >= SHAPE.transactionRows) await flush();
    }
    if (rows.length > 0) await flush();
    await sql`update articles set comment_count =
      (select count(*) from comments where comments.article_id = articles.id and comments.status = 'approved')
      where id in (select article_id from comments)`.execute(db);
  });
  return timings;
}

/** The newsroom's administrator; the bench signs in as them to load the admin pages. */
const ADMIN = { email: 'night.desk@example.com', displayName: 'Night Desk', password: 'bench-night-desk-password' };

/**
 * Creates the administrator and signs them in, as a browser would: the headers carry the session
 * cookie every newsroom request needs.
 */
export async function signInAdministrator(runtime: Runtime): Promise<Record<string, string>> {
  const { email, displayName, password } = ADMIN;
  await createStaffUserFromConsole(runtime.deps, { fields: { email, displayName, role: 'admin' }, password });
  const { sessionToken } = await signIn(runtime.deps, { email, password, clientAddress: '127.0.0.1', userAgent: 'autocannon (bench)' });
  return { cookie: `${SESSION_COOKIE}=${sessionToken}` };
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
