import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { moderateComments } from '../src/domain/comments/moderation.ts';
import { consoleOperator } from '../src/domain/shared/policy.ts';
import { startTestSite, type TestSite } from './support/app.ts';
import { hiddenCommentInputs, postCommentForm } from './support/comment-form.ts';
import { buildArticle, form } from './support/factories.ts';
import { staffAgent } from './support/staff.ts';

let site: TestSite;
beforeEach(async () => {
  site = await startTestSite();
  await buildArticle(site.runtime.deps, { headline: 'Harbour tunnel tolls', slug: 'tunnel-tolls' });
  await buildArticle(site.runtime.deps, { headline: 'Ferry fares frozen', slug: 'ferry-fares' });
});
afterEach(async () => site.close());

let n = 0;
/** A reader of their own (email, address, words), so no other defence gets in the way of the one under test. */
function reader(overrides: Record<string, string> = {}) {
  n++;
  return {
    comment: `Point number ${n}: the night toll should stay as it is.`,
    author: `Reader ${n}`,
    email: `reader${n}@example.com`,
    url: '',
    ...overrides,
  };
}
const ip = () => `198.51.100.${n % 250}`;
const post = (fields: Record<string, string>, options: { slug?: string; ip?: string; waitMs?: number } = {}) =>
  postCommentForm(site, options.slug ?? 'tunnel-tolls', fields, { ip: options.ip ?? ip(), ...options });
const stored = () => site.runtime.deps.store.comments.list({ limit: 100 });
const formErrors = (html: string) => /<div class="form-errors" role="alert" id="form-errors">(.*?)<\/div>/s.exec(html)?.[1] ?? '';

/** Posts the form straight away with these hidden inputs, as a script that never rendered the page would. */
function postRaw(fields: Record<string, string>) {
  return site.app.inject({ method: 'POST', url: '/articles/tunnel-tolls/comments', remoteAddress: '203.0.113.50', ...form(fields) });
}

describe('the render-time token', () => {
  it('refuses a form without one, or with a forged one, keeping the text, and stores nothing', async () => {
    const fields = reader({ comment: 'Sent by a script that never saw the page.' });
    for (const token of [undefined, 'abc', `${Date.now().toString(36)}.${'0'.repeat(64)}`]) {
      const res = await postRaw({ ...fields, ...(token === undefined ? {} : { form_token: token }) });
      expect(res.statusCode).toBe(422);
      expect(formErrors(res.body)).toContain('the form was incomplete. Please send it again.');
      expect(res.body).toContain('Sent by a script that never saw the page.</textarea>');
    }
    expect(await stored()).toHaveLength(0);
  });

  it('refuses a form sent sooner than the minimum, then takes the same text a few seconds later', async () => {
    const fields = reader({ comment: 'Typed in no time at all.' });
    const fast = await post(fields, { waitMs: 1_000 });
    expect(fast.statusCode).toBe(422);
    expect(formErrors(fast.body)).toContain('less than 3 seconds after the page opened');
    expect(fast.body).toContain('Typed in no time at all.</textarea>');
    expect(await stored()).toHaveLength(0);

    // The refused page carries a fresh token: sending it again once the reader has paused works.
    site.clock.advance(5_000);
    const again = await site.app.inject({
      method: 'POST',
      url: '/articles/tunnel-tolls/comments',
      remoteAddress: ip(),
      ...form({ ...hiddenCommentInputs(fast.body), ...fields }),
    });
    expect(again.statusCode).toBe(303);
    expect(await stored()).toHaveLength(1);
  });

  it('refuses a token older than a day with a message to send again, and the answer carries a fresh one', async () => {
    const old = await post(reader({ comment: 'Written yesterday, sent today.' }), { waitMs: 25 * 60 * 60_000 });
    expect(old.statusCode).toBe(422);
    expect(formErrors(old.body)).toContain('This page was opened more than a day ago. Please send your comment again.');
    expect(old.body).toContain('Written yesterday, sent today.</textarea>');
  });

  it('a token for one article does not post to another', async () => {
    const page = await site.app.inject({ method: 'GET', url: '/articles/ferry-fares' });
    site.clock.advance(10_000);
    const res = await postRaw({ ...hiddenCommentInputs(page.body), ...reader() });
    expect(res.statusCode).toBe(422);
  });

  it('gives the page script a fresh token that no cache may keep', async () => {
    const res = await site.app.inject({ method: 'GET', url: '/articles/tunnel-tolls/comment-token' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const { token } = res.json<{ token: string }>();
    site.clock.advance(5_000);
    expect((await postRaw({ ...reader(), form_token: token })).statusCode).toBe(303);
  });

  it('gives no token for an article readers cannot see', async () => {
    await buildArticle(site.runtime.deps, { headline: 'A draft on tolls', slug: 'draft-tolls', status: 'draft' });
    for (const slug of ['no-such-article', 'draft-tolls']) {
      const res = await site.app.inject({ method: 'GET', url: `/articles/${slug}/comment-token` });
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain('token');
    }
  });

  it('honours the minimum set in the newsroom', async () => {
    const { agent } = await staffAgent(site, 'admin');
    await agent.get('/admin/comments/spam');
    const settings = {
      minSeconds: '20',
      linkLimit: '2',
      holdScore: '60',
      spamScore: '95',
      blockedWords: '',
      blockedAddresses: '',
      blockedDomains: '',
    };
    expect((await agent.post('/admin/comments/spam', settings)).statusCode).toBe(303);
    const res = await post(reader(), { waitMs: 15_000 });
    expect(formErrors(res.body)).toContain('less than 20 seconds');
  });
});

describe('per-email limit', () => {
  it('takes five comments from one email in ten minutes, whatever the address, then asks to wait', async () => {
    const email = 'busy@example.com';
    for (let i = 0; i < 5; i++) expect((await post(reader({ email }), { ip: `192.0.2.${i + 1}` })).statusCode).toBe(303);
    const limited = await post(reader({ email, comment: 'And one more thing.' }), { ip: '192.0.2.99' });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('600');
    expect(formErrors(limited.body)).toContain('with this email in the last few minutes');
    expect(limited.body).toContain('And one more thing.</textarea>');
    expect((await post(reader(), { ip: '192.0.2.99' })).statusCode).toBe(303);

    site.clock.advance(11 * 60_000);
    expect((await post(reader({ email }), { ip: '192.0.2.99' })).statusCode).toBe(303);
  });
});

describe('duplicates', () => {
  it('refuses the same text again from the same reader, on this article or another the same day', async () => {
    const first = reader({ comment: 'The tolls should be lower at night!' });
    expect((await post(first)).statusCode).toBe(303);
    const again = await post({ ...first, comment: 'the tolls should be LOWER at night.' }, { ip: '192.0.2.200' });
    expect(again.statusCode).toBe(409);
    expect(formErrors(again.body)).toContain('You have already posted this comment.');
    expect(again.body).toContain('the tolls should be LOWER at night.</textarea>');
    // Another email from the same address is the same person as far as the site can tell.
    expect((await post({ ...first, email: 'other@example.com' }, { slug: 'ferry-fares', ip: ip() })).statusCode).toBe(409);
    // Someone else saying the same is not a duplicate.
    expect((await post({ ...reader(), comment: first.comment }, { ip: '192.0.2.201' })).statusCode).toBe(303);

    site.clock.advance(25 * 60 * 60_000);
    expect((await post(first, { slug: 'ferry-fares', ip: '192.0.2.202' })).statusCode).toBe(303);
    expect((await post(first, { ip: '192.0.2.203' })).statusCode).toBe(409);
  });
});

describe('the link limit', () => {
  it('holds a comment with more than two links (the website counts), with the reason in the queue', async () => {
    const links = reader({
      comment: 'Sources: https://example.org/a and https://example.org/b',
      url: 'https://example.net/me',
    });
    const res = await post(links);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('?comment=pending');
    const [comment] = await stored();
    expect(comment!.status).toBe('pending');

    const { agent } = await staffAgent(site, 'editor');
    const queue = await agent.get('/admin/comments');
    expect(queue.body).toContain('Links</span>: <span>3 links, more than the limit of 2.</span>');
  });

  it('holds it even when the policy would publish it at once', async () => {
    const known = reader();
    await post(known);
    const [first] = await stored();
    await moderateComments(site.runtime.deps, { actor: consoleOperator, ids: [first!.id], action: 'approve' });
    const res = await post({ ...known, comment: 'See http://a.example, http://b.example and http://c.example' }, { waitMs: 11 * 60_000 });
    expect(res.headers.location).toContain('?comment=pending');
    expect((await post({ ...known, comment: 'Just one: http://a.example' }, { waitMs: 60_000 })).headers.location).toContain(
      'comment=published',
    );
  });
});

describe('the blocklist', () => {
  const settings = {
    minSeconds: '3',
    linkLimit: '2',
    holdScore: '60',
    spamScore: '95',
    blockedWords: '',
    blockedAddresses: '',
    blockedDomains: '',
  };

  it('is edited by administrators, each wrong entry named beside its list, nothing saved until all are right', async () => {
    const { agent } = await staffAgent(site, 'admin');
    await agent.get('/admin/comments/spam');
    const bad = await agent.post('/admin/comments/spam', {
      ...settings,
      blockedWords: 'casino\nx',
      blockedAddresses: '192.0.2.0/24\n10.0.0.300',
      blockedDomains: 'spam.example\nnot a domain',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Line 2 (“x”): a word needs at least two characters.');
    expect(bad.body).toContain('Line 2 (“10.0.0.300”): not an address or a range such as 192.0.2.0/24');
    expect(bad.body).toContain('Line 2 (“not a domain”): not a domain such as example.com.');
    expect(bad.body).toContain('192.0.2.0/24\n10.0.0.300</textarea>');
    expect((await agent.get('/admin/comments/spam')).body).not.toContain('casino');

    const { agent: editor } = await staffAgent(site, 'editor');
    expect((await editor.get('/admin/comments/spam')).statusCode).toBe(403);
    await editor.get('/admin/comments');
    expect((await editor.post('/admin/comments/spam', { ...settings, blockedWords: 'hijack' })).statusCode).toBe(403);
  });

  it('marks a matching comment as spam, tells the reader only that it awaits moderation, and records why', async () => {
    const { agent } = await staffAgent(site, 'admin');
    await agent.get('/admin/comments/spam');
    const saved = await agent.post('/admin/comments/spam', {
      ...settings,
      blockedWords: 'casino\n赌场',
      blockedAddresses: '192.0.2.0/24\n2001:db8::/32',
      blockedDomains: 'spam.example',
    });
    expect(saved.statusCode).toBe(303);

    const cases: Array<[Record<string, string>, string | undefined, string]> = [
      [reader({ comment: 'Best CASINO bonus today' }), undefined, 'blocked word (casino)'],
      [reader({ comment: '澳门线上赌场注册就送' }), undefined, 'blocked word (赌场)'],
      [reader(), '192.0.2.77', 'client address is in the blocklist (192.0.2.0/24)'],
      [reader(), '2001:db8::5', 'client address is in the blocklist (2001:db8::/32)'],
      [reader({ email: 'bot@mail.spam.example' }), undefined, 'email domain mail.spam.example'],
      [reader({ url: 'https://www.spam.example/x' }), undefined, 'website domain spam.example'],
      [reader({ comment: 'see http://spam.example/offer' }), undefined, 'link domain spam.example'],
    ];
    for (const [fields, address, reason] of cases) {
      const res = await post(fields, address ? { ip: address } : {});
      expect(res.headers.location).toBe('/articles/tunnel-tolls?comment=pending#comment-notice');
      const [comment] = await stored();
      expect(comment!.status, reason).toBe('spam');
      const screening = (await site.runtime.deps.store.spam.screeningsOf([comment!.id])).get(comment!.id);
      expect(screening!.reasons.map((r) => r.detail).join(' ')).toContain(reason);
      expect(JSON.stringify(comment)).not.toContain(address ?? '\0');
    }
    // Essex is not sex, and a word inside another does not match.
    expect((await post(reader({ comment: 'The casinos of Essex' }))).headers.location).toContain('pending');
    expect((await stored())[0]!.status).toBe('pending');

    const { agent: editor } = await staffAgent(site, 'editor');
    const spamTab = await editor.get('/admin/comments?status=spam');
    expect(spamTab.body).toContain('Blocklist</span>: <span>The comment contains a blocked word (casino).</span>');
  });
});

describe('the learning filter', () => {
  const SPAM = [
    'Cheap casino bonus, free spins every day, claim your bonus now',
    'Win big at the online casino, deposit bonus and free spins tonight',
    'Free spins and a casino welcome bonus for every new player',
    'Best casino slots, jackpot bonus, free spins, sign up today',
    'Casino bonus codes: free spins and cash jackpot for new players',
  ];
  const HAM = [
    'The toll at night should stay low for shift workers at the hospital',
    'Queues at the tunnel entrance start before seven most mornings',
    'The council minutes say the toll review happens every two years',
    'Shift workers at the harbour use the tunnel late at night',
    'The article should say how the tunnel maintenance is paid for',
  ];

  /** Posts each text as a reader of its own and has the console moderator decide. */
  async function decide(texts: readonly string[], action: 'approve' | 'spam') {
    const ids: number[] = [];
    for (const comment of texts) {
      expect((await post(reader({ comment }))).statusCode).toBe(303);
      ids.push((await stored())[0]!.id);
    }
    await moderateComments(site.runtime.deps, { actor: consoleOperator, ids, action });
    return ids;
  }
  const documents = async () => {
    const counts = await site.runtime.deps.store.spam.tokenCounts([]);
    return { spam: counts.spamDocs, ham: counts.hamDocs };
  };

  it('scores nothing until it has learned five comments of each kind', async () => {
    await decide(SPAM.slice(0, 4), 'spam');
    await decide(HAM, 'approve');
    await post(reader({ comment: 'Casino bonus and free spins' }));
    const [comment] = await stored();
    expect(comment!.status).toBe('pending');
    const screening = (await site.runtime.deps.store.spam.screeningsOf([comment!.id])).get(comment!.id);
    expect(screening).toEqual({ score: null, reasons: [] });
  });

  it('learns from approvals and spam decisions, then holds spammy comments with its reasons in the queue', async () => {
    await decide(SPAM, 'spam');
    await decide(HAM, 'approve');
    expect(await documents()).toEqual({ spam: 5, ham: 5 });

    // From a reader with an approved comment, whom the policy would publish at once.
    const trusted = (await stored()).find((c) => c.status === 'approved')!.authorEmail;
    const res = await post(reader({ comment: 'Free casino spins, claim the bonus', email: trusted }));
    expect(res.headers.location).toBe('/articles/tunnel-tolls?comment=pending#comment-notice');
    const [held] = await stored();
    expect(['pending', 'spam']).toContain(held!.status);
    const screening = (await site.runtime.deps.store.spam.screeningsOf([held!.id])).get(held!.id)!;
    expect(screening.score).toBeGreaterThan(0.6);

    // A legitimate comment scores low, and the publish-first-time policy holds it only as a first comment.
    await post(reader({ comment: 'Shift workers need the night toll at the tunnel' }));
    const [fine] = await stored();
    expect((await site.runtime.deps.store.spam.screeningsOf([fine!.id])).get(fine!.id)!.score).toBeLessThan(0.4);

    const { agent } = await staffAgent(site, 'editor');
    const queue = await agent.get(held!.status === 'spam' ? '/admin/comments?status=spam' : '/admin/comments');
    expect(queue.body).toMatch(/Spam score: \d+ of 100/);
    expect(queue.body).toMatch(/Learning filter<\/span>: <span>Score \d+ of 100; strongest words: [^<]*casino/);
  });

  it('unlearns a decision that is reversed, and learns the new one', async () => {
    const [first] = await decide([SPAM[0]!], 'spam');
    expect(await documents()).toEqual({ spam: 1, ham: 0 });
    const casino = async () => (await site.runtime.deps.store.spam.tokenCounts(['casino'])).tokens.get('casino');
    expect(await casino()).toEqual({ spam: 1, ham: 0 });

    await moderateComments(site.runtime.deps, { actor: consoleOperator, ids: [first!], action: 'restore' });
    expect(await documents()).toEqual({ spam: 0, ham: 0 });
    expect(await casino()).toBeUndefined();

    await moderateComments(site.runtime.deps, { actor: consoleOperator, ids: [first!], action: 'approve' });
    expect(await documents()).toEqual({ spam: 0, ham: 1 });
    await moderateComments(site.runtime.deps, { actor: consoleOperator, ids: [first!], action: 'spam' });
    expect(await documents()).toEqual({ spam: 1, ham: 0 });
    expect(await casino()).toEqual({ spam: 1, ham: 0 });
    // Trash teaches nothing: it says a comment was unwanted, not that it was spam.
    await moderateComments(site.runtime.deps, { actor: consoleOperator, ids: [first!], action: 'trash' });
    expect(await documents()).toEqual({ spam: 0, ham: 0 });
  });

  it('keeps a place in the queue for a second opinion beside its own reasons', async () => {
    await post(reader({ comment: 'Links: http://a.example http://b.example http://c.example' }));
    const [comment] = await stored();
    await site.runtime.deps.store.spam.addReasons(comment!.id, [{ check: 'akismet', detail: 'Akismet says this is spam.' }]);
    const { agent } = await staffAgent(site, 'editor');
    const queue = await agent.get('/admin/comments');
    expect(queue.body).toContain('Links</span>: <span>3 links, more than the limit of 2.</span>');
    expect(queue.body).toContain('akismet</span>: <span>Akismet says this is spam.</span>');
  });
});
