/**
 * The search part of `npm run bench` (`npm run bench -- --only search`): builds a publication of
 * 100,000 published articles, a tenth of them with Chinese text, indexes them as the bulk import
 * would (indexArticles inside each batch's transaction), then asks /search a few hundred times
 * per kind of query and reports p50/p95 against the 20 ms target.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Insertable } from 'kysely';
import Html from '@kitajs/html';
import { loadConfig } from '../src/config.ts';
import { openRuntime, type Runtime } from '../src/cli/runtime.ts';
import { indexArticles } from '../src/db/sqlite/search-index.ts';
import type { Database } from '../src/db/schema.ts';
import { findOrCreateAuthor } from '../src/domain/people/authors.ts';
import { slugify } from '../src/domain/shared/slug.ts';
import { findOrCreateTag } from '../src/domain/tags/tags.ts';
import { buildApp } from '../src/http/app.ts';
import { searchPath } from '../src/views/search.tsx';
import { headline, int, paragraph, personNames, pick, SECTIONS, seededRandom, standfirst, tagNames, type Random } from './text.ts';

export const SEARCH_SHAPE = {
  articles: 100_000,
  authors: 60,
  tags: 400,
  cjkShare: 0.1,
  years: 10,
  batch: 2_000,
  requests: 200,
  warmUp: 20,
};
/** The target for a search page's p95. */
export const SEARCH_P95_TARGET_MS = 20;

export interface SearchBenchResults {
  readonly shape: typeof SEARCH_SHAPE;
  readonly generationSeconds: number;
  readonly indexSeconds: number;
  readonly dbSizeMb: number;
  readonly queries: Array<{ name: string; path: string; results: string; p50: number; p95: number; p99: number }>;
}

// The benchmark's own Chinese sentences, recombined into paragraphs and headlines.
const ZH = [
  '粵港澳大灣區的跨境交通持續改善',
  '政府宣布擴建海濱長廊',
  '居民關注屋邨重建計劃的進度',
  '颱風過後渡輪服務逐步恢復',
  '科學園今年新增多家創科企業',
  '大學生參與濕地保育計劃',
  '區議會討論舊區活化方案',
  '醫院試用新的診斷系統',
  '灣仔碼頭附近將興建新公園',
  '市民對公共房屋供應表示關注',
];

function chineseParagraph(rnd: Random): string {
  return Array.from({ length: int(rnd, 3, 7) }, () => pick(rnd, ZH)).join('，') + '。';
}

type Insert<T extends keyof Database> = Insertable<Database[T]>;

/** Runs the search part; its warnings are p95s over the target. */
export async function benchSearch(): Promise<{ results: SearchBenchResults; warnings: string[]; failures: string[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-bench-search-'));
  let runtime: Runtime | undefined;
  try {
    const config = loadConfig({ BROADSHEET_DATA: dir, BROADSHEET_DEMO: 'off' });
    runtime = await openRuntime(config);
    console.log(`Generating ${SEARCH_SHAPE.articles.toLocaleString('en')} articles for search in ${dir} …`);
    const started = performance.now();
    const { indexMs, popularTag } = await generate(runtime, new Date());
    const generationSeconds = Math.round(performance.now() - started) / 1000;
    const dbSizeMb = Math.round(fs.readdirSync(dir).reduce((sum, name) => sum + fs.statSync(path.join(dir, name)).size, 0) / 1e5) / 10;
    console.log(`  done in ${generationSeconds.toFixed(1)} s, of which indexing ${(indexMs / 1000).toFixed(1)} s; ${dbSizeMb} MB`);

    const app = await buildApp({ deps: runtime.deps, config });
    const author = await runtime.db.selectFrom('authors').select('slug').orderBy('id').executeTakeFirstOrThrow();
    const year = new Date().getUTCFullYear() - 2;
    const kinds: Array<{ name: string; form: Record<string, string>; page?: number }> = [
      { name: 'english', form: { q: 'harbour' } },
      { name: 'two-words', form: { q: 'ferry budget' } },
      { name: 'stemmed', form: { q: 'investors' } },
      { name: 'phrase', form: { q: '"housing plan"' } },
      { name: 'cjk-3', form: { q: '大灣區' } },
      { name: 'cjk-2', form: { q: '灣區' } },
      { name: 'mixed', form: { q: 'harbour 大灣區' } },
      { name: 'filtered', form: { q: 'tunnel', tag: popularTag, author: author.slug, from: `${year}-01-01`, to: `${year}-12-31` } },
      { name: 'page-2', form: { q: 'harbour' }, page: 2 },
      { name: 'no-match', form: { q: 'xylophone' } },
    ];
    const queries: SearchBenchResults['queries'] = [];
    for (const kind of kinds) {
      const url = searchPath(kind.form, kind.page);
      const times: number[] = [];
      let results = '';
      for (let i = 0; i < SEARCH_SHAPE.warmUp + SEARCH_SHAPE.requests; i++) {
        const start = performance.now();
        const res = await app.inject({ method: 'GET', url });
        const ms = performance.now() - start;
        if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}`);
        if (i >= SEARCH_SHAPE.warmUp) times.push(ms);
        results = /class="search-count" role="status"><span>([^<]*)</.exec(res.body)?.[1] ?? 'no results line';
      }
      times.sort((a, b) => a - b);
      const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(q * times.length))]! * 10) / 10;
      queries.push({ name: kind.name, path: url, results, p50: at(0.5), p95: at(0.95), p99: at(0.99) });
    }
    await app.close();

    console.log('\nSearch (sequential requests through the app)');
    console.log('query        p50 ms   p95 ms   p99 ms  results');
    for (const q of queries) {
      console.log(
        `${q.name.padEnd(12)} ${String(q.p50).padStart(6)} ${String(q.p95).padStart(8)} ${String(q.p99).padStart(8)}  ${q.results}`,
      );
    }
    const warnings = queries
      .filter((q) => q.p95 > SEARCH_P95_TARGET_MS)
      .map((q) => `search ${q.name} (${q.path}) p95 is ${q.p95} ms, over the ${SEARCH_P95_TARGET_MS} ms target`);
    const failures = queries
      .filter((q) => q.name !== 'no-match' && q.results.startsWith('0 '))
      .map((q) => `search ${q.name} found nothing`);
    return { results: { shape: SEARCH_SHAPE, generationSeconds, indexSeconds: indexMs / 1000, dbSizeMb, queries }, warnings, failures };
  } finally {
    await runtime?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Fills the runtime with the search publication; returns the time spent indexing and the busiest tag's slug. */
async function generate(runtime: Runtime, now: Date): Promise<{ indexMs: number; popularTag: string }> {
  const rnd = seededRandom(5_102_026);
  const { db, deps } = runtime;
  const authorNames = personNames(rnd, SEARCH_SHAPE.authors);
  const otherTags = tagNames(rnd, SEARCH_SHAPE.tags).filter((name) => !SECTIONS.includes(name));
  await deps.store.transaction(async (store) => {
    for (const name of authorNames) await findOrCreateAuthor(store, name);
    for (const name of SECTIONS) await findOrCreateTag(store, name, { isSection: true });
    for (const name of otherTags) await findOrCreateTag(store, name);
    for (const name of ['粵港澳大灣區', '香港特區']) await findOrCreateTag(store, name);
  });
  const authors = await db.selectFrom('authors').select('id').execute();
  const tags = await db.selectFrom('tags').select(['id', 'slug']).orderBy('id').execute();
  const weights = tags.map((_, i) => 1 / (i + 1));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const pickTag = () => {
    let r = rnd() * totalWeight;
    for (let i = 0; i < tags.length; i++) if ((r -= weights[i]!) <= 0) return tags[i]!;
    return tags.at(-1)!;
  };
  const span = SEARCH_SHAPE.years * 365 * 86_400_000;
  let indexMs = 0;
  let nextId = 1;
  for (let done = 0; done < SEARCH_SHAPE.articles; done += SEARCH_SHAPE.batch) {
    const rows: Insert<'articles'>[] = [];
    const links: Insert<'article_tags'>[] = [];
    for (let i = 0; i < SEARCH_SHAPE.batch; i++, nextId++) {
      const chinese = rnd() < SEARCH_SHAPE.cjkShare;
      const title = chinese && rnd() < 0.3 ? pick(rnd, ZH) : headline(rnd);
      const paragraphs = Array.from({ length: 8 }, () => paragraph(rnd, int(rnd, 70, 90)));
      if (chinese) paragraphs.splice(int(rnd, 0, 8), 0, chineseParagraph(rnd), chineseParagraph(rnd));
      const at = new Date(now.getTime() - 60_000 - Math.floor(rnd() * span)).toISOString();
      rows.push({
        id: nextId,
        slug: `${slugify(title, 50) || 'story'}-${nextId}`,
        headline: title,
        standfirst: standfirst(rnd),
        body_source: paragraphs.join('\n\n'),
        body_html: paragraphs.map((p) => `<p>${Html.escapeHtml(p)}</p>`).join('\n'),
        status: 'published',
        published_at: at,
        created_at: at,
        updated_at: at,
        author_id: pick(rnd, authors).id,
      });
      const chosen = new Set(Array.from({ length: int(rnd, 2, 5) }, pickTag));
      [...chosen].forEach((tag, position) => links.push({ article_id: nextId, tag_id: tag.id, position, listed_at: at }));
    }
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 400)
        await trx
          .insertInto('articles')
          .values(rows.slice(i, i + 400))
          .execute();
      for (let i = 0; i < links.length; i += 2_000)
        await trx
          .insertInto('article_tags')
          .values(links.slice(i, i + 2_000))
          .execute();
      const start = performance.now();
      await indexArticles(
        trx,
        rows.map((row) => row.id!),
      );
      indexMs += performance.now() - start;
    });
  }
  await sql`PRAGMA optimize`.execute(db);
  const popular = await db
    .selectFrom('article_tags')
    .select(['tag_id', sql<number>`count(*)`.as('n')])
    .groupBy('tag_id')
    .orderBy('n', 'desc')
    .executeTakeFirstOrThrow();
  return { indexMs, popularTag: tags.find((tag) => tag.id === popular.tag_id)!.slug };
}
