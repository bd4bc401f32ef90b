import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AKISMET_ADDRESS_KEEP_DAYS } from '../src/domain/comments/akismet.ts';
import { moderateComments } from '../src/domain/comments/moderation.ts';
import { OUTBOX_RETRY } from '../src/domain/outbox/outbox.ts';
import { consoleOperator } from '../src/domain/shared/policy.ts';
import { akismetClient } from '../src/outbox/akismet.ts';
import { outboxHandlers, outboxPrune } from '../src/outbox/handlers.ts';
import { createOutboxWorker, type OutboxWorker } from '../src/outbox/worker.ts';
import { FakeAkismet } from './support/akismet-server.ts';
import { startTestSite, type TestSite } from './support/app.ts';
import { runCli } from './support/cli.ts';
import { postCommentForm } from './support/comment-form.ts';
import { buildArticle } from './support/factories.ts';
import { staffAgent } from './support/staff.ts';

let akismet: FakeAkismet;
let site: TestSite;
let worker: OutboxWorker;

beforeEach(async () => {
  akismet = await new FakeAkismet().start();
  site = await startTestSite({ env: { AKISMET_KEY: akismet.key, AKISMET_URL: akismet.url } });
  worker = createOutboxWorker({
    deps: site.runtime.deps,
    handlers: outboxHandlers(site.config, site.runtime.deps),
    prune: outboxPrune(site.runtime.deps),
    random: () => 0.5,
  });
  await buildArticle(site.runtime.deps, { headline: 'Harbour tunnel tolls', slug: 'tunnel-tolls' });
});
afterEach(async () => {
  await worker.stop();
  await site.close();
  await akismet.stop();
});

let posted = 0;
/** Posts the comment form as a reader at a fresh address; resolves to the stored comment's id. */
async function postComment(comment: string, email = `reader${++posted}@example.com`): Promise<number> {
  const res = await postCommentForm(
    site,
    'tunnel-tolls',
    { comment, author: 'Ada Reader', email, url: '', fax: '' },
    { ip: lastAddress(), headers: { 'user-agent': 'Mozilla/5.0 (Akismet test)' } },
  );
  expect(res.statusCode).toBe(303);
  const [latest] = await site.runtime.deps.store.comments.list({ limit: 1 });
  return latest!.id;
}
/** The address of the latest reader postComment posted as. */
function lastAddress(): string {
  return `203.0.113.${posted % 250}`;
}
const comment = async (id: number) => (await site.runtime.deps.store.comments.findById(id))!;
const outbox = () => site.runtime.deps.store.outbox;
/** The readers' raw addresses Broadsheet still keeps for Akismet's corrections. */
const keptAddresses = (...ids: number[]) => site.runtime.deps.store.comments.akismetUserIps(ids);
const DAY_MS = 86_400_000;

describe('Akismet, when AKISMET_KEY is set', () => {
  it('checks a reader’s comment with the address and user agent, moves spam to the spam folder, and shows the verdict to moderators', async () => {
    const id = await postComment('Cheap viagra at my-pharmacy.example');
    expect((await comment(id)).status).toBe('pending');
    await worker.drain();

    const [check] = akismet.callsTo('comment-check');
    expect(check!.fields).toMatchObject({
      api_key: akismet.key,
      blog: 'http://news.test',
      user_ip: lastAddress(),
      user_agent: 'Mozilla/5.0 (Akismet test)',
      permalink: 'http://news.test/articles/tunnel-tolls',
      comment_type: 'comment',
      comment_author: 'Ada Reader',
      comment_content: 'Cheap viagra at my-pharmacy.example',
    });
    expect(await comment(id)).toMatchObject({ status: 'spam', akismetVerdict: 'spam' });

    const { agent } = await staffAgent(site, 'editor');
    const queue = (await agent.get('/admin/comments?status=spam')).body;
    expect(queue).toMatch(new RegExp(`id="comment-${id}"[\\s\\S]*Akismet: spam`));
  });

  it('empties the job’s payload, with the reader’s address in it, once the check is done', async () => {
    await postComment('The tolls should be lower at night.');
    const [waiting] = await outbox().list({ includeDone: true, limit: 10 });
    expect(waiting!.payload).toMatchObject({ userIp: expect.stringMatching(/^203\.0\.113\./) as string });
    await worker.drain();
    const [done] = await outbox().list({ includeDone: true, limit: 10 });
    expect(done!.kind).toBe('akismet.check');
    expect(done!.payload).toEqual({});
    expect(done!.doneAt).not.toBeNull();
  });

  it('takes a published comment that Akismet calls spam off the page and out of the article’s count', async () => {
    const first = await postComment('Night tolls would help shift workers.', 'known@example.com');
    await moderateComments(site.runtime.deps, { actor: consoleOperator, ids: [first], action: 'approve' });
    const id = await postComment('Buy viagra here', 'known@example.com');
    expect((await comment(id)).status).toBe('approved');
    expect((await site.runtime.deps.store.articles.findBySlug('tunnel-tolls'))!.commentCount).toBe(2);

    await worker.drain();
    expect((await comment(id)).status).toBe('spam');
    expect((await site.runtime.deps.store.articles.findBySlug('tunnel-tolls'))!.commentCount).toBe(1);
    const page = (await site.app.inject({ method: 'GET', url: '/articles/tunnel-tolls' })).body;
    expect(page).not.toContain('Buy viagra here');
  });

  it('leaves a moderator’s decision standing when Akismet answers after it', async () => {
    const id = await postComment('Viagra is mentioned in my comment about pharmacy hours');
    await moderateComments(site.runtime.deps, { actor: consoleOperator, ids: [id], action: 'approve' });
    await worker.drain();
    expect(await comment(id)).toMatchObject({ status: 'approved', akismetVerdict: 'spam' });
  });

  it('tells Akismet where it was wrong, with the reader’s address, then erases the address it kept for that', async () => {
    const flagged = await postComment('Viagra jokes aside, the tolls are too high.');
    const flaggedAddress = lastAddress();
    const missed = await postComment('Visit my casino, it is great.');
    const missedAddress = lastAddress();
    await worker.drain();
    expect(await keptAddresses(flagged, missed)).toEqual(
      new Map([
        [flagged, flaggedAddress],
        [missed, missedAddress],
      ]),
    );

    await moderateComments(site.runtime.deps, { actor: consoleOperator, ids: [flagged], action: 'approve' });
    await moderateComments(site.runtime.deps, { actor: consoleOperator, ids: [missed], action: 'spam' });
    expect(await keptAddresses(flagged, missed)).toEqual(new Map());
    await worker.drain();

    expect(akismet.callsTo('submit-ham').map((call) => call.fields)).toEqual([
      expect.objectContaining({ comment_content: 'Viagra jokes aside, the tolls are too high.', user_ip: flaggedAddress }),
    ]);
    expect(akismet.callsTo('submit-spam').map((call) => call.fields)).toEqual([
      expect.objectContaining({ comment_content: 'Visit my casino, it is great.', user_ip: missedAddress }),
    ]);
    // Akismet accepted both: nothing is waiting for a retry or given up.
    expect(await outbox().countByState()).toEqual({ pending: 0, done: 4, dead: 0 });
  });

  it('erases the kept address at a moderator’s decision that Akismet agrees with, and sends no later correction without it', async () => {
    const id = await postComment('Night buses should run past the toll gates.');
    await worker.drain();
    await moderateComments(site.runtime.deps, { actor: consoleOperator, ids: [id], action: 'approve' });
    expect(await keptAddresses(id)).toEqual(new Map());

    // A change of mind cannot be sent: Akismet refuses a correction without the address.
    await moderateComments(site.runtime.deps, { actor: consoleOperator, ids: [id], action: 'spam' });
    await worker.drain();
    expect(akismet.callsTo('submit-spam')).toHaveLength(0);
    expect(await outbox().countByState()).toEqual({ pending: 0, done: 1, dead: 0 });
  });

  it(`erases the address of a comment nobody decided on after ${AKISMET_ADDRESS_KEEP_DAYS} days`, async () => {
    const id = await postComment('The toll booths are rarely staffed.');
    await worker.drain();
    site.clock.advance((AKISMET_ADDRESS_KEEP_DAYS - 1) * DAY_MS);
    await worker.drain();
    expect(await keptAddresses(id)).toEqual(new Map([[id, lastAddress()]]));

    site.clock.advance(2 * DAY_MS);
    await worker.drain();
    expect(await keptAddresses(id)).toEqual(new Map());
    await moderateComments(site.runtime.deps, { actor: consoleOperator, ids: [id], action: 'spam' });
    await worker.drain();
    expect(akismet.callsTo('submit-spam')).toHaveLength(0);
  });

  it('accepts comments while Akismet is down, retries the check later, and records it once Akismet is back', async () => {
    akismet.down = true;
    const id = await postComment('Cheap viagra while nobody is checking');
    await worker.drain();
    expect(await comment(id)).toMatchObject({ status: 'pending', akismetVerdict: null });
    const [job] = await outbox().list({ includeDone: false, limit: 10 });
    expect(job).toMatchObject({ attempts: 1, lastError: 'Akismet comment-check answered HTTP 503', deadAt: null });
    // Backoff: not due again at once, due after the first retry delay (jittered, at most baseMs).
    expect(job!.runAfter.getTime()).toBeGreaterThan(site.clock.now().getTime());

    akismet.down = false;
    await worker.drain();
    expect(akismet.callsTo('comment-check')).toHaveLength(0);
    site.clock.advance(OUTBOX_RETRY.baseMs);
    await worker.drain();
    expect(await comment(id)).toMatchObject({ status: 'spam', akismetVerdict: 'spam' });
  });

  it('gives a job up after its last attempt, lists it with its error, and runs it again on retry', async () => {
    akismet.down = true;
    const id = await postComment('Cheap viagra during a long outage');
    for (let attempt = 0; attempt < OUTBOX_RETRY.maxAttempts; attempt++) {
      await worker.drain();
      site.clock.advance(OUTBOX_RETRY.maxMs);
    }
    const [job] = await outbox().list({ includeDone: false, limit: 10 });
    expect(job!.deadAt).not.toBeNull();
    expect(job!.attempts).toBe(OUTBOX_RETRY.maxAttempts);

    const env = { AKISMET_KEY: akismet.key, AKISMET_URL: akismet.url, SITE_URL: 'http://news.test' };
    const listed = await runCli(site.dataDir, ['outbox'], env);
    expect(listed.stdout).toContain('Outbox: 0 waiting, 1 given up, 0 done.');
    expect(listed.stdout).toContain(`#${job!.id}  akismet.check  given up`);
    expect(listed.stdout).toContain('last error: Akismet comment-check answered HTTP 503');

    akismet.down = false;
    expect((await runCli(site.dataDir, ['outbox', 'retry', String(job!.id)], env)).code).toBe(0);
    await worker.drain();
    expect(await comment(id)).toMatchObject({ status: 'spam', akismetVerdict: 'spam' });
  });

  it('verifies the key', async () => {
    const client = (key: string) => akismetClient({ key, url: akismet.url, siteUrl: 'http://news.test' });
    expect(await client(akismet.key).verifyKey()).toBe(true);
    expect(await client('wrong-key').verifyKey()).toBe(false);
  });
});

describe('without AKISMET_KEY', () => {
  it('enqueues nothing, keeps no address, and leaves comments to the newsroom', async () => {
    const plain = await startTestSite();
    try {
      await buildArticle(plain.runtime.deps, { headline: 'Ferry fares', slug: 'ferry-fares' });
      const res = await postCommentForm(plain, 'ferry-fares', {
        comment: 'Cheap viagra',
        author: 'Ada',
        email: 'ada@example.com',
        url: '',
        fax: '',
      });
      expect(res.statusCode).toBe(303);
      expect(await plain.runtime.deps.store.outbox.countByState()).toEqual({ pending: 0, done: 0, dead: 0 });
      const [stored] = await plain.runtime.deps.store.comments.list({ limit: 1 });
      expect(await plain.runtime.deps.store.comments.akismetUserIps([stored!.id])).toEqual(new Map());
    } finally {
      await plain.close();
    }
  });
});
