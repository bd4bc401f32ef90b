/**
 * The operator's endpoints as a load balancer, Prometheus and whoever reads the logs see them:
 * /healthz, /readyz (the database and its migrations), /metrics (closed unless an address range
 * or a token opens it) and the request id on every answer and log line.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { LogLines, startTestSite, type TestSite } from './support/app.ts';
import { buildArticle } from './support/factories.ts';
import { postCommentForm } from './support/comment-form.ts';

let site: TestSite;
afterEach(async () => site.close());

const TOKEN = 'f3b1c9a2d4e5f60718293a4b5c6d7e8f';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The value of one series in a Prometheus text scrape, or undefined when the scrape has none. */
function seriesValue(scrape: string, series: string): number | undefined {
  const line = scrape.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function scrape(): Promise<string> {
  const res = await site.app.inject({ url: '/metrics', headers: bearer(TOKEN) });
  expect(res.statusCode).toBe(200);
  return res.body;
}

describe('/healthz and /readyz', () => {
  it('says the process is up, as plain text no cache may keep, and never from the page cache', async () => {
    site = await startTestSite({ env: { METRICS_TOKEN: TOKEN } });
    const hitsBefore = seriesValue(await scrape(), 'broadsheet_page_cache_hits_total');
    for (let i = 0; i < 2; i++) {
      const res = await site.app.inject({ url: '/healthz' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe('ok');
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers['x-cache']).toBeUndefined();
      expect((await site.app.inject({ url: '/readyz' })).headers['x-cache']).toBeUndefined();
    }
    const after = await scrape();
    expect(seriesValue(after, 'broadsheet_page_cache_hits_total')).toBe(hitsBefore);
    expect(seriesValue(after, 'broadsheet_page_cache_bytes')).toBe(0);
  });

  it('is ready when the database answers and every migration is applied', async () => {
    site = await startTestSite();
    const res = await site.app.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok' } });
  });

  it('is not ready, naming the check, when the database is behind the code by two migrations', async () => {
    site = await startTestSite();
    // As a database restored from before an upgrade looks to the new code until `broadsheet migrate` runs.
    await sql`delete from kysely_migration where name in (select name from kysely_migration order by name desc limit 2)`.execute(
      site.runtime.db,
    );
    const res = await site.app.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'not ready', checks: { database: 'ok', migrations: '2 pending' } });
  });

  it('is not ready when the database cannot be read, and the failure of a page is logged under its request id', async () => {
    const log = new LogLines();
    site = await startTestSite({ log });
    await site.runtime.db.destroy();
    const ready = await site.app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    const body = ready.json<{ status: string; checks: Record<string, string> }>();
    expect(body.status).toBe('not ready');
    expect(body.checks.database).not.toBe('ok');
    expect(body.checks.database).toMatch(/destroyed/);

    const page = await site.app.inject({ url: '/tag/harbour', headers: { 'x-request-id': 'edge-7f3a' } });
    expect(page.statusCode).toBe(500);
    expect(page.headers['x-request-id']).toBe('edge-7f3a');
    const failure = log.lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.msg === 'request failed');
    expect(failure).toMatchObject({ reqId: 'edge-7f3a', level: 50 });
  });

  it('answers 503 while the app closes, so a load balancer stops sending it traffic', async () => {
    site = await startTestSite();
    const closing = site.app.close();
    const res = await site.app.inject({ url: '/readyz' });
    await closing;
    // Fastify's own answer to a request that arrives while it closes, or the route's (status
    // "shutting down") for a check that was already under way: a 503 either way.
    expect(res.statusCode).toBe(503);
  });
});

describe('/metrics access', () => {
  const notFound = async (headers: Record<string, string> = {}, remoteAddress = '198.51.100.20') => {
    const res = await site.app.inject({ url: '/metrics', headers, remoteAddress });
    const nothingThere = await site.app.inject({ url: '/nothing-here', headers, remoteAddress });
    expect(res.statusCode).toBe(404);
    // Exactly what an address with nothing at it gets: the endpoint cannot be found by asking.
    expect(res.headers['content-type']).toBe(nothingThere.headers['content-type']);
    expect(res.headers['cache-control']).toBe(nothingThere.headers['cache-control']);
    expect(res.body).not.toContain('broadsheet_');
  };

  it('is closed to everyone by default, even from the server itself', async () => {
    site = await startTestSite();
    await notFound({}, '127.0.0.1');
    await notFound(bearer(TOKEN), '127.0.0.1');
  });

  it('opens to the bearer token, and to nothing else', async () => {
    site = await startTestSite({ env: { METRICS_TOKEN: TOKEN } });
    const res = await site.app.inject({ url: '/metrics', headers: bearer(TOKEN) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('# TYPE broadsheet_http_request_duration_seconds histogram');
    expect(res.body).toContain('broadsheet_process_cpu_seconds_total');
    await notFound();
    await notFound(bearer(`${TOKEN.slice(0, -1)}0`));
    await notFound(bearer(TOKEN.slice(0, 16)));
    await notFound({ authorization: `Basic ${TOKEN}` });
  });

  it('opens to the address ranges allowed, IPv4 and IPv6, and to no address outside them', async () => {
    site = await startTestSite({ env: { METRICS_ALLOW: '10.0.0.0/8,fd00::/8,192.0.2.7' } });
    for (const inside of ['10.20.30.40', 'fd00::9', '192.0.2.7', '::ffff:10.1.1.1']) {
      const res = await site.app.inject({ url: '/metrics', remoteAddress: inside });
      expect(res.statusCode, inside).toBe(200);
    }
    for (const outside of ['11.0.0.1', '192.0.2.8', 'fe80::1', '127.0.0.1']) await notFound({}, outside);
  });

  it('behind a trusted proxy, goes by the client the proxy saw, not by the proxy nor what the client wrote', async () => {
    site = await startTestSite({ env: { TRUST_PROXY: '1', METRICS_ALLOW: '10.0.0.0/8' } });
    const viaProxy = (forwardedFor: string) =>
      site.app.inject({ url: '/metrics', remoteAddress: '10.0.0.1', headers: { 'x-forwarded-for': forwardedFor } });
    expect((await viaProxy('10.9.8.7')).statusCode).toBe(200);
    // The proxy itself is in the range; the reader it speaks for is not.
    expect((await viaProxy('203.0.113.5')).statusCode).toBe(404);
    expect((await viaProxy('10.9.8.7, 203.0.113.5')).statusCode).toBe(404);
  });
});

describe('/metrics content', () => {
  it('times an article page under its route pattern, and counts the page cache hit of a repeat request', async () => {
    site = await startTestSite({ env: { METRICS_TOKEN: TOKEN } });
    await buildArticle(site.runtime.deps, { headline: 'Harbour tunnel tolls', slug: 'tunnel-tolls' });
    const before = await scrape();
    const hitsBefore = seriesValue(before, 'broadsheet_page_cache_hits_total')!;
    const missesBefore = seriesValue(before, 'broadsheet_page_cache_misses_total')!;

    expect((await site.app.inject({ url: '/articles/tunnel-tolls' })).headers['x-cache']).toBe('MISS');
    const after = await scrape();
    const series = 'broadsheet_http_request_duration_seconds_count{method="GET",route="/articles/:slug",status_class="2xx"}';
    expect(seriesValue(after, series)).toBe(1);
    expect(after).not.toContain('route="/articles/tunnel-tolls"');
    expect(seriesValue(after, 'broadsheet_page_cache_misses_total')).toBe(missesBefore + 1);
    expect(seriesValue(after, 'broadsheet_page_cache_hits_total')).toBe(hitsBefore);

    expect((await site.app.inject({ url: '/articles/tunnel-tolls' })).headers['x-cache']).toBe('HIT');
    const repeated = await scrape();
    expect(seriesValue(repeated, 'broadsheet_page_cache_hits_total')).toBe(hitsBefore + 1);
    expect(seriesValue(repeated, 'broadsheet_page_cache_misses_total')).toBe(missesBefore + 1);

    await site.app.inject({ url: '/no/such/page' });
    expect(
      seriesValue(await scrape(), 'broadsheet_http_request_duration_seconds_count{method="GET",route="unmatched",status_class="4xx"}'),
    ).toBe(1);
  });

  it('shows a comment awaiting moderation and the Akismet check it left in the outbox', async () => {
    // No worker runs beside the test app: the check waits in the outbox, due.
    site = await startTestSite({ env: { METRICS_TOKEN: TOKEN, AKISMET_KEY: 'akismet-key', AKISMET_URL: 'http://127.0.0.1:9' } });
    await buildArticle(site.runtime.deps, { headline: 'Harbour tunnel tolls', slug: 'tunnel-tolls' });
    const before = await scrape();
    expect(seriesValue(before, 'broadsheet_comments_awaiting_moderation')).toBe(0);
    expect(seriesValue(before, 'broadsheet_outbox_jobs{state="due"}')).toBe(0);

    const res = await postCommentForm(site, 'tunnel-tolls', {
      comment: 'Tolls should fall at night.',
      author: 'Ada Reader',
      email: 'ada@example.com',
    });
    expect(res.statusCode).toBe(303);
    const after = await scrape();
    expect(seriesValue(after, 'broadsheet_comments_awaiting_moderation')).toBe(1);
    expect(seriesValue(after, 'broadsheet_outbox_jobs{state="due"}')).toBe(1);
    expect(seriesValue(after, 'broadsheet_outbox_jobs{state="scheduled"}')).toBe(0);
    expect(seriesValue(after, 'broadsheet_outbox_jobs{state="dead"}')).toBe(0);
    // SQLite has no pool: no pool gauge is invented.
    expect(after).not.toContain('pool');
  });
});

describe('request ids', () => {
  it("carries the proxy's X-Request-Id through the answer and every log line about the request", async () => {
    const log = new LogLines();
    site = await startTestSite({ log });
    const res = await site.app.inject({ url: '/', headers: { 'x-request-id': '4bf92f3577b34da6a3ce929d0e0e4736' } });
    expect(res.headers['x-request-id']).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    const lines = log.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line.reqId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
  });

  it('makes a new id when none came, or when what came is too long or could break a log line', async () => {
    const log = new LogLines();
    site = await startTestSite({ log });
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const ids = new Set<string>();
    for (const given of [undefined, 'a'.repeat(129), 'two words', 'quote"d', '']) {
      const res = await site.app.inject({ url: '/healthz', headers: given === undefined ? {} : { 'x-request-id': given } });
      const id = String(res.headers['x-request-id']);
      expect(id).toMatch(uuid);
      ids.add(id);
    }
    expect(ids.size).toBe(5);
    const logged = new Set(log.lines.map((line) => (JSON.parse(line) as { reqId: string }).reqId));
    expect(logged).toEqual(ids);
  });

  it('keeps a reset link out of the log line that carries the id', async () => {
    const log = new LogLines();
    site = await startTestSite({ log });
    await site.app.inject({ url: '/admin/reset/secret-token-123', headers: { 'x-request-id': 'edge-1' } });
    expect(log.text).toContain('"reqId":"edge-1"');
    expect(log.text).toContain('/admin/reset/[redacted]');
    expect(log.text).not.toContain('secret-token-123');
  });
});
