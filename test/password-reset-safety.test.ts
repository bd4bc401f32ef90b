/**
 * Whoever reads the server's logs must not be able to take an account: reset and set-up links
 * never reach the log, and without a mail server a production site mints reset links only for an
 * administrator or the operator. Asking for links at /admin/forgot is limited.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { issueResetLinkFor, RESET_REQUEST_LIMIT } from '../src/domain/people/password-resets.ts';
import { consoleOperator } from '../src/domain/shared/policy.ts';
import { LogLines, startTestSite, TestOutbox, type TestSite } from './support/app.ts';
import { Agent, buildStaff, signInAgent } from './support/staff.ts';

let site: TestSite;
afterEach(async () => {
  vi.restoreAllMocks();
  await site.close();
});

describe('the server log', () => {
  it('shows reset and set-up links with their secret redacted', async () => {
    const log = new LogLines();
    site = await startTestSite({ log, mailer: new TestOutbox() });
    const user = await buildStaff(site, 'author');
    const { token } = await issueResetLinkFor(site.runtime.deps, { actor: consoleOperator, email: user.email });
    const agent = new Agent(site);
    expect((await agent.get(`/admin/reset/${token}`)).statusCode).toBe(200);
    expect((await agent.post(`/admin/reset/${token}?from=mail`, { newPassword: 'a fresh new password' })).statusCode).toBe(303);
    expect((await agent.get('/admin/setup/not-a-real-setup-token')).statusCode).toBe(404);

    expect(log.text).toContain('"url":"/admin/reset/[redacted]"');
    expect(log.text).toContain('"url":"/admin/reset/[redacted]?from=mail"');
    expect(log.text).toContain('"url":"/admin/setup/[redacted]"');
    expect(log.text).not.toContain(token);
    expect(log.text).not.toContain('not-a-real-setup-token');
  });
});

describe('in production without a mail server', () => {
  it('turns self-service reset off, says whom to ask, and makes no link', async () => {
    site = await startTestSite({ env: { NODE_ENV: 'production' } });
    const user = await buildStaff(site, 'author');
    const stdout = vi.spyOn(process.stdout, 'write');
    const agent = new Agent(site);
    const page = await agent.get('/admin/forgot');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('This site cannot send email yet');
    expect(page.body).toContain('npx broadsheet users reset-password');
    expect(page.body).not.toContain('action="/admin/forgot"');

    await agent.get('/admin/sign-in'); // a page with a form, for the CSRF token a script would need
    const asked = await agent.post('/admin/forgot', { email: user.email });
    expect(asked.statusCode).toBe(403);
    expect(asked.body).toContain('This site cannot send email yet');
    expect(await site.runtime.deps.store.users.countResetRequests({ email: user.email }, new Date(0))).toBe(0);
    expect(stdout.mock.calls.map(([chunk]) => String(chunk)).join('')).not.toContain('/admin/reset/');
  });

  it("shows the administrator the one-time link on the account's page instead of mailing it", async () => {
    site = await startTestSite({ env: { NODE_ENV: 'production' } });
    const admin = await buildStaff(site, 'admin');
    const author = await buildStaff(site, 'author', { email: 'ann@newsroom.test' });
    const agent = await signInAgent(site, admin);
    const account = await agent.get(`/admin/users/${author.id}`);
    expect(account.body).toContain('No mail server is configured: the link to choose a new password is shown to you once');
    const stdout = vi.spyOn(process.stdout, 'write');
    const made = await agent.post(`/admin/users/${author.id}/reset-link`);
    expect(made.statusCode).toBe(200);
    expect(made.headers['cache-control']).toBe('private, no-store');
    const link = /<code>(http:\/\/news\.test\/admin\/reset\/[^<]+)<\/code>/.exec(made.body)?.[1];
    expect(link).toBeDefined();
    expect(stdout.mock.calls.map(([chunk]) => String(chunk)).join('')).not.toContain(link);

    const ann = new Agent(site);
    const path = new URL(link!).pathname;
    expect((await ann.get(path)).body).toContain('ann@newsroom.test');
    expect((await ann.post(path, { newPassword: 'a fresh new password' })).statusCode).toBe(303);
  });
});

describe('in development without a mail server', () => {
  it('prints the reset mail on the terminal, marked as not sent, and never through the request log', async () => {
    const log = new LogLines();
    site = await startTestSite({ log });
    const user = await buildStaff(site, 'author');
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const agent = new Agent(site);
    await agent.get('/admin/forgot');
    const asked = await agent.post('/admin/forgot', { email: user.email });
    const printed = stdout.mock.calls.map(([chunk]) => String(chunk)).join('');
    stdout.mockRestore();
    expect(asked.statusCode).toBe(200);
    const token = /\/admin\/reset\/(\S+)/.exec(printed)?.[1];
    expect(token).toBeDefined();
    expect(printed).toContain('[mail, not sent: development without a mail server]');
    expect(log.text).not.toContain(token);
  });
});

describe('asking for reset links at /admin/forgot', () => {
  const from = (address: string) => ({ 'x-forwarded-for': address });

  it(`is limited to ${RESET_REQUEST_LIMIT.perEmail} an hour per email, whether or not it has an account`, async () => {
    const outbox = new TestOutbox();
    site = await startTestSite({ mailer: outbox, env: { TRUST_PROXY: '127.0.0.1' } });
    const user = await buildStaff(site, 'author');
    const agent = new Agent(site);
    await agent.get('/admin/forgot');
    for (const email of [user.email, 'nobody@newsroom.test']) {
      for (let i = 0; i < RESET_REQUEST_LIMIT.perEmail; i++) {
        expect((await agent.post('/admin/forgot', { email }, from(`198.51.100.${i}`))).statusCode).toBe(200);
      }
      const refused = await agent.post('/admin/forgot', { email }, from('198.51.100.99'));
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['retry-after']).toBe(String(RESET_REQUEST_LIMIT.windowMinutes * 60));
      expect(refused.body).toContain('Too many reset links were asked for. Wait an hour, or ask an administrator to send you one.');
    }
    expect(outbox.messages).toHaveLength(RESET_REQUEST_LIMIT.perEmail);

    site.clock.advance(RESET_REQUEST_LIMIT.windowMinutes * 60_000 + 1000);
    expect((await agent.post('/admin/forgot', { email: user.email }, from('198.51.100.1'))).statusCode).toBe(200);
  });

  it(`is limited to ${RESET_REQUEST_LIMIT.perAddress} an hour per client address`, async () => {
    site = await startTestSite({ mailer: new TestOutbox(), env: { TRUST_PROXY: '127.0.0.1' } });
    const agent = new Agent(site);
    await agent.get('/admin/forgot');
    for (let i = 0; i < RESET_REQUEST_LIMIT.perAddress; i++) {
      expect((await agent.post('/admin/forgot', { email: `someone${i}@newsroom.test` }, from('198.51.100.7'))).statusCode).toBe(200);
    }
    expect((await agent.post('/admin/forgot', { email: 'another@newsroom.test' }, from('198.51.100.7'))).statusCode).toBe(429);
    expect((await agent.post('/admin/forgot', { email: 'another@newsroom.test' }, from('198.51.100.8'))).statusCode).toBe(200);
  });
});
