/**
 * Behind a proxy, a client's address is the one the trusted proxy saw. Whatever the client itself
 * writes into X-Forwarded-For (the leftmost entries) chooses nothing: not the comment's stored
 * address, not the sign-in limit's.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SIGN_IN_LIMIT } from '../src/domain/people/credentials.ts';
import { startTestSite, type TestSite } from './support/app.ts';
import { buildArticle } from './support/factories.ts';
import { postCommentForm } from './support/comment-form.ts';
import { Agent } from './support/staff.ts';

let site: TestSite;
afterEach(async () => site.close());

/** The header a proxy at 127.0.0.1 sends: what the client wrote, then the address it came from. */
const forwarded = (realClient: string, spoofed: string) => ({ 'x-forwarded-for': `${spoofed}, ${realClient}` });

for (const trust of ['127.0.0.1', '1']) {
  describe(`behind a proxy trusted as TRUST_PROXY=${trust}`, () => {
    beforeEach(async () => {
      site = await startTestSite({ env: { TRUST_PROXY: trust } });
      await buildArticle(site.runtime.deps, { headline: 'Harbour tunnel tolls', slug: 'tunnel-tolls' });
    });

    it('stores the address the proxy saw with a comment, whatever the client wrote before it', async () => {
      const posts = [
        { client: '198.51.100.7', spoofed: '203.0.113.1' },
        { client: '198.51.100.7', spoofed: '203.0.113.2' },
        { client: '198.51.100.8', spoofed: '203.0.113.1' },
      ];
      for (const [i, { client, spoofed }] of posts.entries()) {
        const fields = { comment: `Tolls should fall at night, reason ${i}.`, author: `Reader ${i}`, email: `reader${i}@example.com` };
        const res = await postCommentForm(site, 'tunnel-tolls', fields, { ip: '127.0.0.1', headers: forwarded(client, spoofed) });
        expect(res.statusCode).toBe(303);
        site.clock.advance(11 * 60_000);
      }
      const stored = await site.runtime.deps.store.comments.list({ limit: 10 });
      const hashOf = (i: number) => stored.find((c) => c.authorName === `Reader ${i}`)!.clientAddressHash;
      expect(hashOf(0)).toBe(hashOf(1));
      expect(hashOf(2)).not.toBe(hashOf(0));
    });

    it('counts failed sign-ins against the address the proxy saw', async () => {
      const agent = new Agent(site);
      await agent.get('/admin/sign-in');
      const attempt = (i: number) =>
        agent.post(
          '/admin/sign-in',
          { email: `nobody${i}@newsroom.test`, password: 'wrong password' },
          forwarded('198.51.100.7', `203.0.113.${i}`),
        );
      for (let i = 0; i < SIGN_IN_LIMIT.perAddress; i++) expect((await attempt(i)).statusCode).toBe(422);
      expect((await attempt(SIGN_IN_LIMIT.perAddress)).statusCode).toBe(429);
      const other = await agent.post(
        '/admin/sign-in',
        { email: 'nobody@newsroom.test', password: 'wrong password' },
        forwarded('198.51.100.8', '203.0.113.1'),
      );
      expect(other.statusCode).toBe(422);
    });
  });
}
