import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SIGN_IN_LIMIT } from '../src/domain/people/credentials.ts';
import { startTestSite, TestOutbox, type TestSite } from './support/app.ts';
import { Agent, buildStaff, signInAgent, STAFF_PASSWORD } from './support/staff.ts';

let site: TestSite;
let outbox: TestOutbox;
beforeEach(async () => {
  outbox = new TestOutbox();
  site = await startTestSite({ mailer: outbox });
});
afterEach(() => site.close());

async function signInForm(email: string, password: string) {
  const agent = new Agent(site);
  await agent.get('/admin/sign-in');
  return { agent, res: await agent.post('/admin/sign-in', { email, password, next: '/admin/account' }) };
}

describe('signing in and out', () => {
  it('refuses a wrong password with one message for the form, keeping the email', async () => {
    const user = await buildStaff(site, 'editor');
    const { res } = await signInForm(user.email, 'not the password');
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('<p>That email and password do not match an active account.</p>');
    expect(res.body).toMatch(new RegExp(`id="email" name="email"[^>]*value="${user.email}"`));
    expect(res.body).not.toContain('not the password');
    const unknown = await signInForm('nobody@newsroom.test', STAFF_PASSWORD);
    expect(unknown.res.body).toContain('That email and password do not match an active account.');
  });

  it(`stops trying after ${SIGN_IN_LIMIT.perEmail} failures with a 429, even for the right password`, async () => {
    const user = await buildStaff(site, 'editor');
    for (let i = 0; i < SIGN_IN_LIMIT.perEmail; i++) expect((await signInForm(user.email, `wrong ${i}`)).res.statusCode).toBe(422);
    const { res } = await signInForm(user.email, STAFF_PASSWORD);
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe(String(SIGN_IN_LIMIT.windowMinutes * 60));
    expect(res.body).toContain(`Too many failed sign-ins. Wait ${SIGN_IN_LIMIT.windowMinutes} minutes, or reset your password.`);

    site.clock.advance(SIGN_IN_LIMIT.windowMinutes * 60_000 + 1000);
    expect((await signInForm(user.email, STAFF_PASSWORD)).res.statusCode).toBe(303);
  });

  it('signs in to the page asked for, and signing out ends the session for good', async () => {
    const user = await buildStaff(site, 'editor');
    const { agent, res } = await signInForm(user.email, STAFF_PASSWORD);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/account');
    await agent.get('/admin/account');
    const stolenCookie = agent.cookieHeader;

    const out = await agent.post('/admin/sign-out');
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/admin/sign-in');
    expect((await agent.get('/admin/account')).headers.location).toBe('/admin/sign-in?next=%2Fadmin%2Faccount');
    // The old cookie, kept by someone, opens nothing either: the session is gone from the database.
    const replay = await site.app.inject({ method: 'GET', url: '/admin/account', headers: { cookie: stolenCookie } });
    expect(replay.statusCode).toBe(303);
  });
});

describe('changing one’s password', () => {
  it('needs the current password, then signs the other sessions out', async () => {
    const user = await buildStaff(site, 'author');
    const agent = await signInAgent(site, user);
    const elsewhere = await signInAgent(site, user);

    const wrong = await agent.post('/admin/account/password', { currentPassword: 'not it at all', newPassword: 'a new password here' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('<span class="field-error" id="currentPassword-error">This is not your current password</span>');
    const short = await agent.post('/admin/account/password', { currentPassword: STAFF_PASSWORD, newPassword: 'short' });
    expect(short.body).toContain('<span class="field-error" id="newPassword-error">Use at least 10 characters</span>');

    const changed = await agent.post('/admin/account/password', { currentPassword: STAFF_PASSWORD, newPassword: 'a new password here' });
    expect(changed.statusCode).toBe(303);
    expect((await agent.get('/admin/account')).statusCode).toBe(200);
    expect((await elsewhere.get('/admin/account')).statusCode).toBe(303);
    expect((await signInForm(user.email, STAFF_PASSWORD)).res.statusCode).toBe(422);
    expect((await signInForm(user.email, 'a new password here')).res.statusCode).toBe(303);
  });
});

describe('forgotten passwords', () => {
  it('mails a link that sets a new password and signs in, once', async () => {
    const user = await buildStaff(site, 'editor', { email: 'lee@newsroom.test' });
    const oldSession = await signInAgent(site, user);
    const agent = new Agent(site);
    await agent.get('/admin/forgot');
    const asked = await agent.post('/admin/forgot', { email: 'LEE@newsroom.test' });
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('If an active account uses that address, a reset link is on its way.');
    const link = outbox.lastLinkTo('lee@newsroom.test');
    expect(link).toMatch(/^\/admin\/reset\/[\w-]{43}$/);

    const form = await agent.get(link);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Choose a new password');
    const weak = await agent.post(link, { newPassword: 'short' });
    expect(weak.statusCode).toBe(422);
    const reset = await agent.post(link, { newPassword: 'the reset password' });
    expect(reset.statusCode).toBe(303);
    expect(reset.headers.location).toBe('/admin');
    expect((await agent.get('/admin/account')).body).toContain('lee@newsroom.test');
    expect((await oldSession.get('/admin/account')).statusCode).toBe(303);

    const reused = await new Agent(site).get(link);
    expect(reused.statusCode).toBe(410);
    expect(reused.body).toContain('This reset link has expired or was already used. Ask for a new one.');
    expect(reused.body).toContain('action="/admin/forgot"');
    expect((await signInForm(user.email, 'the reset password')).res.statusCode).toBe(303);
  });

  it('answers the same for an unknown address and mails nothing', async () => {
    const agent = new Agent(site);
    await agent.get('/admin/forgot');
    const asked = await agent.post('/admin/forgot', { email: 'stranger@example.com' });
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('If an active account uses that address, a reset link is on its way.');
    expect(outbox.messages).toEqual([]);
  });

  it('refuses a link once it has expired', async () => {
    await buildStaff(site, 'author', { email: 'old@newsroom.test' });
    const agent = new Agent(site);
    await agent.get('/admin/forgot');
    await agent.post('/admin/forgot', { email: 'old@newsroom.test' });
    site.clock.advance(3 * 3_600_000);
    const expired = await agent.get(outbox.lastLinkTo('old@newsroom.test'));
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('This reset link has expired or was already used.');
    const refusedPost = await agent.post(outbox.lastLinkTo('old@newsroom.test'), { newPassword: 'too late for this one' });
    expect(refusedPost.statusCode).toBe(410);
  });
});

describe('the session cookie', () => {
  async function sessionCookieFrom(target: TestSite, headers: Record<string, string>) {
    const user = await buildStaff(target, 'author');
    const agent = new Agent(target);
    await agent.get('/admin/sign-in');
    const res = await agent.post('/admin/sign-in', { email: user.email, password: STAFF_PASSWORD, next: '/admin' }, headers);
    expect(res.statusCode).toBe(303);
    return res.cookies.find((cookie) => cookie.name === 'broadsheet_session');
  }

  it('is HttpOnly, SameSite=Lax and limited to /admin, so scripts and other sites cannot use it', async () => {
    const cookie = await sessionCookieFrom(site, {});
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/admin' });
    expect(cookie?.secure).toBeFalsy();
  });

  it('is Secure when the site is reached over HTTPS through a trusted proxy', async () => {
    const proxied = await startTestSite({ env: { TRUST_PROXY: '127.0.0.1' } });
    try {
      const cookie = await sessionCookieFrom(proxied, { 'x-forwarded-proto': 'https' });
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: true });
      const form = await proxied.app.inject({ url: '/admin/sign-in', headers: { 'x-forwarded-proto': 'https' } });
      expect(form.cookies.find((c) => c.name === 'broadsheet_csrf')).toMatchObject({ httpOnly: true, secure: true });
      const plain = await proxied.app.inject({ url: '/admin/sign-in' });
      expect(plain.cookies.find((c) => c.name === 'broadsheet_csrf')?.secure).toBeFalsy();
    } finally {
      await proxied.close();
    }
  });
});
