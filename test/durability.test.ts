import { DEFAULT_SPAM_SETTINGS } from '../src/domain/comments/spam/settings.ts';
import type { ChildProcess } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../src/db/sqlite/connection.ts';
import { FakeAkismet } from './support/akismet-server.ts';
import { tempDataDir } from './support/app.ts';
import { runCli, startServer } from './support/cli.ts';

/**
 * The crash test of docs/durability.md: the real server process, written to at full speed by
 * several clients, killed with SIGKILL at random moments and restarted. Every write it acknowledged
 * must be there after each crash, the database must pass `PRAGMA integrity_check`, and every job
 * enqueued with an acknowledged comment (an Akismet check) must run after the restarts.
 */

const KILLS = 22;
const COMMENT_CLIENTS = 6;
const ARTICLE_CLIENTS = 2;
/**
 * How long a comment form is held between loading and sending it, for the spam defences' minimum
 * time (read from the real clock in a real server). Each client keeps loading forms meanwhile, so
 * the rate of posts does not depend on it.
 */
const FORM_MIN_AGE_MS = (DEFAULT_SPAM_SETTINGS.minSeconds + 1) * 1000;
const PASSWORD = 'durable harbour password 42';
const ADMIN = 'crash@newsroom.test';

let dataDir: string;
let akismet: FakeAkismet;
let server: { url: string; process: ChildProcess } | undefined;
let env: Record<string, string>;

beforeAll(async () => {
  dataDir = tempDataDir();
  akismet = await new FakeAkismet().start();
  // TRUST_PROXY=1 (one proxy hop, the test itself) lets each post come from its own address, so the
  // per-address limit does not refuse them; the test counts only what the server acknowledged.
  env = { TRUST_PROXY: '1', AKISMET_KEY: akismet.key, AKISMET_URL: akismet.url };
  const created = await runCli(dataDir, [
    'users',
    'create',
    '--role',
    'admin',
    '--email',
    ADMIN,
    '--name',
    'Crash Tester',
    '--password',
    PASSWORD,
  ]);
  expect(created.code).toBe(0);
});
afterAll(async () => {
  server?.process.kill('SIGKILL');
  await akismet.stop();
});

/** A client's cookies, as a browser keeps them. */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
  keep(response: Response): void {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, ...value] = pair!.split('=');
      this.cookies.set(name!.trim(), value.join('='));
    }
  }
}

const decode = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** Every hidden input of the comment form, as a browser would send them back. */
function hiddenInputs(html: string): Record<string, string> {
  const formHtml = /<form id="commentform"[\s\S]*?<\/form>/.exec(html)?.[0] ?? '';
  const fields: Record<string, string> = {};
  for (const input of formHtml.match(/<input[^>]*>/g) ?? []) {
    if (!/type="hidden"/.test(input)) continue;
    const name = /name="([^"]*)"/.exec(input)?.[1];
    if (name) fields[name] = decode(/value="([^"]*)"/.exec(input)?.[1] ?? '');
  }
  return fields;
}

const url = (path: string) => `${server!.url}${path}`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Acknowledged {
  readonly comments: Set<string>;
  readonly articles: Map<number, string>;
}

/** Posts comments until `running()` is false; records each body the server answered 303 for. */
async function commentClient(client: number, slugs: readonly string[], running: () => boolean, acknowledged: Acknowledged): Promise<void> {
  const forms: { slug: string; fields: Record<string, string>; loadedAt: number; jar: CookieJar }[] = [];
  for (let n = 0; running(); n++) {
    try {
      const slug = slugs[n % slugs.length]!;
      const jar = new CookieJar();
      const page = await fetch(url(`/articles/${slug}`));
      jar.keep(page);
      forms.push({ slug, fields: hiddenInputs(await page.text()), loadedAt: Date.now(), jar });
      if (Date.now() - forms[0]!.loadedAt < FORM_MIN_AGE_MS) continue;
      const form = forms.shift()!;
      const body = `Crash test comment ${client}-${n}: the ferry timetable ${n % 7} needs a night service.`;
      const response = await fetch(url(`/articles/${form.slug}/comments`), {
        method: 'POST',
        redirect: 'manual',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: form.jar.header(),
          'x-forwarded-for': `198.51.${client}.${n % 250}`,
          'user-agent': `crash-client/${client}`,
        },
        body: new URLSearchParams({
          ...form.fields,
          comment: body,
          author: `Reader ${client}-${n}`,
          email: `reader-${client}-${n}@example.com`,
          url: '',
        }),
      });
      if (response.status === 303) acknowledged.comments.add(body);
      await response.arrayBuffer();
    } catch {
      await pause(50); // the server is down: try again once it is back
    }
  }
}

/** Signs in (again after a crash if need be) and saves new articles until `running()` is false. */
async function articleClient(client: number, running: () => boolean, acknowledged: Acknowledged): Promise<void> {
  const jar = new CookieJar();
  let csrf = '';
  let signedIn = false;
  const get = async (path: string) => {
    const response = await fetch(url(path), { headers: { cookie: jar.header() }, redirect: 'manual' });
    jar.keep(response);
    const html = await response.text();
    csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? csrf;
    return response;
  };
  const post = async (path: string, fields: Record<string, string>) => {
    const response = await fetch(url(path), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
      body: new URLSearchParams({ _csrf: csrf, ...fields }),
    });
    jar.keep(response);
    await response.arrayBuffer();
    return response;
  };
  for (let n = 0; running(); n++) {
    try {
      if (!signedIn) {
        await get('/admin/sign-in');
        signedIn = (await post('/admin/sign-in', { email: ADMIN, password: PASSWORD, next: '/admin' })).status === 303;
        continue;
      }
      if ((await get('/admin/articles/new')).status !== 200) {
        signedIn = false;
        continue;
      }
      const headline = `Crash test article ${client}-${n}`;
      const response = await post('/admin/articles', {
        headline,
        standfirst: 'Saved while the server was being killed.',
        slug: '',
        body: `Paragraph ${n}.\n\nAnother paragraph.`,
        tags: 'Durability',
        publishedAt: '',
        language: '',
        intent: 'draft',
      });
      const id = /^\/admin\/articles\/(\d+)$/.exec(response.headers.get('location') ?? '')?.[1];
      if (response.status === 303 && id) acknowledged.articles.set(Number(id), headline);
    } catch {
      await pause(50);
    }
  }
}

/** Opens the database as the server would after a crash, checks it, and lists what is in it. */
async function inspect(): Promise<{ integrity: string; comments: Set<string>; articles: Map<number, string> }> {
  const db = openSqlite(`${dataDir}/broadsheet.db`);
  try {
    const { rows } = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(db);
    const comments = await db.selectFrom('comments').select('body_source').where('body_source', 'like', 'Crash test comment %').execute();
    const articles = await db.selectFrom('articles').select(['id', 'headline']).where('headline', 'like', 'Crash test article %').execute();
    return {
      integrity: rows.map((row) => row.integrity_check).join('\n'),
      comments: new Set(comments.map((row) => row.body_source)),
      articles: new Map(articles.map((row) => [row.id, row.headline])),
    };
  } finally {
    await db.destroy();
  }
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('durability', () => {
  it(`keeps every acknowledged comment and article, and the outbox's jobs, through ${KILLS} SIGKILLs`, { timeout: 480_000 }, async () => {
    server = await startServer(dataDir, env);
    const home = await (await fetch(url('/'))).text();
    const slugs = [...new Set([...home.matchAll(/href="\/articles\/([a-z0-9-]+)"/g)].map((m) => m[1]!))].slice(0, 5);
    expect(slugs.length).toBeGreaterThan(0);

    const acknowledged: Acknowledged = { comments: new Set(), articles: new Map() };
    let running = true;
    const clients = [
      ...Array.from({ length: COMMENT_CLIENTS }, (_, c) => commentClient(c, slugs, () => running, acknowledged)),
      ...Array.from({ length: ARTICLE_CLIENTS }, (_, c) => articleClient(c, () => running, acknowledged)),
    ];

    for (let kill_ = 0; kill_ < KILLS; kill_++) {
      await pause(500 + Math.random() * 2000);
      // Acknowledgements received up to the kill; one that arrives after it was still acknowledged before.
      await kill(server.process);
      const seen = { comments: new Set(acknowledged.comments), articles: new Map(acknowledged.articles) };
      const stored = await inspect();
      expect(stored.integrity).toBe('ok');
      expect([...seen.comments].filter((body) => !stored.comments.has(body))).toEqual([]);
      expect([...seen.articles].filter(([id, headline]) => stored.articles.get(id) !== headline)).toEqual([]);
      server = await startServer(dataDir, env);
    }
    running = false;
    await Promise.all(clients);

    const final = await inspect();
    expect(final.integrity).toBe('ok');
    expect([...acknowledged.comments].filter((body) => !final.comments.has(body))).toEqual([]);
    expect([...acknowledged.articles].filter(([id, headline]) => final.articles.get(id) !== headline)).toEqual([]);
    // Enough writes got through for the test to mean something.
    expect(acknowledged.comments.size).toBeGreaterThan(100);
    expect(acknowledged.articles.size).toBeGreaterThan(20);

    // Every acknowledged comment's Akismet check was enqueued with it and runs after the crashes:
    // a job claimed by a killed server is taken over once its claim (a minute) lapses.
    const checked = () => new Set(akismet.callsTo('comment-check').map((call) => call.fields.comment_content));
    const deadline = Date.now() + 90_000;
    while ([...acknowledged.comments].some((body) => !checked().has(body)) && Date.now() < deadline) await pause(500);
    expect([...acknowledged.comments].filter((body) => !checked().has(body))).toEqual([]);
    console.log(
      `durability: ${KILLS} SIGKILLs, ${acknowledged.comments.size} comments and ${acknowledged.articles.size} articles acknowledged, all present; ${checked().size} Akismet checks run`,
    );
  });
});
