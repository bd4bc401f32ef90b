import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OUTBOX_RETRY } from '../src/domain/outbox/outbox.ts';
import { recordCdnPurging } from '../src/domain/site/cdn-purge.ts';
import { outboxHandlers } from '../src/outbox/handlers.ts';
import { createOutboxWorker, type OutboxWorker } from '../src/outbox/worker.ts';
import { startTestSite, type TestSite } from './support/app.ts';
import { FakeCdn } from './support/cdn-server.ts';
import { create } from './support/editor.ts';
import { buildArticle } from './support/factories.ts';
import { staffAgent } from './support/staff.ts';

let cdn: FakeCdn;
let site: TestSite;
let worker: OutboxWorker;

async function startSite(env: Record<string, string> = {}): Promise<void> {
  site = await startTestSite({
    env: { PURGE_URL: cdn.url, PURGE_HEADERS: 'Authorization: Bearer cdn-token; X-Zone: news', ...env },
  });
  // As `serve` does at start: the change log's trigger writes purge jobs from now on.
  await recordCdnPurging(site.runtime.deps, site.config.purge !== null);
  worker = createOutboxWorker({ deps: site.runtime.deps, handlers: outboxHandlers(site.config, site.runtime.deps), random: () => 0.5 });
}

/** Runs the worker as `serve` would, once the jobs written by the triggers (at the database's time) are due. */
async function runOutbox(): Promise<void> {
  site.clock.advance(1000);
  await worker.drain();
}

const purgeJobs = async () =>
  (await site.runtime.deps.store.outbox.list({ includeDone: true, limit: 100 })).filter((job) => job.kind === 'cdn.purge');

beforeEach(async () => {
  cdn = await new FakeCdn().start();
});
afterEach(async () => {
  await worker?.stop();
  await site?.close();
  await cdn.stop();
});

describe('CDN purge, when PURGE_URL is set', () => {
  it('sends an edit’s keys after the save has answered, as a Surrogate-Key header and a JSON body, with the configured headers', async () => {
    await startSite();
    const { agent } = await staffAgent(site, 'editor');
    const saved = await create(agent, { intent: 'publish', tags: 'Transport' });
    // The save answered without waiting for the CDN: nothing has been sent yet, the job waits in the outbox.
    expect(saved.statusCode).toBe(303);
    expect(cdn.requests).toEqual([]);
    expect(await purgeJobs()).toHaveLength(1);

    await runOutbox();
    expect(cdn.requests).toHaveLength(1);
    const [request] = cdn.requests;
    expect(request!.method).toBe('POST');
    expect(request!.headers.authorization).toBe('Bearer cdn-token');
    expect(request!.headers['x-zone']).toBe('news');
    expect(request!.headers['content-type']).toBe('application/json');
    const id = Number(/\/admin\/articles\/(\d+)/.exec(saved.headers.location as string)![1]);
    expect(request!.surrogateKeys).toEqual(expect.arrayContaining([`a:${id}`, 'articles']));
    expect(request!.tags).toEqual(request!.surrogateKeys);
    expect((await purgeJobs())[0]!.doneAt).not.toBeNull();
  });

  it('retries a failed purge until the CDN answers', async () => {
    await startSite();
    const article = await buildArticle(site.runtime.deps);
    cdn.down = true;
    await runOutbox();
    const [failed] = await purgeJobs();
    expect(failed).toMatchObject({ attempts: 1, doneAt: null, lastError: expect.stringContaining('HTTP 503') });
    expect(cdn.requests).toEqual([]);

    cdn.down = false;
    site.clock.advance(OUTBOX_RETRY.baseMs);
    await worker.drain();
    expect(cdn.purgedKeys()).toContain(`a:${article.id}`);
    expect((await purgeJobs())[0]!.doneAt).not.toBeNull();
  });

  it('gathers the changes made before the worker runs into one job, and starts another once it has been taken', async () => {
    await startSite();
    const first = await buildArticle(site.runtime.deps);
    const second = await buildArticle(site.runtime.deps);
    expect(await purgeJobs()).toHaveLength(1);
    await runOutbox();
    expect(cdn.requests).toHaveLength(1);
    expect([...cdn.purgedKeys()]).toEqual(expect.arrayContaining([`a:${first.id}`, `a:${second.id}`]));

    const third = await buildArticle(site.runtime.deps);
    expect(await purgeJobs()).toHaveLength(2);
    await runOutbox();
    expect(cdn.requests.at(-1)!.surrogateKeys).toContain(`a:${third.id}`);
    expect(cdn.requests.at(-1)!.surrogateKeys).not.toContain(`a:${first.id}`);
  });

  it('sends PURGE_BATCH keys a request, with the PURGE_METHOD', async () => {
    await startSite({ PURGE_BATCH: '2', PURGE_METHOD: 'purge' });
    await buildArticle(site.runtime.deps);
    await runOutbox();
    expect(await purgeJobs()).toHaveLength(1);
    expect(cdn.requests.length).toBeGreaterThan(1);
    for (const request of cdn.requests) {
      expect(request.method).toBe('PURGE');
      expect(request.surrogateKeys.length).toBeLessThanOrEqual(2);
    }
  });

  it('purges everything (the key every page carries) instead of a job of more than 500 keys, or once the settings changed', async () => {
    await startSite();
    const authors = site.runtime.db.insertInto('authors');
    for (let i = 0; i < 600; i++) {
      await authors
        .values({ slug: `writer-${i}`, name: `Writer ${i}`, name_key: `writer ${i}`, bio: '', created_at: new Date().toISOString() })
        .execute();
    }
    await runOutbox();
    expect(cdn.purgedKeys()).toEqual(new Set(['site']));

    await buildArticle(site.runtime.deps);
    await site.runtime.db.insertInto('settings').values({ key: 'site.title', value: 'The Evening Ledger' }).execute();
    await buildArticle(site.runtime.deps);
    await runOutbox();
    expect(cdn.requests.at(-1)!.surrogateKeys).toEqual(['site']);
  });
});

describe('CDN purge, when it is not configured', () => {
  it('writes no purge job', async () => {
    site = await startTestSite();
    await recordCdnPurging(site.runtime.deps, site.config.purge !== null);
    worker = createOutboxWorker({ deps: site.runtime.deps, handlers: outboxHandlers(site.config, site.runtime.deps) });
    await buildArticle(site.runtime.deps);
    expect(await purgeJobs()).toEqual([]);
  });
});
